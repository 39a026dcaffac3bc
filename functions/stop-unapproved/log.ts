/**
 * Structured logging: one JSON object per line on stdout, which CloudWatch Logs stores as is and
 * Logs Insights queries by field. Callers pass identifiers and decisions only, never request
 * parameters (a job's `Environment` or hyperparameters can hold secrets) or credentials.
 */
export type Level = "debug" | "info" | "warn" | "error";

export type Fields = Record<string, unknown>;

export interface Logger {
    (level: Level, message: string, fields?: Fields): void;
}

/** The error's name, message and AWS request id; no stack (it names bundle paths, not causes). */
export function errorFields(error: unknown): Fields {
    if (error instanceof Error) {
        const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
        return {
            errorName: error.name,
            errorMessage: error.message,
            ...(metadata?.httpStatusCode !== undefined ? { httpStatusCode: metadata.httpStatusCode } : {}),
            ...(metadata?.requestId ? { awsRequestId: metadata.requestId } : {}),
        };
    }
    return { errorName: typeof error, errorMessage: String(error) };
}

export function jsonLogger(write: (line: string) => void = line => process.stdout.write(line), base: Fields = {}): Logger {
    return (level, message, fields = {}) => {
        write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields })}\n`);
    };
}
