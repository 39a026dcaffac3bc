/**
 * Benchmark of `mlgov check` on the whole program at scale (`npm run bench:program`; build the pack
 * first with `npm run build`). Prints numbers; it is not a test and exits 0 once it has run.
 *
 * For each size N (default 10, 50 and 100 ML accounts) it writes a stack config with N explicit
 * accounts (benchStackConfig: the base stack's config, default Pulumi.dev.yaml, with its `accounts`
 * replaced and `discovery` dropped) to a temporary folder and runs the real command, as a user would:
 *
 *     node cli/bin/mlgov.js check --stack bench-N --config-file <tmp>/Pulumi.bench-N.yaml \
 *         --format json --out <tmp>/plan-N.json --policy-config policypacks/ml-guardrails/config/<base>.json
 *
 * and reports: wall time; peak memory of the mlgov process that runs the check (its own
 * `process.resourceUsage().maxRSS`, written at exit through MLGOV_RUSAGE_FILE), of the policy pack
 * process (its VmHWM in /proc/<pid>/status, polled every 100 ms; Linux only), and of all the processes
 * of the check together (the largest sum of their VmRSS over the same samples: the pack's peak comes
 * while mlgov waits for it, so the two peaks do not add up); resources (from the plan) per second; the
 * phases (MLGOV_CHECK_TIMINGS); and the time ratio of the largest to the smallest size, against linear
 * growth (the ratio of their resource counts). Targets: 100 accounts under 60 s and 2 GB (all the
 * processes together), growth no worse than linear. The sum of the two peaks, an upper bound, is
 * printed too.
 *
 * Options: --accounts 10,50,100 · --base <stack> (default dev) · --cwd <project folder> (default: the
 * repository) · --keep (keep the temporary folder).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..");
const MLGOV = path.join(REPO, "cli", "bin", "mlgov.js");
const TARGET_SECONDS = 60;
const TARGET_BYTES = 2 * 1024 ** 3;

/** At most this many accounts: each gets its own 10.<i>.0.0/16. */
export const MAX_ACCOUNTS = 250;

export interface StackFile {
    config: Record<string, unknown>;
    [key: string]: unknown;
}

/** The i-th generated account (0-based): a 12-digit id starting with 9, a name, its own VPC block. */
export function benchAccount(i: number): { id: string; name: string; vpcCidr: string; userProfiles: string[] } {
    return { id: `9${String(i + 1).padStart(11, "0")}`, name: `ml-bench-${String(i + 1).padStart(3, "0")}`, vpcCidr: `10.${i}.0.0/16`, userProfiles: ["analyst"] };
}

/**
 * A stack config with `n` explicit ML accounts: `base` (a parsed Pulumi.<stack>.yaml) with
 * `<project>:accounts` replaced by `n` generated ones and `<project>:discovery` removed, so that no
 * account comes from Organizations. Everything else (organization, regions, audit, policy config) is
 * the base stack's. `base` is not modified.
 */
export function benchStackConfig(base: StackFile, n: number, project = "ml-governance"): StackFile {
    if (!Number.isInteger(n) || n < 1 || n > MAX_ACCOUNTS) {
        throw new Error(`the number of accounts must be a whole number from 1 to ${MAX_ACCOUNTS} (got ${n})`);
    }
    const config: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base.config ?? {})) {
        const bare = key.includes(":") ? key : `${project}:${key}`;
        if (bare === `${project}:accounts` || bare === `${project}:discovery`) {
            continue;
        }
        config[key] = structuredClone(value);
    }
    config[`${project}:accounts`] = Array.from({ length: n }, (_, i) => benchAccount(i));
    return { ...structuredClone(base), config };
}

interface Sample {
    accounts: number;
    code: number | null;
    seconds: number;
    resources: number;
    mlgovRssBytes?: number;
    packRssBytes?: number;
    /** The largest sum of the VmRSS of every process of the check, sampled together. */
    togetherRssBytes?: number;
    phases: string[];
    stderr: string;
}

/** Resident memory of `pid` from /proc/<pid>/status, in bytes: its peak (VmHWM) or now (VmRSS); undefined without /proc. */
function rssOf(pid: number, field: "VmHWM" | "VmRSS"): number | undefined {
    try {
        const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return m ? Number(m[1]) * 1024 : undefined;
    } catch {
        return undefined;
    }
}

/** The child processes of `pid` (Linux). */
function childrenOf(pid: number): number[] {
    try {
        return fs.readdirSync(`/proc/${pid}/task`).flatMap(t =>
            fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
        return [];
    }
}

/** Whether `pid` is a policy pack process (`node …/run-policy-pack/index.js …`). */
function isPolicyPack(pid: number): boolean {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("run-policy-pack");
    } catch {
        return false;
    }
}

/** Every process below `pid`, each with its children. */
function descendantsOf(pid: number): Array<{ pid: number; children: number[] }> {
    const children = childrenOf(pid);
    return [{ pid, children }, ...children.flatMap(descendantsOf)];
}

async function runCheck(n: number, file: string, tmp: string, policyConfig: string | undefined, cwd: string): Promise<Sample> {
    const plan = path.join(tmp, `plan-${n}.json`);
    const rusage = path.join(tmp, `rusage-${n}.json`);
    const args = [MLGOV, "check", "--cwd", cwd, "--stack", `bench-${n}`, "--config-file", file, "--format", "json", "--out", plan,
        ...(policyConfig ? ["--policy-config", policyConfig] : [])];
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
        cwd: REPO, stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, MLGOV_RUSAGE_FILE: rusage, MLGOV_CHECK_TIMINGS: "1" },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    // The launcher runs `mlgov check` again (V8 flags), and that process starts the pack (mlgov's own
    // peak comes from its report).
    const packPeaks = new Map<number, number>();
    let together: number | undefined;
    const poll = setInterval(() => {
        const processes = descendantsOf(child.pid ?? -1);
        for (const p of processes.filter(d => isPolicyPack(d.pid))) {
            const rss = rssOf(p.pid, "VmHWM");
            if (rss !== undefined) {
                packPeaks.set(p.pid, Math.max(packPeaks.get(p.pid) ?? 0, rss));
            }
        }
        const now = processes.map(p => rssOf(p.pid, "VmRSS")).filter((r): r is number => r !== undefined);
        if (now.length > 0) {
            together = Math.max(together ?? 0, now.reduce((a, b) => a + b, 0));
        }
    }, 100);
    const code = await new Promise<number | null>(resolve => child.on("close", resolve));
    clearInterval(poll);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    let resources = 0;
    try {
        resources = (JSON.parse(fs.readFileSync(plan, "utf8")) as { resources: unknown[] }).resources.length;
    } catch {
        // No plan: the run failed, reported below.
    }
    let mlgovRssBytes: number | undefined;
    try {
        mlgovRssBytes = (JSON.parse(fs.readFileSync(rusage, "utf8")) as { maxRSSKiB: number }).maxRSSKiB * 1024;
    } catch {
        mlgovRssBytes = undefined;
    }
    const packRssBytes = packPeaks.size > 0 ? Math.max(...packPeaks.values()) : undefined;
    const phases = stderr.split("\n").filter(l => l.startsWith("mlgov check: ") && / at \d+ ms/.test(l)).map(l => l.slice("mlgov check: ".length));
    return { accounts: n, code, seconds, resources, mlgovRssBytes, packRssBytes, togetherRssBytes: together, phases, stderr };
}

const mb = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${Math.round(bytes / 1024 ** 2)} MB`);

function option(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
    const sizes = (option("accounts") ?? "10,50,100").split(",").map(Number);
    const baseStack = option("base") ?? "dev";
    const cwd = path.resolve(option("cwd") ?? REPO);
    const baseFile = path.join(cwd, `Pulumi.${baseStack}.yaml`);
    if (!fs.existsSync(path.join(cwd, "Pulumi.yaml")) || !fs.existsSync(baseFile)) {
        console.error(`bench:program needs the program and its base stack: ${baseFile} does not exist (give --cwd and --base)`);
        return 2;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require("js-yaml") as { load(text: string): unknown; dump(value: unknown): string };
    const project = (yaml.load(fs.readFileSync(path.join(cwd, "Pulumi.yaml"), "utf8")) as { name: string }).name;
    const base = yaml.load(fs.readFileSync(baseFile, "utf8")) as StackFile;
    const policyConfig = [path.join(REPO, "policypacks", "ml-guardrails", "config", `${baseStack}.json`)].find(f => fs.existsSync(f));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlgov-bench-"));
    const samples: Sample[] = [];
    try {
        console.log(`mlgov check on ${project} (base stack ${baseStack}), ${os.cpus().length} CPUs, Node ${process.version}`);
        console.log("accounts  resources  wall (s)  resources/s  peak RSS mlgov  peak RSS pack  peak RSS together  exit");
        for (const n of sizes) {
            const file = path.join(tmp, `Pulumi.bench-${n}.yaml`);
            fs.writeFileSync(file, yaml.dump(benchStackConfig(base, n, project)));
            const s = await runCheck(n, file, tmp, policyConfig, cwd);
            samples.push(s);
            console.log(`${String(n).padStart(8)}  ${String(s.resources).padStart(9)}  ${s.seconds.toFixed(1).padStart(8)}  ` +
                `${(s.resources / s.seconds).toFixed(0).padStart(11)}  ${mb(s.mlgovRssBytes).padStart(14)}  ${mb(s.packRssBytes).padStart(13)}  ` +
                `${mb(s.togetherRssBytes).padStart(17)}  ${s.code}`);
            console.log(`          phases: ${s.phases.join("; ")}`);
            if (s.code !== 0 && s.code !== 1) {
                console.log(`          mlgov check failed:\n${s.stderr.split("\n").map(l => `            ${l}`).join("\n")}`);
            }
        }
        const ok = samples.filter(s => s.code === 0 || s.code === 1);
        if (ok.length >= 2) {
            const small = ok[0];
            const large = ok[ok.length - 1];
            const ratio = large.seconds / small.seconds;
            const linear = large.resources / small.resources;
            console.log(`time ratio ${large.accounts}/${small.accounts} accounts: ${ratio.toFixed(2)} (linear growth: ${linear.toFixed(2)}; ` +
                `${ratio <= linear ? "met" : "NOT met"})`);
        }
        const largest = ok.find(s => s.accounts === 100) ?? ok[ok.length - 1];
        if (largest) {
            const bound = (largest.mlgovRssBytes ?? 0) + (largest.packRssBytes ?? 0);
            const together = largest.togetherRssBytes;
            console.log(`${largest.accounts} accounts: ${largest.seconds.toFixed(1)} s (target < ${TARGET_SECONDS} s: ` +
                `${largest.seconds < TARGET_SECONDS ? "met" : "NOT met"}), ${mb(together)} for all its processes together (target < 2 GB: ` +
                `${together === undefined ? "not measured" : together < TARGET_BYTES ? "met" : "NOT met"}; the sum of the mlgov and pack peaks, ` +
                `${mb(bound)}, is ${bound < TARGET_BYTES ? "under" : "over"} 2 GB too)`);
        }
    } finally {
        if (process.argv.includes("--keep")) {
            console.log(`configs and plans kept in ${tmp}`);
        } else {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    }
    return 0;
}

if (require.main === module) {
    main().then(code => {
        process.exitCode = code;
    }, (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    });
}
