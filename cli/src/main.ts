/**
 * mlgov: the ml-governance command line. Started by cli/bin/mlgov.js (ts-node, transpile-only).
 */
import * as fs from "node:fs";
import { audit, AUDIT_USAGE, EXIT_USAGE, Io } from "./audit/command";
import { check, CHECK_USAGE } from "./check/command";
import { diff, DIFF_USAGE } from "./diff/command";
import { scan, SCAN_USAGE } from "./scan/command";

export const USAGE = `Usage: mlgov <command> [options]

Commands:
  audit <file>         check a stack export or preview against the ml-guardrails policy pack
  check [--stack s]    run the Pulumi program for a stack offline (mocks) and check it with the pack
  diff <base> <head>   compare two plans of mlgov check (resources and violations), for a PR comment
  scan [--stack s]     judge the live SageMaker resources of every governed account and region with the pack
  help                 show this help

${AUDIT_USAGE}
${CHECK_USAGE}
${DIFF_USAGE}
${SCAN_USAGE}`;

export async function main(argv: string[], io: Io): Promise<number> {
    const [command, ...rest] = argv;
    switch (command) {
        case "audit":
            return audit(rest, io);
        case "check":
            return check(rest, io);
        case "diff":
            return diff(rest, io);
        case "scan":
            return scan(rest, io);
        case "help":
        case "--help":
        case "-h":
            io.stdout(USAGE);
            return 0;
        case undefined:
            io.stderr(`mlgov: missing command. Run \`mlgov check --stack <stack>\` or \`mlgov audit <file>\` (see mlgov --help).\n`);
            return EXIT_USAGE;
        default:
            io.stderr(`mlgov: unknown command "${command}". Run \`mlgov check --stack <stack>\` or \`mlgov audit <file>\` (see mlgov --help).\n`);
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
    const io: Io = {
        stdout: text => process.stdout.write(text),
        stderr: text => process.stderr.write(text),
    };
    main(argv, io).then(
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
