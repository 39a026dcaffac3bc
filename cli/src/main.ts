/**
 * mlgov: the ml-governance command line. Started by cli/bin/mlgov.js (ts-node, transpile-only).
 */
import { audit, AUDIT_USAGE, EXIT_USAGE, Io } from "./audit/command";

export const USAGE = `Usage: mlgov <command> [options]

Commands:
  audit <file>   check a stack export or preview against the ml-guardrails policy pack
  help           show this help

${AUDIT_USAGE}`;

export async function main(argv: string[], io: Io): Promise<number> {
    const [command, ...rest] = argv;
    switch (command) {
        case "audit":
            return audit(rest, io);
        case "help":
        case "--help":
        case "-h":
            io.stdout(USAGE);
            return 0;
        case undefined:
            io.stderr(`mlgov: missing command. Run \`mlgov audit <file>\` (see mlgov --help).\n`);
            return EXIT_USAGE;
        default:
            io.stderr(`mlgov: unknown command "${command}". Run \`mlgov audit <file>\` (see mlgov --help).\n`);
            return EXIT_USAGE;
    }
}

/** Entry point used by the launcher: runs main with the process's streams and sets the exit code. */
export function run(argv: string[] = process.argv.slice(2)): void {
    const io: Io = {
        stdout: text => process.stdout.write(text),
        stderr: text => process.stderr.write(text),
    };
    main(argv, io).then(
        code => {
            process.exitCode = code;
        },
        (e: unknown) => {
            process.stderr.write(`mlgov: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
            process.exitCode = 3;
        },
    );
}
