/**
 * Starts a Node.js policy pack the way the Pulumi engine does.
 *
 * What the engine does (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go,
 * `NewPolicyAnalyzer`, for `runtime: nodejs`):
 *  - loads `<pack>/PulumiPolicy.yaml`;
 *  - runs the `pulumi-analyzer-policy` plugin with the pack folder as working directory and the
 *    arguments `<engine-address> .` followed by one `-<key>=<value>` per `runtime.options` entry
 *    (entries whose value prints as "" are left out);
 *  - passes its own environment plus PULUMI_{ORGANIZATION,PROJECT,STACK,DRY_RUN} and their
 *    PULUMI_NODEJS_* twins (`constructEnv`), and PULUMI_CONFIG when the stack has config;
 *  - reads the gRPC port from the first line the plugin prints on stdout.
 * `pulumi-analyzer-policy` is a shell script (sdk/nodejs/dist/pulumi-analyzer-policy) that resolves
 * `@pulumi/pulumi/cmd/run-policy-pack` with Node module resolution from the working directory and
 * execs `node <that index.js> "$@"`. We do the same resolution and spawn that `index.js` directly with
 * the Node binary running this process (the script takes `node` from PATH).
 *
 * The engine address: run-policy-pack drops its first positional argument without dialling it
 * (node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js: `argv._.shift()`), and the SDK only
 * connects to an engine named by the PULUMI_NODEJS_ENGINE environment variable
 * (runtime/settings.js, `getEngine`), which the engine does not set for analyzers. The policy SDK's
 * server never dials back either (policy/server.js). So no Engine service is needed: we pass an
 * address nothing listens on, and clear PULUMI_NODEJS_ENGINE/PULUMI_NODEJS_MONITOR so that an
 * inherited value cannot make the pack's logging try to reach a real engine.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { requireFromPulumi } from "./proto";

/** Passed where the engine passes its own gRPC address; never dialled (see above). */
export const UNUSED_ENGINE_ADDRESS = "127.0.0.1:0";

export interface StackInfo {
    stack?: string;
    project?: string;
    organization?: string;
    dryRun?: boolean;
}

export interface PolicyProject {
    /** `runtime` name from PulumiPolicy.yaml. */
    runtime: string;
    /** `runtime.options` from PulumiPolicy.yaml. */
    options: Record<string, unknown>;
    /** `version` from PulumiPolicy.yaml; the engine prefers it over the version the pack reports. */
    version?: string;
}

export interface LaunchSpec {
    command: string;
    args: string[];
    cwd: string;
}

export interface LaunchedPack {
    child: ChildProcess;
    port: number;
    spec: LaunchSpec;
    project: PolicyProject;
    /** The last few kilobytes the pack wrote to stderr. */
    stderr(): string;
    /** Set once the process has exited. */
    exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
    /** Resolves when the process has exited. */
    exited: Promise<void>;
}

export class PackStartError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackStartError";
    }
}

interface JsYaml {
    load(text: string): unknown;
}

/** Reads PulumiPolicy.yaml as the engine does (workspace.LoadPolicyPack). */
export function loadPolicyProject(packDir: string): PolicyProject {
    const file = path.join(packDir, "PulumiPolicy.yaml");
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new PackStartError(`${packDir} is not a policy pack: ${file} does not exist`);
    }
    let doc: unknown;
    try {
        doc = requireFromPulumi<JsYaml>("js-yaml").load(text);
    } catch (e) {
        throw new PackStartError(`cannot parse ${file}: ${(e as Error).message}`);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        throw new PackStartError(`${file} must be a YAML mapping`);
    }
    const project = doc as Record<string, unknown>;
    const runtime = project.runtime;
    let name: unknown = runtime;
    let options: Record<string, unknown> = {};
    if (runtime !== null && typeof runtime === "object" && !Array.isArray(runtime)) {
        name = (runtime as Record<string, unknown>).name;
        const opts = (runtime as Record<string, unknown>).options;
        if (opts !== undefined && opts !== null) {
            if (typeof opts !== "object" || Array.isArray(opts)) {
                throw new PackStartError(`${file}: runtime.options must be a mapping`);
            }
            options = opts as Record<string, unknown>;
        }
    }
    if (typeof name !== "string" || name === "") {
        throw new PackStartError(`${file}: runtime is missing (expected "nodejs")`);
    }
    if (name.toLowerCase() !== "nodejs") {
        throw new PackStartError(`${file}: runtime "${name}" is not supported by this host (only nodejs packs)`);
    }
    const version = typeof project.version === "string" && project.version !== "" ? project.version
        : typeof project.version === "number" ? String(project.version) : undefined;
    return { runtime: name, options, version };
}

/** Go's `fmt.Sprintf("%v", v)` for the scalar values a YAML option can hold. */
function goFormat(value: unknown): string {
    if (value === null || value === undefined) {
        return "<nil>";
    }
    if (typeof value === "object") {
        return JSON.stringify(value);
    }
    return String(value);
}

/** The `-key=value` arguments the engine appends for `runtime.options`. */
export function runtimeOptionArgs(options: Record<string, unknown>): string[] {
    const args: string[] = [];
    for (const [k, v] of Object.entries(options)) {
        const text = goFormat(v);
        if (text !== "") {
            args.push(`-${k}=${text}`);
        }
    }
    return args;
}

/** The environment the engine gives the plugin (`constructEnv`). */
export function packEnvironment(base: NodeJS.ProcessEnv, stack?: StackInfo): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    delete env.PULUMI_NODEJS_ENGINE;
    delete env.PULUMI_NODEJS_MONITOR;
    if (stack) {
        const set = (k: string, v: string | undefined) => {
            if (v !== undefined && v !== "") {
                env[`PULUMI_NODEJS_${k}`] = v;
                env[`PULUMI_${k}`] = v;
            }
        };
        set("ORGANIZATION", stack.organization);
        set("PROJECT", stack.project);
        set("STACK", stack.stack);
        set("DRY_RUN", String(stack.dryRun ?? false));
    }
    return env;
}

/** Resolves run-policy-pack from the pack folder, as `pulumi-analyzer-policy` does. */
export function resolveRunPolicyPack(packDir: string): string {
    try {
        return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    } catch {
        // The engine's wording for errRunPolicyModuleNotFound.
        throw new PackStartError("it looks like the policy pack's dependencies are not installed; " +
            `try running npm install in "${packDir}" (@pulumi/pulumi/cmd/run-policy-pack is not resolvable from it)`);
    }
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills packs still running when this process exits (a test run that never called close()). */
function trackChild(child: ChildProcess): void {
    live.add(child);
    child.once("exit", () => live.delete(child));
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once("exit", () => {
            for (const c of live) {
                c.kill("SIGKILL");
            }
        });
    }
}

const STDERR_KEEP = 16 * 1024;

export async function launchPolicyPack(
    packDir: string, opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; stack?: StackInfo } = {},
): Promise<LaunchedPack> {
    const dir = path.resolve(packDir);
    const project = loadPolicyProject(dir);
    const runPolicyPack = resolveRunPolicyPack(dir);
    const spec: LaunchSpec = {
        command: process.execPath,
        args: [runPolicyPack, UNUSED_ENGINE_ADDRESS, ".", ...runtimeOptionArgs(project.options)],
        cwd: dir,
    };
    const timeoutMs = opts.timeoutMs ?? 30_000;

    const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: packEnvironment(opts.env ?? process.env, opts.stack),
        stdio: ["ignore", "pipe", "pipe"],
    });
    trackChild(child);

    let stderrText = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
        stderrText = (stderrText + chunk).slice(-STDERR_KEEP);
    });
    let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const exited = new Promise<void>(resolve => {
        child.once("exit", (code, signal) => {
            exitInfo = { code, signal };
            resolve();
        });
    });
    const stderr = () => stderrText.trim();
    const describeStderr = () => (stderr() ? `; its stderr:\n${stderr()}` : " (nothing on stderr)");

    const port = await new Promise<number>((resolve, reject) => {
        let stdoutText = "";
        let settled = false;
        const finish = (err: Error | undefined, value?: number) => {
            if (settled) {
                return;
            }
            settled = true;
            clearTimeout(timer);
            child.stdout!.off("data", onData);
            child.off("exit", onExit);
            child.off("error", onError);
            // Keep draining stdout so that a pack that logs a lot never blocks on a full pipe.
            child.stdout!.resume();
            if (err) {
                child.kill("SIGKILL");
                reject(err);
            } else {
                resolve(value!);
            }
        };
        const onData = (chunk: string) => {
            stdoutText += chunk;
            const nl = stdoutText.indexOf("\n");
            if (nl < 0) {
                return;
            }
            const line = stdoutText.slice(0, nl).trim();
            const parsed = /^\d+$/.test(line) ? Number(line) : NaN;
            if (!Number.isInteger(parsed) || parsed <= 0 || parsed > 65535) {
                finish(new PackStartError(`policy pack ${dir} printed ${JSON.stringify(line)} as the first line ` +
                    `of stdout, where the engine expects the gRPC port (does the pack log before ` +
                    `new PolicyPack() runs?)${describeStderr()}`));
            } else {
                finish(undefined, parsed);
            }
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
            setImmediate(() => finish(new PackStartError(`policy pack ${dir} exited (${signal ?? `code ${code}`}) ` +
                `before printing its gRPC port${stdoutText.trim() ? ` (stdout: ${stdoutText.trim()})` : ""}` +
                `${describeStderr()}`)));
        };
        const onError = (err: Error) => finish(new PackStartError(`cannot start policy pack ${dir}: ${err.message}`));
        const timer = setTimeout(() => finish(new PackStartError(`policy pack ${dir} did not print its gRPC port ` +
            `within ${timeoutMs} ms${describeStderr()}`)), timeoutMs);
        child.stdout!.setEncoding("utf8");
        child.stdout!.on("data", onData);
        child.once("exit", onExit);
        child.once("error", onError);
    });

    return { child, port, spec, project, stderr, exit: () => exitInfo, exited };
}

/** Stops a launched pack and waits for the process to be reaped (SIGTERM, then SIGKILL). */
export async function stopPolicyPack(pack: LaunchedPack, graceMs = 2_000): Promise<void> {
    if (pack.exit() !== undefined) {
        return;
    }
    pack.child.kill("SIGTERM");
    const timer = setTimeout(() => pack.child.kill("SIGKILL"), graceMs);
    await pack.exited;
    clearTimeout(timer);
}
