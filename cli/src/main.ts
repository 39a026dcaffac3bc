/**
 * mlgov: the ml-governance command line. Started by cli/bin/mlgov.js (ts-node, transpile-only).
 * A command is a Command (command.ts) listed in COMMANDS.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AUDIT } from "./audit/command";
import { CHECK } from "./check/command";
import { Command } from "./command";
import { DIFF } from "./diff/command";
import { EXIT_OK, EXIT_USAGE, Io, processIo } from "./io";
import { SCAN } from "./scan/command";

export const COMMANDS: readonly Command[] = [AUDIT, CHECK, DIFF, SCAN];

const HINT = "Run `mlgov check --stack <stack>` or `mlgov audit <file>` (see mlgov --help)";

/** The version of mlgov (cli/package.json). */
export function version(): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    return pkg.version;
}

function usage(): string {
    const width = Math.max(...COMMANDS.map(c => `${c.name} ${c.synopsis}`.length), "help [command]".length) + 3;
    const line = (left: string, right: string) => `  ${left.padEnd(width)}${right}`;
    return `Usage: mlgov <command> [options]

Commands:
${COMMANDS.map(c => line(`${c.name} ${c.synopsis}`, c.summary)).join("\n")}
${line("help [command]", "show this help, or a command's")}

Options:
${line("-h, --help", "show this help")}
${line("--version", "print the version of mlgov")}

${COMMANDS.map(c => c.usage).join("\n")}`;
}

function help(topic: string | undefined, io: Io): number {
    if (topic === undefined) {
        io.stdout(usage());
        return EXIT_OK;
    }
    const command = COMMANDS.find(c => c.name === topic);
    if (!command) {
        io.stderr(`mlgov help: unknown command "${topic}"; the commands are ${COMMANDS.map(c => c.name).join(", ")}.\n`);
        return EXIT_USAGE;
    }
    io.stdout(command.usage);
    return EXIT_OK;
}

export async function main(argv: string[], io: Io): Promise<number> {
    const [name, ...rest] = argv;
    const command = COMMANDS.find(c => c.name === name);
    if (command) {
        return command.run(rest, io);
    }
    switch (name) {
        case "help":
        case "--help":
        case "-h":
            if (rest.length > 1) {
                io.stderr(`mlgov help: give at most one command (got ${rest.join(" ")}).\n`);
                return EXIT_USAGE;
            }
            return help(rest[0], io);
        case "--version":
        case "version":
            io.stdout(`mlgov ${version()}\n`);
            return EXIT_OK;
        case undefined:
            io.stderr(`mlgov: missing command. ${HINT}.\n`);
            return EXIT_USAGE;
        default:
            io.stderr(`mlgov: unknown ${name.startsWith("-") ? "option" : "command"} "${name}". ${HINT}.\n`);
            return EXIT_USAGE;
    }
}

/** Entry point used by the launcher: runs main with the process's streams and sets the exit code. */
export function run(argv: string[] = process.argv.slice(2)): void {
    const rusageFile = process.env.MLGOV_RUSAGE_FILE;
    if (rusageFile) {
        // For bench/program.ts: this process's peak resident memory, in KiB, when it exits.
        process.on("exit", () => {
            fs.writeFileSync(rusageFile, JSON.stringify({ maxRSSKiB: process.resourceUsage().maxRSS }));
        });
    }
    main(argv, processIo()).then(
        code => {
            process.exitCode = code;
            // A checked program may leave a timer or socket open; it must not keep mlgov running. The
            // timer does not itself keep the process alive, and gives stdout time to drain.
            setTimeout(() => process.exit(code), 2_000).unref();
        },
        (e: unknown) => {
            process.stderr.write(`mlgov: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
            process.exitCode = 3;
        },
    );
}
