/**
 * `mlgov check [--stack <stack>] [--format text|markdown|json] [--out <plan.json>] …`
 *
 * Runs the repository's Pulumi program for a stack on Pulumi's mock runtime (runner.ts; no
 * credentials, network or Pulumi CLI), then evaluates every resource with the policy pack through the
 * engine emulator exactly as `mlgov audit` does (plan.ts says what is sent). The pack starts while the
 * program runs.
 *
 * Exit codes, as `mlgov audit`: 0 no mandatory violation; 1 at least one; 2 unusable input (arguments,
 * project, stack name, stack config, accounts snapshot, policy config, or a program that cannot run
 * for this stack, e.g. its config validation failed); 3 the policy pack could not be run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as Engine from "../engine";
import { parseArgs, UsageError } from "../args";
import { Command, refuse, refuseArguments } from "../command";
import { parsePolicyConfig, PolicyConfigError } from "../engine/config-format";
import { EXIT_BLOCKED, EXIT_OK, EXIT_PACK_FAILED, EXIT_USAGE, InputError, Io, readJsonFile } from "../io";
import { Format, formatsOf, isBlocked, render } from "../report";
import { openStack, PulumiProject, snapshotFileOf, StackConfig, StackError } from "./project";
import type { ProgramError as ProgramErrorType, ProgramRun } from "./runner";
import { governHeap } from "./heap";

const FORMATS = formatsOf("check", "text");

export const CHECK_USAGE = `Usage: mlgov check [--stack <stack>] [--format ${FORMATS.join("|")}] [--out <plan.json>]
                   [--config-file <file>] [--cwd <dir>] [--policy-config <file>] [--policy-pack <dir>]

Runs the Pulumi program of the project (Pulumi.yaml) for a stack, with its Pulumi.<stack>.yaml, on
Pulumi's mock runtime (no credentials, network or Pulumi CLI), and evaluates every resource with the
ml-guardrails policy pack as \`pulumi preview\` would.

  --stack <stack>         the stack (<stack>, <org>/<stack>); default: the project's only stack
  --format <format>       text (default: per account, the resources as a tree, then the verdicts),
                          markdown (for a PR comment) or json (the plan)
  --out <file>            also write the plan: {"stack", "accounts", "resources", "violations"}
  --config-file <file>    use this stack config file instead of Pulumi.<stack>.yaml
  -C, --cwd <dir>         the project folder (default: the nearest folder with a Pulumi.yaml)
  --policy-config <file>  policy config in the engine's format; default:
                          <policy pack>/config/<stack>.json when it exists, else the pack's defaults
  --policy-pack <dir>     run another policy pack (default: policypacks/ml-guardrails)

Account discovery (AWS Organizations) is answered from Pulumi.<stack>.accounts.json next to the
stack config; without it, a stack that discovers accounts exits 2.

Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 unusable input (arguments, stack,
config, snapshot, or the program failed for this stack), 3 the policy pack could not be run.
`;

/**
 * Resources in flight at once in the pack (as the engine's parallel steps send them): the gRPC round
 * trip, not the pack's work, is most of a resource's time, so a few in flight triple the throughput.
 */
const EVALUATION_CONCURRENCY = 16;

/** The options of `mlgov check` (for parseArgs; the workflow tests parse the commands they run with it). */
export const CHECK_OPTIONS = {
    "stack": {},
    "format": { choices: FORMATS },
    "out": {},
    "config-file": {},
    "cwd": { short: "C" },
    "policy-config": {},
    "policy-pack": {},
} as const;

function loadEngine(): typeof Engine {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../engine");
}

function loadRunner(): typeof import("./runner") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("./runner");
}

function loadMocks(): typeof import("./mocks") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("./mocks");
}

function loadPlan(): typeof import("./plan") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("./plan");
}

const rel = (file: string) => path.relative(process.cwd(), file) || file;

function programFailure(io: Io, e: ProgramErrorType, stackFile: string): number {
    const lines = [`mlgov check: ${e.message}${e.problems.length > 0 ? ` (${rel(stackFile)}), ${e.problems.length === 1 ? "1 problem" : `${e.problems.length} problems`}:` : "."}`];
    for (const p of e.problems) {
        lines.push(`  - ${p.path}: ${p.message}`);
    }
    if (e.hint) {
        lines.push(`${e.hint}.`);
    } else if (e.kind === "config") {
        lines.push(`Fix ${rel(stackFile)} and run again.`);
    }
    io.stderr(`${lines.join("\n")}\n`);
    return EXIT_USAGE;
}

/** Runs the command; returns the exit code. */
export async function check(argv: string[], io: Io): Promise<number> {
    // 1. Arguments, project, stack, config: all checked before anything starts.
    let format: Format;
    let out: string | undefined;
    let policyConfig: unknown;
    let policyConfigLabel: string;
    let packDir: string;
    let setup: Pick<CheckSetup, "project" | "stack">;
    const engine = () => loadEngine();
    try {
        const args = parseArgs(argv, CHECK_OPTIONS);
        if (args.help) {
            io.stdout(CHECK_USAGE);
            return EXIT_OK;
        }
        if (args.positionals.length > 0) {
            throw new UsageError(`unexpected argument "${args.positionals[0]}" (the stack is given with --stack)`);
        }
        format = (args.values.format ?? "text") as Format;
        out = args.values.out;
        const { project, stack } = openStack("check", { cwd: args.values.cwd, stack: args.values.stack, configFile: args.values["config-file"] });
        setup = { project, stack };

        const packFlag = args.values["policy-pack"];
        if (packFlag !== undefined && !fs.existsSync(path.join(packFlag, "PulumiPolicy.yaml"))) {
            throw new StackError(`--policy-pack ${packFlag} is not a policy pack (no PulumiPolicy.yaml there)`, "Give the folder of a policy pack");
        }
        packDir = packFlag !== undefined ? path.resolve(packFlag) : engine().defaultPackDir();
        const configFlag = args.values["policy-config"];
        const stackPolicyConfig = path.join(packDir, "config", `${stack.stack}.json`);
        if (configFlag !== undefined) {
            policyConfig = readJsonFile(configFlag, "policy config", io, "check");
            policyConfigLabel = `policy config ${configFlag}`;
        } else if (fs.existsSync(stackPolicyConfig)) {
            policyConfig = readJsonFile(stackPolicyConfig, "policy config", io, "check");
            policyConfigLabel = `policy config ${rel(stackPolicyConfig)}`;
        } else {
            policyConfigLabel = "the pack's default policy config";
        }
        if (policyConfig !== undefined) {
            parsePolicyConfig(policyConfig);
        }
    } catch (e) {
        if (e instanceof UsageError) {
            return refuseArguments(io, CHECK, e);
        }
        if (e instanceof InputError) {
            return refuse(io, "check", e.message, e.hint);
        }
        if (e instanceof PolicyConfigError) {
            return refuse(io, "check", `policy config: ${e.message.replace(/^invalid policy config: /, "")}`, "Fix the policy config file and run again");
        }
        throw e;
    }
    const heap = governHeap();
    const { setRegistrationListener } = loadMocks();
    setRegistrationListener(() => heap.check());
    try {
        return await runCheck({ ...setup, format, out, policyConfig, policyConfigLabel, packDir }, io, () => heap.collections);
    } finally {
        setRegistrationListener(undefined);
        heap.stop();
    }
}

/** What `check` has read and validated before anything runs. */
interface CheckSetup {
    project: PulumiProject;
    stack: StackConfig;
    format: Format;
    out: string | undefined;
    policyConfig: unknown;
    policyConfigLabel: string;
    packDir: string;
}

/** Runs the program, then the pack; returns the exit code. */
async function runCheck(setup: CheckSetup, io: Io, collections: () => number): Promise<number> {
    const { project, stack, format, out, policyConfig, policyConfigLabel, packDir } = setup;
    const engine = () => loadEngine();
    const stackFile = stack.file;
    // MLGOV_CHECK_TIMINGS=1: the time of each phase on stderr (for bench/program.ts and profiling).
    const t0 = Date.now();
    const phase = (name: string) => {
        if (process.env.MLGOV_CHECK_TIMINGS) {
            const m = process.memoryUsage();
            io.stderr(`mlgov check: ${name} at ${Date.now() - t0} ms (heap ${Math.round(m.heapUsed / 2 ** 20)} MB, ` +
                `rss ${Math.round(m.rss / 2 ** 20)} MB, ${collections()} full collections)\n`);
        }
    };
    const snapshotFile = snapshotFileOf(stackFile);

    // 2. The program.
    const { runProgram, ProgramError } = loadRunner();
    let run: ProgramRun;
    try {
        run = await runProgram({ project, stack, snapshotFile, log: io.stderr });
    } catch (e) {
        if (e instanceof ProgramError) {
            return programFailure(io, e, stackFile);
        }
        if (e instanceof InputError) {
            return refuse(io, "check", e.message, e.hint);
        }
        throw e;
    }
    phase(`program ran (${run.records.length} registrations)`);
    const { buildCheckedStack, toPlan } = loadPlan();
    const checked = buildCheckedStack(run.records, {
        project: project.name, stack: stack.stack, config: stack.config, packageVersions: run.packageVersions, snapshot: run.organizations.snapshot,
    });

    phase("evaluation plan built");
    // 3. The pack's verdicts. (Started now, not while the program runs: a large program keeps the
    // event loop busy for longer than the pack's start-up deadline.)
    const { PolicyPackHost } = engine();
    let host: Engine.PolicyPackHost;
    try {
        host = await PolicyPackHost.start(packDir, {
            stack: { stack: stack.stack, project: project.name, organization: stack.organization, dryRun: false },
        });
    } catch (e) {
        io.stderr(`mlgov check: cannot run the policy pack: ${(e as Error).message}\n` +
            (packDir === engine().defaultPackDir() ? "Build it with `npm run build` at the repository root and try again.\n" : ""));
        return EXIT_PACK_FAILED;
    }
    phase("policy pack ready");
    try {
        try {
            await host.configure(policyConfig);
        } catch (e) {
            if (e instanceof PolicyConfigError) {
                return refuse(io, "check", `${policyConfigLabel}: ${e.message}`, "Fix the policy config file and run again");
            }
            throw e;
        }
        let evaluation: Engine.Evaluation;
        try {
            evaluation = await host.evaluate(checked.evaluation, { concurrency: EVALUATION_CONCURRENCY });
        } catch (e) {
            io.stderr(`mlgov check: the policy pack failed: ${(e as Error).message}\n`);
            return EXIT_PACK_FAILED;
        }
        phase("policy pack evaluated");
        const plan = toPlan(checked, evaluation.diagnostics);
        if (out !== undefined) {
            try {
                fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
                fs.writeFileSync(out, `${JSON.stringify(plan, null, 2)}\n`);
            } catch (e) {
                return refuse(io, "check", `cannot write the plan to ${out}: ${(e as Error).message}`);
            }
        }
        const notes: string[] = [];
        if (run.organizations.snapshot) {
            const calls = [...run.organizations.answered.values()].reduce((a, b) => a + b, 0);
            notes.push(`accounts discovered from the snapshot ${rel(run.organizations.file)} ` +
                `(${calls} Organizations call${calls === 1 ? "" : "s"} answered), not from AWS`);
        }
        io.stdout(render("check", format, { checked, plan, evaluation, pack: host.info, policyConfig: policyConfigLabel, stackFile: rel(stackFile), notes }));
        return isBlocked(evaluation) ? EXIT_BLOCKED : EXIT_OK;
    } finally {
        await host.close();
    }
}

export const CHECK: Command = {
    name: "check",
    synopsis: "[--stack s]",
    summary: "run the Pulumi program for a stack offline (mocks) and check it with the pack",
    usage: CHECK_USAGE,
    run: check,
};
