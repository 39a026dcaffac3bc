/**
 * `mlgov scan [--stack <stack>] [--format text|markdown|json|sarif|junit] [--jobs-since 7d] [--types a,b] …`
 *
 * Reads the live SageMaker resources of every governed account and region of a stack (the stack
 * config, through the program's `accounts/` module: explicit accounts and, with `discovery`, those
 * found in AWS Organizations), as the member role the providers assume (read.ts, targets.ts), turns
 * each into the inputs of the Pulumi resource that would create it (shapes/), and has the pack judge
 * them over gRPC as `mlgov audit` does (judge.ts).
 *
 * Exit codes: 0 no mandatory violation and everything read; 1 at least one mandatory violation;
 * 2 unusable input (arguments, project, stack config, policy config); 3 the policy pack could not
 * be run; 4 no mandatory violation in what was read, but not everything could be read (an account
 * not reached, a kind or resource that failed, or discovery that failed).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type * as Engine from "../engine";
import { parsePolicyConfig, PolicyConfigError } from "../engine/config-format";
import { parseArgs, UsageError } from "../args";
import { openStack, StackError } from "../check/project";
import { Command, refuse, refuseArguments } from "../command";
import { EXIT_BLOCKED, EXIT_INCOMPLETE, EXIT_OK, EXIT_PACK_FAILED, EXIT_USAGE, InputError, Io, readJsonFile } from "../io";
import { Format, formatsOf, isBlocked, render } from "../report";
import { isScanIncomplete } from "../report/scan-view";
import { ConfigError, DiscoveryError, GovernanceConfig, loadGovernedAccounts, parseGovernanceConfig, settingsOf } from "../../../accounts";
import { Kind, KINDS } from "./inventory";
import { judge } from "./judge";
import { ReadOptions, readTargets } from "./read";
import { scanTargets } from "./targets";

const FORMATS = formatsOf("scan", "text");

export const SCAN_USAGE = `Usage: mlgov scan [--stack <stack>] [--format <format>] [--jobs-since <age|date>]
                  [--types <kind,...>] [--max-attempts <n>] [--config-file <file>] [--cwd <dir>]
                  [--policy-config <file>] [--policy-pack <dir>]

Reads the live SageMaker resources of every governed account and region of a stack (read-only
List/Describe calls, as the member role the stack's providers assume) and judges each with the
ml-guardrails policy pack, as if a Pulumi program declared it.

  --stack <stack>         the stack whose Pulumi.<stack>.yaml names the accounts; default: the only one
  --format <format>       text (default), markdown (for an issue or PR comment), json, sarif
                          (code scanning) or junit (CI test reports)
  --jobs-since <age|date> read training, processing, transform and tuning jobs created since then:
                          7d (default), 36h, or a date (2026-05-01, 2026-05-01T08:00:00Z)
  --types <kind,...>      read only these kinds (default: all): notebook-instances, domains,
                          user-profiles, spaces, apps, models, endpoint-configs, endpoints,
                          training-jobs, processing-jobs, transform-jobs, tuning-jobs,
                          monitoring-schedules, feature-groups
  --max-attempts <n>      attempts per AWS call, throttling included (the SDK's adaptive retries; default 10)
  --config-file <file>    use this stack config file instead of Pulumi.<stack>.yaml
  -C, --cwd <dir>         the project folder (default: the nearest folder with a Pulumi.yaml)
  --policy-config <file>  policy config in the engine's format; default: the stack's
                          ml-governance:policyPackConfig, else <policy pack>/config/<stack>.json
  --policy-pack <dir>     run another policy pack (default: policypacks/ml-guardrails)

Credentials: the default AWS credential chain (as for pulumi up). AWS_ENDPOINT_URL points every
call elsewhere (an emulator such as moto).

Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 unusable input or arguments,
3 the policy pack could not be run, 4 not everything could be read (and no mandatory violation
in what was).
`;

/** The options of `mlgov scan`. */
export const SCAN_OPTIONS = {
    "stack": {},
    "format": { choices: FORMATS },
    "jobs-since": {},
    "types": {},
    "max-attempts": {},
    "config-file": {},
    "cwd": { short: "C" },
    "policy-config": {},
    "policy-pack": {},
} as const;

/** What tests replace: where AWS is, and the clock. */
export interface ScanDeps {
    readonly client?: ReadOptions["client"];
    readonly credentials?: ReadOptions["credentials"];
    /** The Organizations client of discovery (default: the program's, from the stack config). */
    readonly organizations?: OrganizationsClient;
    readonly now?: () => Date;
}

const DAY_MS = 86_400_000;

/** `7d`, `36h` or an ISO date: the start of the jobs window. */
export function parseSince(value: string, now: Date): Date {
    const age = /^(\d+)([dh])$/.exec(value);
    if (age) {
        const n = Number(age[1]);
        if (n === 0) {
            throw new UsageError(`--jobs-since ${value} is an empty window; give at least 1${age[2]}`);
        }
        return new Date(now.getTime() - n * (age[2] === "d" ? DAY_MS : DAY_MS / 24));
    }
    if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
        const date = new Date(/T| /.test(value) ? value : `${value}T00:00:00Z`);
        if (!Number.isNaN(date.getTime())) {
            if (date > now) {
                throw new UsageError(`--jobs-since ${value} is in the future`);
            }
            return date;
        }
    }
    throw new UsageError(`--jobs-since must be an age (7d, 36h) or a date (2026-05-01, 2026-05-01T08:00:00Z), not "${value}"`);
}

function parseKinds(value: string | undefined, all: readonly Kind[]): Kind[] {
    if (value === undefined) {
        return [...all];
    }
    const names = value.split(",").map(s => s.trim()).filter(Boolean);
    const unknown = names.filter(n => !all.some(k => k.name === n));
    if (names.length === 0 || unknown.length > 0) {
        throw new UsageError(`--types: ${names.length === 0 ? "no kind given" : `unknown kind ${unknown.map(u => `"${u}"`).join(", ")}`} ` +
            `(kinds: ${all.map(k => k.name).join(", ")})`);
    }
    return all.filter(k => names.includes(k.name));
}

const rel = (file: string) => path.relative(process.cwd(), file) || file;

/** Runs the command; returns the exit code. */
export async function scan(argv: string[], io: Io, deps: ScanDeps = {}): Promise<number> {
    const now = (deps.now ?? (() => new Date()))();
    let setup: {
        stack: string; project: string; organization?: string; stackFile: string; format: Format; since: Date; kinds: Kind[]; maxAttempts: number;
        config: GovernanceConfig; packDir: string; policyConfig: unknown; policyConfigLabel: string;
    };
    // gRPC and protobuf are loaded once the input is known to be usable (as in mlgov audit).
    const engine = () => require("../engine") as typeof Engine; // eslint-disable-line @typescript-eslint/no-require-imports
    try {
        const args = parseArgs(argv, SCAN_OPTIONS);
        if (args.help) {
            io.stdout(SCAN_USAGE);
            return EXIT_OK;
        }
        if (args.positionals.length > 0) {
            throw new UsageError(`unexpected argument "${args.positionals[0]}" (the stack is given with --stack)`);
        }
        const since = parseSince(args.values["jobs-since"] ?? "7d", now);
        const kinds = parseKinds(args.values.types, KINDS);
        const attempts = args.values["max-attempts"] ?? "10";
        if (!/^\d+$/.test(attempts) || Number(attempts) < 1 || Number(attempts) > 30) {
            throw new UsageError(`--max-attempts must be a whole number from 1 to 30, not "${attempts}"`);
        }
        const { project, stack } = openStack("scan", {
            cwd: args.values.cwd, stack: args.values.stack, configFile: args.values["config-file"],
        });
        const projectDir = project.dir;
        let config;
        try {
            config = parseGovernanceConfig(settingsOf(stack.config), { projectRoot: projectDir });
        } catch (e) {
            if (e instanceof ConfigError) {
                io.stderr(`mlgov scan: the stack config ${rel(stack.file)} is not valid, ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}:\n` +
                    `${e.problems.map(p => `  - ${p.path}: ${p.message}`).join("\n")}\nFix it and run again.\n`);
                return EXIT_USAGE;
            }
            throw e;
        }

        const packFlag = args.values["policy-pack"];
        if (packFlag !== undefined && !fs.existsSync(path.join(packFlag, "PulumiPolicy.yaml"))) {
            throw new StackError(`--policy-pack ${packFlag} is not a policy pack (no PulumiPolicy.yaml there)`, "Give the folder of a policy pack");
        }
        const packDir = packFlag !== undefined ? path.resolve(packFlag) : engine().defaultPackDir();
        const configFile = args.values["policy-config"]
            ?? (config.policyPackConfig !== undefined ? path.resolve(projectDir, config.policyPackConfig) : undefined)
            ?? [path.join(packDir, "config", `${stack.stack}.json`)].find(f => fs.existsSync(f));
        const policyConfig = configFile !== undefined ? readJsonFile(configFile, "policy config", io, "scan") : undefined;
        if (policyConfig !== undefined) {
            parsePolicyConfig(policyConfig);
        }
        setup = {
            stack: stack.stack, project: project.name, organization: stack.organization, stackFile: path.relative(projectDir, stack.file) || stack.file, format: (args.values.format ?? "text") as Format,
            since, kinds, maxAttempts: Number(attempts), config, packDir, policyConfig,
            policyConfigLabel: configFile !== undefined ? `policy config ${rel(configFile)}` : "the pack's default policy config",
        };
    } catch (e) {
        if (e instanceof UsageError) {
            return refuseArguments(io, SCAN, e);
        }
        if (e instanceof InputError) {
            return refuse(io, "scan", e.message, e.hint);
        }
        if (e instanceof PolicyConfigError) {
            return refuse(io, `policy config: ${e.message.replace(/^invalid policy config: /, "")}`, "Fix the policy config file and run again");
        }
        throw e;
    }

    // The pack starts while the accounts are read.
    const { PolicyPackHost } = engine();
    const started = PolicyPackHost.start(setup.packDir, {
        stack: { stack: setup.stack, project: setup.project, organization: setup.organization, dryRun: false },
    }).then(async host => {
        try {
            await host.configure(setup.policyConfig);
            return host;
        } catch (e) {
            await host.close();
            throw e;
        }
    });
    started.catch(() => undefined);
    let host: Engine.PolicyPackHost | undefined;
    try {
        let accounts;
        try {
            accounts = (await loadGovernedAccounts(setup.config, deps.organizations)).accounts;
        } catch (e) {
            if (e instanceof DiscoveryError) {
                io.stderr(`mlgov scan: ${e.message}\nNothing was read: without the organization's accounts the scan would miss some.\n`);
                return EXIT_INCOMPLETE;
            }
            if (e instanceof ConfigError) {
                io.stderr(`mlgov scan: the discovered accounts do not fit the stack config:\n${e.problems.map(p => `  - ${p.path}: ${p.message}`).join("\n")}\n`);
                return EXIT_USAGE;
            }
            throw e;
        }
        const read = await readTargets(scanTargets(setup.config, accounts), {
            kinds: setup.kinds, since: setup.since, maxAttempts: setup.maxAttempts, client: deps.client, credentials: deps.credentials,
        });
        try {
            host = await started;
        } catch (e) {
            if (e instanceof PolicyConfigError) {
                return refuse(io, "scan", `${setup.policyConfigLabel}: ${e.message}`, "Fix the policy config file and run again");
            }
            io.stderr(`mlgov scan: cannot run the policy pack: ${(e as Error).message}\n` +
                (setup.packDir === engine().defaultPackDir() ? "Build it with `npm run build` at the repository root and try again.\n" : ""));
            return EXIT_PACK_FAILED;
        }
        let findings;
        try {
            findings = await judge(host, setup.stack, read.resources);
        } catch (e) {
            io.stderr(`mlgov scan: the policy pack failed: ${(e as Error).message}\n`);
            return EXIT_PACK_FAILED;
        }
        io.stdout(render("scan", setup.format, {
            stack: setup.stack, stackFile: setup.stackFile, jobsSince: setup.since, kinds: setup.kinds, pack: host.info, policyConfig: setup.policyConfigLabel, read, findings,
        }));
        return isBlocked({ diagnostics: findings }) ? EXIT_BLOCKED : isScanIncomplete(read) ? EXIT_INCOMPLETE : EXIT_OK;
    } finally {
        await (host ?? await started.catch(() => undefined))?.close();
    }
}

export const SCAN: Command = {
    name: "scan",
    synopsis: "[--stack s]",
    summary: "judge the live SageMaker resources of every governed account and region with the pack",
    usage: SCAN_USAGE,
    run: (argv, io) => scan(argv, io),
};
