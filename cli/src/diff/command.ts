/**
 * `mlgov diff <base-plan.json> <head-plan.json> [--format markdown|text]`: what a change does to a
 * stack, from two plans of `mlgov check --out` (see diff.ts). Markdown (the default) is written to be
 * posted as a pull-request comment.
 *
 * Exit codes: 0 the diff was printed (whatever it says); 2 unusable input (arguments, a file that is
 * missing, not JSON or not a plan).
 */
import * as fs from "node:fs";
import { EXIT_OK, EXIT_USAGE, Io } from "../audit/command";
import { parseArgs, UsageError } from "../args";
import { Plan, readPlan } from "../check/plan-format";
import { diffPlans } from "./diff";
import { DIFF_FORMATS, DiffFormat, renderDiff } from "./report";

export const DIFF_USAGE = `Usage: mlgov diff <base-plan.json> <head-plan.json> [--format markdown|text]

Compares two plans written by \`mlgov check --out\` (base: the target branch, head: the change):
resources added, removed and changed (with the changed input paths) per account, and violations
introduced and cleared.

  --format <format>       markdown (default, for a pull-request comment) or text

Exit codes: 0 the diff was printed, 2 unusable input or arguments.
`;

/** The options of `mlgov diff`. */
export const DIFF_FLAGS = { "--format": { choices: DIFF_FORMATS } } as const;

function readPlanFile(file: string, io: Io): Plan {
    let text: string;
    try {
        text = file === "-" ? (io.stdin ? io.stdin() : fs.readFileSync(0, "utf8")) : fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(code === "ENOENT" ? `${file} does not exist` : `cannot read ${file}: ${(e as Error).message}`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
        throw new Error(`${file} is not valid JSON (${(e as Error).message})`);
    }
    return readPlan(doc, file);
}

/** Runs the command; returns the exit code. */
export async function diff(argv: string[], io: Io): Promise<number> {
    let format: DiffFormat;
    let files: string[];
    try {
        const args = parseArgs(argv, DIFF_FLAGS);
        if (args.help) {
            io.stdout(DIFF_USAGE);
            return EXIT_OK;
        }
        if (args.positionals.length !== 2) {
            throw new UsageError(`give two plans, the base and the head (got ${args.positionals.length})`);
        }
        format = (args.flags.get("--format") ?? "markdown") as DiffFormat;
        files = args.positionals;
        if (files[0] === "-" && files[1] === "-") {
            throw new UsageError("only one of the plans can be read from standard input");
        }
    } catch (e) {
        if (e instanceof UsageError) {
            io.stderr(`mlgov diff: ${e.message}. Usage: mlgov diff <base-plan.json> <head-plan.json> [--format markdown|text]\n`);
            return EXIT_USAGE;
        }
        throw e;
    }
    let base: Plan;
    let head: Plan;
    try {
        base = readPlanFile(files[0], io);
        head = readPlanFile(files[1], io);
    } catch (e) {
        io.stderr(`mlgov diff: ${(e as Error).message}. Give two JSON plans written by \`mlgov check --out <file>\`.\n`);
        return EXIT_USAGE;
    }
    io.stdout(renderDiff(diffPlans(base, head), format, { base: files[0], head: files[1] }));
    return EXIT_OK;
}
