/**
 * The handler's one retry layer for AWS calls: throttling, 5xx and network failures are retried with
 * exponential backoff and full jitter (the "Exponential Backoff And Jitter" scheme of the AWS
 * Architecture Blog, as the SDKs' standard mode uses), a bounded number of times, never past the
 * Lambda deadline. The SDK clients are built with `maxAttempts: 1`, so nothing is retried twice over
 * (see actions.ts). When the attempts run out the last error is thrown, wrapped, and Lambda's
 * asynchronous retries and then the dead-letter queue keep the event.
 */
import { errorFields, Logger } from "./log";

export interface RetryOptions {
    /** Attempts in all, the first included. */
    readonly maxAttempts: number;
    readonly baseDelayMs: number;
    readonly maxDelayMs: number;
    /** Injected so that tests do not wait. */
    readonly sleep: (ms: number) => Promise<void>;
    /** In [0, 1). */
    readonly random: () => number;
    /** Time left before the Lambda deadline; no retry is started that would end past it. */
    readonly remainingMs?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
    maxAttempts: 5,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: Math.random,
};

/** Kept free after the last wait: one more request (the clients time out after 10 s) and the notification. */
const DEADLINE_MARGIN_MS = 12_000;

const THROTTLING = new Set([
    "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
    "RequestThrottled", "RequestThrottledException", "SlowDown", "ProvisionedThroughputExceededException",
    "KMSThrottlingException", "TransactionInProgressException", "PriorRequestNotComplete", "BandwidthLimitExceeded",
]);
const TRANSIENT = new Set([
    "TimeoutError", "RequestTimeout", "RequestTimeoutException", "InternalFailure", "InternalError", "InternalErrorException",
    "ServiceUnavailable", "ServiceUnavailableException",
]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH"]);

interface AwsErrorShape {
    name?: string;
    code?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
}

export function isThrottling(error: unknown): boolean {
    const e = (error ?? {}) as AwsErrorShape;
    return (e.name !== undefined && THROTTLING.has(e.name)) || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

/** Throttling, a server-side fault (5xx) or a network failure: worth another attempt. */
export function isRetryable(error: unknown): boolean {
    const e = (error ?? {}) as AwsErrorShape;
    const status = e.$metadata?.httpStatusCode;
    return isThrottling(error)
        || (status !== undefined && status >= 500)
        || e.$fault === "server"
        || (e.name !== undefined && TRANSIENT.has(e.name))
        || (e.code !== undefined && NETWORK_CODES.has(e.code));
}

/** Thrown when a retryable failure outlasts the attempts (or the deadline): the event must be retried later. */
export class RetriesExhaustedError extends Error {
    constructor(readonly operation: string, readonly attempts: number, readonly cause: unknown) {
        super(`${operation} still failing after ${attempts} attempt${attempts === 1 ? "" : "s"}: ` +
            `${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
        this.name = "RetriesExhaustedError";
    }
}

/** Delay before attempt `attempt + 1`: uniform in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs" | "random">): number {
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(options.random() * ceiling);
}

export async function withRetry<T>(operation: string, call: () => Promise<T>, options: RetryOptions, log: Logger): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            if (!isRetryable(error)) {
                throw error;
            }
            const delay = backoffDelay(attempt, options);
            const outOfTime = options.remainingMs !== undefined && options.remainingMs() - delay < DEADLINE_MARGIN_MS;
            if (attempt >= options.maxAttempts || outOfTime) {
                log("warn", "retries exhausted", { operation, attempts: attempt, outOfTime, ...errorFields(error) });
                throw new RetriesExhaustedError(operation, attempt, error);
            }
            log("info", "retrying", { operation, attempt, delayMs: delay, ...errorFields(error) });
            await options.sleep(delay);
        }
    }
}
