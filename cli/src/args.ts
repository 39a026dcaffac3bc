/**
 * The command line of every mlgov command, parsed by `node:util` `parseArgs` (strict): `--flag value`,
 * `--flag=value`, short aliases (`-C dir`), positionals, `--` before a positional that starts with a
 * dash. On top of it: each option at most once, no empty values, a value from a set where the option
 * says so, and help asked for as `-h`, `--help` or a lone `help` positional (`mlgov audit help`).
 */
import { parseArgs as parseCommandLine } from "node:util";

export class UsageError extends Error {}

export interface OptionSpec {
    /** Allowed values, when the option takes one of a set. */
    readonly choices?: readonly string[];
    /** A one-letter alias (`C` for `-C`, the same as `--cwd`). */
    readonly short?: string;
}

/** The options of a command, by long name (without `--`); every option takes one value. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs<O extends OptionSpecs> {
    values: { [K in keyof O]?: string };
    positionals: string[];
    help: boolean;
}

const HELP = "help";

/** Parses `argv` against `spec`; throws a UsageError naming the option and what is wrong with it. */
export function parseArgs<O extends OptionSpecs>(argv: readonly string[], spec: O): ParsedArgs<O> {
    const options: Record<string, { type: "string" | "boolean"; short?: string }> = { [HELP]: { type: "boolean", short: "h" } };
    for (const [name, s] of Object.entries(spec)) {
        options[name] = { type: "string", ...(s.short ? { short: s.short } : {}) };
    }
    let parsed: ReturnType<typeof parseCommandLine>;
    try {
        parsed = parseCommandLine({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true });
    } catch (e) {
        throw new UsageError(usageMessage(e as Error & { code?: string }, argv));
    }
    const values: Record<string, string> = {};
    const positionals = parsed.positionals;
    for (const token of parsed.tokens ?? []) {
        if (token.kind !== "option" || token.name === HELP) {
            continue;
        }
        const flag = `--${token.name}`;
        if (token.value === undefined || token.value === "") {
            throw new UsageError(`${token.rawName} needs a value`);
        }
        const choices = spec[token.name].choices;
        if (choices && !choices.includes(token.value)) {
            throw new UsageError(`${flag} must be one of ${choices.join(", ")} (got "${token.value}")`);
        }
        if (token.name in values) {
            throw new UsageError(`${flag} is given twice`);
        }
        values[token.name] = token.value;
    }
    const help = parsed.values[HELP] === true || (positionals.length === 1 && positionals[0] === HELP);
    return { values: values as ParsedArgs<O>["values"], positionals, help };
}

/** parseArgs's own errors, in the words of the other usage errors. */
function usageMessage(e: Error & { code?: string }, argv: readonly string[]): string {
    const quoted = /'(?:-\w, )?(--?[^' ,]+)/.exec(e.message)?.[1];
    switch (e.code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
            return `unknown option ${quoted ?? argv.find(a => a.startsWith("-")) ?? ""}`.trimEnd();
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
            // "argument missing" and "argument is ambiguous" (the next word is an option): a value is missing.
            if (/-h, --help/.test(e.message)) {
                return "--help takes no value";
            }
            return `${quoted ?? "an option"} needs a value`;
        default:
            return e.message;
    }
}
