/**
 * `mlgov diff <base-plan.json> <head-plan.json> [--format markdown|text]`: what a change does to a
 * stack, from two plans of `mlgov check --out` (see diff.ts). Markdown (the default) is written to be
 * posted as a pull-request comment.
 *
 * Exit codes: 0 the diff was printed (whatever it says); 2 unusable input (arguments, a file that is
 * missing, not JSON or not a plan).
 */
import { parseArgs, UsageError } from "../args";
import { Command, refuse, refuseArguments } from "../command";
import { EXIT_OK, InputError, Io, readJsonFile } from "../io";
import { Plan, readPlan } from "../check/plan-format";
import { Format, formatsOf, render } from "../report";
import { diffPlans } from "./diff";

const FORMATS = formatsOf("diff", "markdown");

export const DIFF_USAGE = `Usage: mlgov diff <base-plan.json> <head-plan.json> [--format ${FORMATS.join("|")}]

Compares two plans written by \`mlgov check --out\` (base: the target branch, head: the change):
resources added, removed and changed (with the changed input paths) per account, and violations
introduced and cleared.

  --format <format>       markdown (default, for a pull-request comment) or text

Exit codes: 0 the diff was printed, 2 unusable input or arguments.
`;

/** The options of `mlgov diff`. */
export const DIFF_OPTIONS = { format: { choices: FORMATS } } as const;

function readPlanFile(file: string, io: Io): Plan {
    return readPlan(readJsonFile(file, "plan", io, "diff"), file);
}

/** Runs the command; returns the exit code. */
export async function diff(argv: string[], io: Io): Promise<number> {
    let format: Format;
    let files: string[];
    try {
        const args = parseArgs(argv, DIFF_OPTIONS);
        if (args.help) {
            io.stdout(DIFF_USAGE);
            return EXIT_OK;
        }
        if (args.positionals.length !== 2) {
            throw new UsageError(`give two plans, the base and the head (got ${args.positionals.length})`);
        }
        format = (args.values.format ?? "markdown") as Format;
        files = args.positionals;
        if (files[0] === "-" && files[1] === "-") {
            throw new UsageError("only one of the plans can be read from standard input");
        }
    } catch (e) {
        if (e instanceof UsageError) {
            return refuseArguments(io, DIFF, e);
        }
        throw e;
    }
    let base: Plan;
    let head: Plan;
    try {
        base = readPlanFile(files[0], io);
        head = readPlanFile(files[1], io);
    } catch (e) {
        if (e instanceof InputError) {
            return refuse(io, "diff", e.message, "Give two JSON plans written by `mlgov check --out <file>`");
        }
        throw e;
    }
    io.stdout(render("diff", format, { diff: diffPlans(base, head), labels: { base: files[0], head: files[1] } }));
    return EXIT_OK;
}

export const DIFF: Command = {
    name: "diff",
    synopsis: "<base> <head>",
    summary: "compare two plans of mlgov check (resources and violations), for a PR comment",
    usage: DIFF_USAGE,
    run: diff,
};
