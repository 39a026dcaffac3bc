/** Command-line parsing shared by `mlgov check` and `mlgov diff`: `--flag value`, `--flag=value`, positionals. */

export class UsageError extends Error {}

export interface FlagSpec {
    /** Allowed values, when the flag takes one of a set. */
    readonly choices?: readonly string[];
    /** Other spellings (`-C` for `--cwd`). */
    readonly aliases?: readonly string[];
}

export interface ParsedArgs {
    flags: Map<string, string>;
    positionals: string[];
    help: boolean;
}

/** Parses `argv` against `spec` (flag name → spec; every flag takes one value and may appear once). */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParsedArgs {
    const flags = new Map<string, string>();
    const positionals: string[] = [];
    const alias = new Map<string, string>();
    for (const [name, s] of Object.entries(spec)) {
        alias.set(name, name);
        for (const a of s.aliases ?? []) {
            alias.set(a, name);
        }
    }
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") {
            return { flags, positionals, help: true };
        }
        if (arg.startsWith("-") && arg !== "-") {
            const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
            const given = eq < 0 ? arg : arg.slice(0, eq);
            const name = alias.get(given);
            if (name === undefined) {
                throw new UsageError(`unknown option ${given}`);
            }
            let value: string;
            if (eq >= 0) {
                value = arg.slice(eq + 1);
            } else {
                const next = argv[i + 1];
                if (next === undefined || (next.startsWith("-") && next !== "-")) {
                    throw new UsageError(`${given} needs a value`);
                }
                value = next;
                i++;
            }
            if (value === "") {
                throw new UsageError(`${given} needs a value`);
            }
            const choices = spec[name].choices;
            if (choices && !choices.includes(value)) {
                throw new UsageError(`${name} must be one of ${choices.join(", ")} (got "${value}")`);
            }
            if (flags.has(name)) {
                throw new UsageError(`${name} is given twice`);
            }
            flags.set(name, value);
        } else {
            positionals.push(arg);
        }
    }
    return { flags, positionals, help: false };
}
