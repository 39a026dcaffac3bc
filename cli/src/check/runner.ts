/**
 * Runs a Pulumi program for one stack on the mock runtime, in this process, the way the Pulumi
 * Node.js language host runs it (`@pulumi/pulumi/cmd/run`): config in the runtime, working directory
 * = the project folder, the entry point required (TypeScript through the ts-node that runs mlgov),
 * an exported function called, everything inside the root `pulumi:pulumi:Stack` resource
 * (`runInPulumiStack`), and the run finished when no registration is in flight any more.
 *
 * Order matters (the import-order trap): config, then `setMocks`, then the Organizations answers, and
 * only then the program is loaded, so that whatever it reads or creates at import time sees them.
 * `setMocks` is process-global: one run per process (each `mlgov check` is its own process).
 *
 * Not a preview: `setMocks(…, preview = false)`. The mocks return every output a real `pulumi up`
 * would (ids, ARNs, names in the right account and region), so every value the program computes is
 * known, as in `pulumi up` against an empty stack, and the pack judges each resource as it would
 * before creating it. In preview mode any output the mocks did not return would stay unknown, applies
 * over it would not run, and the program would see `isDryRun()`; the verdicts would then be the
 * weaker preview ones.
 *
 * Failures are ProgramErrors, classified for the exit code and the message: the program's own
 * config validation (an error named `ConfigError` with `problems: [{path, message}]`), a required
 * config value that is a secret, account discovery without a snapshot, another AWS call, anything else.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    errors, recordError, recordUnhandledRejections, ResourceRecord, resources, settle, targetOfInputs, useMocks, world,
} from "./mocks";
import { installOrganizations, OrganizationsState } from "./organizations";
import { programEntry, PulumiProject, StackConfig } from "./project";

export type ProgramErrorKind = "config" | "secret" | "discovery" | "offline" | "program" | "setup";

export class ProgramError extends Error {
    constructor(
        readonly kind: ProgramErrorKind,
        message: string,
        readonly problems: ReadonlyArray<{ path: string; message: string }> = [],
        readonly hint?: string,
    ) {
        super(message);
        this.name = "ProgramError";
    }
}

export interface ProgramRun {
    records: ResourceRecord[];
    outputs: Record<string, unknown> | undefined;
    organizations: OrganizationsState;
    /** What the program printed (to the console), sent to stderr while it ran. */
    printed: number;
    /** Provider package versions the program resolves (`aws` → `7.48.0`). */
    packageVersions: Map<string, string | undefined>;
}

/** The `aws:` config as the default provider's inputs (`aws:region` → `region`). */
export function defaultProviderInputs(config: Record<string, string>, pkg = "aws"): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) {
        if (k.startsWith(`${pkg}:`)) {
            out[k.slice(pkg.length + 1)] = v;
        }
    }
    return out;
}

function isConfigError(e: unknown): e is Error & { problems: Array<{ path: string; message: string }> } {
    return e instanceof Error && e.name === "ConfigError" && Array.isArray((e as { problems?: unknown }).problems);
}

/** The key of a "Missing required configuration variable" error, if that is what `e` is. */
function missingConfigKey(e: unknown): string | undefined {
    if (!(e instanceof Error)) {
        return undefined;
    }
    const key = (e as { key?: unknown }).key;
    if (typeof key === "string") {
        return key;
    }
    return /Missing required configuration variable '([^']+)'/.exec(e.message)?.[1];
}

function messageOf(e: unknown): string {
    if (e instanceof Error) {
        // RunErrors (the SDK's own, e.g. a missing config value) carry no useful stack.
        const stackless = e.name === "RunError" || e.constructor?.name === "RunError" || e.name === "ConfigMissingError";
        return stackless || !e.stack ? e.message : e.stack;
    }
    return String(e);
}

/** Turns what went wrong into one ProgramError (the first cause that explains it). */
function classify(failures: unknown[], stack: StackConfig, orgs: OrganizationsState): ProgramError {
    const config = failures.find(isConfigError);
    if (config) {
        return new ProgramError("config", `the program rejected the config of stack ${stack.stack}`,
            config.problems.map(p => ({ path: String(p.path), message: String(p.message) })));
    }
    for (const f of failures) {
        const key = missingConfigKey(f);
        if (key !== undefined && stack.secureKeys.includes(key)) {
            return new ProgramError("secret", `the program requires ${key}, a secret value (secure:) in the stack config, which ` +
                "mlgov check cannot decrypt offline", [],
            "Make the program read it only where it is needed (config.getSecret, not at the top level), or check a stack whose " +
                "config does not need it");
        }
        if (key !== undefined) {
            return new ProgramError("config", `the program requires config ${key}, which stack ${stack.stack} does not set`,
                [{ path: key, message: "is required by the program and not set" }]);
        }
    }
    if (orgs.refusals.length > 0) {
        const file = path.relative(process.cwd(), orgs.file) || orgs.file;
        return new ProgramError("discovery", `stack ${stack.stack} discovers its accounts with AWS Organizations ` +
            `(${[...new Set(orgs.refusals)].join(", ")}), and mlgov check has no AWS: there is no accounts snapshot ${file}`, [],
        `Commit ${file} (the organization's OUs and accounts, see cli/README.md) or list the accounts explicitly in the stack config`);
    }
    if (orgs.offline.length > 0) {
        return new ProgramError("offline", `the program called AWS (${[...new Set(orgs.offline)].join(", ")}), which mlgov check ` +
            "cannot answer offline", [], "Only Organizations (from the accounts snapshot) and Pulumi invokes are answered offline");
    }
    const seen = new Set<string>();
    const messages = failures.map(messageOf).filter(m => !seen.has(m) && seen.add(m));
    return new ProgramError("program", `the program failed: ${messages.join("\n")}`);
}

/** The version of `@pulumi/<pkg>` the program resolves, if any. */
function packageVersion(projectDir: string, pkg: string): string | undefined {
    try {
        const file = require.resolve(`@pulumi/${pkg}/package.json`, { paths: [projectDir] });
        return (JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

/**
 * Takes out of the Pulumi SDK the two stack traces it captures for bookkeeping that a mock run does
 * not need, which are most of a large run's time and memory: one per promise it tracks for its
 * "leaked promises" message at exit (`debuggablePromise`), and one per resource for its source
 * position in the engine's diagnostics (`Resource.callsites`). Errors keep their stack traces. Each is
 * replaced only if it still has the shape it had in @pulumi/pulumi 3.248; otherwise left alone.
 */
function lightenSdkBookkeeping(projectDir: string): void {
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const debuggable = require(path.join(sdk, "runtime", "debuggable.js")) as { debuggablePromise?: unknown };
        if (typeof debuggable.debuggablePromise === "function" && debuggable.debuggablePromise.length === 2) {
            debuggable.debuggablePromise = <T>(p: Promise<T>) => p;
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const resource = require(path.join(sdk, "resource.js")) as { Resource?: { callsites?: unknown } };
        if (resource.Resource && typeof resource.Resource.callsites === "function") {
            resource.Resource.callsites = () => [];
        }
    } catch {
        // Another layout of the SDK: run with its bookkeeping.
    }
}

export interface RunOptions {
    project: PulumiProject;
    stack: StackConfig;
    /** The accounts snapshot file (`Pulumi.<stack>.accounts.json`), used when it exists. */
    snapshotFile: string;
    /** Where the program's console output goes (default: stderr), so that it never mixes with a report on stdout. */
    log?: (text: string) => void;
}

/** Runs the program; rejects with a ProgramError when it cannot run or fails. */
export async function runProgram(opts: RunOptions): Promise<ProgramRun> {
    const { project, stack } = opts;
    const log = opts.log ?? ((text: string) => process.stderr.write(text));

    // The program must use the Pulumi SDK these mocks drive.
    let programSdk: string;
    try {
        programSdk = fs.realpathSync(require.resolve("@pulumi/pulumi", { paths: [project.dir] }));
    } catch {
        throw new ProgramError("setup", `the program in ${project.dir} cannot load @pulumi/pulumi`, [],
            `Run \`npm install\` in ${project.dir}`);
    }
    const ownSdk = fs.realpathSync(require.resolve("@pulumi/pulumi"));
    if (programSdk !== ownSdk) {
        throw new ProgramError("setup", `the program in ${project.dir} loads its own @pulumi/pulumi (${programSdk}), not the one ` +
            `mlgov runs the mocks with (${ownSdk})`, [], "Run mlgov check on a program that shares this repository's node_modules");
    }
    let entry = programEntry(project);
    let isDirectory: boolean;
    try {
        isDirectory = fs.statSync(entry).isDirectory();
    } catch {
        throw new ProgramError("setup", `the program's entry point ${entry} does not exist`, [],
            `Check "main" in ${path.relative(process.cwd(), project.file) || project.file}`);
    }
    if (isDirectory) {
        // As the language host: require the folder (its index), never an adjacent .json file.
        entry = `${entry.replace(/[\\/]+$/, "")}${path.sep}`;
    }

    // No AWS: the SDK's credential chain must not look for an instance role.
    process.env.AWS_EC2_METADATA_DISABLED = "true";

    lightenSdkBookkeeping(project.dir);

    // 1. Config, as the language host sets it.
    const secretKeys = [...project.config].filter(([k, e]) => e.secret && k in stack.config).map(([k]) => k);
    pulumi.runtime.setAllConfig(stack.config, secretKeys);
    // 2. The mock runtime (not a preview: see above).
    useMocks({ project: project.name, stack: stack.stack, preview: false, organization: stack.organization });
    world.defaultProvider = defaultProviderInputs(stack.config);
    recordUnhandledRejections();
    const uncaught = (e: unknown) => recordError(e);
    process.on("uncaughtException", uncaught);
    // 3. Organizations from the snapshot, no other AWS call.
    const organizations = installOrganizations(project.dir, opts.snapshotFile, stack.stack);
    const named = targetOfInputs(world.defaultProvider);
    const configured = world.defaultProvider.allowedAccountIds !== undefined || world.defaultProvider.assumeRoles !== undefined ||
        world.defaultProvider.assumeRole !== undefined;
    world.credentialsAccount = configured ? named.account : organizations.snapshot?.organization.managementAccountId ?? "000000000000";
    if (!organizations.snapshot) {
        // getOrganization: Pulumi runs with the management account's credentials.
        world.organization = { ...world.organization, managementAccount: world.credentialsAccount };
    }

    // The program's console output goes to stderr: a report on stdout stays clean.
    let printed = 0;
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    const toLog = (...args: unknown[]) => {
        printed++;
        log(`${args.map(a => typeof a === "string" ? a : JSON.stringify(a)).join(" ")}\n`);
    };
    console.log = console.info = console.warn = console.error = console.debug = toLog;
    // Source-mapped stack traces (ts-node's source-map-support) cost a third of a run: the SDK takes a
    // stack trace for every promise and registration. V8 formats a stack when it is first read, so the
    // program runs with V8's own formatting and its errors are read (mapped to TypeScript) afterwards.
    const prepareStackTrace = Error.prepareStackTrace;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    const cwd = process.cwd();
    let outputs: Record<string, unknown> | undefined;
    const failures: unknown[] = [];
    try {
        process.chdir(project.dir);
        try {
            outputs = await pulumi.runtime.runInPulumiStack(async () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const exported: unknown = require(entry);
                return exported instanceof Function ? exported() : exported;
            });
        } catch (e) {
            failures.push(e);
        }
        await settle();
    } finally {
        Error.prepareStackTrace = prepareStackTrace;
        process.chdir(cwd);
        Object.assign(console, original);
        process.off("uncaughtException", uncaught);
    }
    failures.push(...errors());
    const logged = (pulumi.log as { hasErrors?: () => boolean }).hasErrors?.() === true;
    if (failures.length === 0 && logged) {
        failures.push(new Error("the program logged errors (pulumi.log.error); pulumi up would fail"));
    }
    if (failures.length > 0) {
        throw classify(failures, stack, organizations);
    }
    const records = resources();
    const packageVersions = new Map<string, string | undefined>();
    for (const r of records) {
        const pkg = r.type.startsWith("pulumi:providers:") ? r.type.slice("pulumi:providers:".length) : r.type.split(":")[0];
        if (pkg !== "pulumi" && !packageVersions.has(pkg)) {
            packageVersions.set(pkg, packageVersion(project.dir, pkg));
        }
    }
    return { records, outputs, organizations, printed, packageVersions };
}
