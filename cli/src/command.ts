/** What an mlgov command is to the launcher (main.ts lists them), and how a command refuses its input. */
import { UsageError } from "./args";
import { EXIT_USAGE, Io } from "./io";

export interface Command {
    /** The word after `mlgov`. */
    readonly name: string;
    /** Its arguments in one line of `mlgov help` (`<file>`, `[--stack s]`). */
    readonly synopsis: string;
    /** What it does, in one line of `mlgov help`. */
    readonly summary: string;
    /** Its help: `mlgov <name> --help`, `mlgov <name> help`, `mlgov help <name>`. The first line is its synopsis. */
    readonly usage: string;
    /** Runs it; resolves to the exit code. */
    run(argv: string[], io: Io): Promise<number>;
}

/** Prints `mlgov <command>: <message>. <hint>.` on stderr; returns the usage exit code. */
export function refuse(io: Io, command: string, message: string, hint?: string): number {
    io.stderr(`mlgov ${command}: ${message}.${hint ? ` ${hint.replace(/\.$/, "")}.` : ""}\n`);
    return EXIT_USAGE;
}

/** A usage error, with the synopsis of the command (the first line of its usage). */
export function refuseArguments(io: Io, command: Pick<Command, "name" | "usage">, e: UsageError): number {
    const synopsis = command.usage.split("\n")[0].trim();
    io.stderr(`mlgov ${command.name}: ${e.message}. ${synopsis} (see mlgov ${command.name} --help)\n`);
    return EXIT_USAGE;
}
