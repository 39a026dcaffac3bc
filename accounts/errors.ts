/** The errors of the accounts module: a config that cannot be deployed, and a discovery that failed. */

/** One thing wrong with the stack config: where (`ml-governance:accounts[1].id`) and what, with the fix. */
export interface ConfigProblem {
    readonly path: string;
    readonly message: string;
}

/**
 * The stack config cannot be deployed. Thrown before any resource is registered, with every problem
 * found (not only the first), each naming its setting and the fix.
 */
export class ConfigError extends Error {
    public readonly problems: readonly ConfigProblem[];

    constructor(problems: readonly ConfigProblem[]) {
        const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
        super(`the ml-governance stack config has ${count}; nothing was deployed:\n` +
            problems.map(p => `  - ${p.path}: ${p.message}`).join("\n"));
        this.name = "ConfigError";
        this.problems = problems;
    }
}

/** Throws a ConfigError when there are problems. */
export function throwIfProblems(problems: readonly ConfigProblem[]): void {
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
}

/**
 * Account discovery failed. Discovery never returns a partial list: an account missing from the list
 * would make Pulumi plan to delete everything deployed in it.
 */
export class DiscoveryError extends Error {
    /** The organizational unit being read when it failed. */
    public readonly organizationalUnitId?: string;
    /** The account being read when it failed. */
    public readonly accountId?: string;
    /** The API error, if one caused it. */
    public readonly cause?: unknown;

    constructor(message: string, context: { organizationalUnitId?: string; accountId?: string; cause?: unknown } = {}) {
        super(`account discovery failed: ${message}. Discovery never continues with a partial account list (Pulumi would ` +
            "plan to delete what is deployed in a missing account), so nothing was deployed.");
        this.name = "DiscoveryError";
        this.organizationalUnitId = context.organizationalUnitId;
        this.accountId = context.accountId;
        this.cause = context.cause;
    }
}
