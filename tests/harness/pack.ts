/**
 * Shared policy-pack host for the mocha run.
 *
 *     import { packHost } from "../harness/pack";
 *
 *     it("blocks a notebook with direct internet access", async () => {
 *         await packHost.configure({ "sagemaker-notebook-no-direct-internet": "mandatory" });
 *         const result = await packHost.evaluate([{ urn, type, name, properties }]);
 *         // result.diagnostics, result.remediated
 *     });
 *
 * - ONE pack process serves the whole run: the built ml-guardrails pack
 *   (policypacks/ml-guardrails/bin, so run `npm run build` first), started on first use the way the
 *   Pulumi engine starts it (cli/src/engine), and stopped by a root-level `after` hook this module
 *   registers when mocha loads it. Set MLGOV_PACK_DIR to serve another pack folder.
 * - Methods are those of PolicyPackHost (cli/src/engine/host.ts): configure, analyze, remediate,
 *   analyzeStack, evaluate, plus info() and host().
 * - configure() replaces the whole config (as in the engine) and validates it against the policies'
 *   schemas first: a bad config rejects with an error naming the policy and the field.
 * - Isolation: a config set by configure() in a test (or its beforeEach) lasts for that test; one
 *   set in a before() hook lasts for the tests of the describe block(s) that hook belongs to. Any
 *   other test runs with the pack's default config (the harness re-applies it before that test's
 *   first call), so config never leaks from one test, or one file, into the next.
 * - Calls are serialised: the engine talks to a pack one request at a time per resource, and some
 *   policies keep state between Analyze and AnalyzeStack.
 */
import {
    defaultPackDir, Diagnostic, Evaluation, EvaluationPlan, HostResource, PackInfo, PolicyPackHost, RemediationResult,
    StackSettings,
} from "../../cli/src/engine";

const packDir = process.env.MLGOV_PACK_DIR || defaultPackDir();

let starting: Promise<PolicyPackHost> | undefined;
let queue: Promise<unknown> = Promise.resolve();

// Config ownership (see "Isolation" above).
let currentTest: Mocha.Test | undefined;
let previousTest: Mocha.Test | undefined;
/** Who the config in force belongs to; undefined = the pack's defaults. */
let owner: { test: Mocha.Test } | { suite: Mocha.Suite } | undefined;
/** configure() was called outside a test (a before() hook): resolved at the next test. */
let setInHook = false;
/** The config in force does not belong to the running test: re-apply defaults before its first call. */
let stale = false;

function host(): Promise<PolicyPackHost> {
    if (!starting) {
        // A failed start is reported to every caller; a broken pack is not restarted for each test.
        starting = PolicyPackHost.start(packDir, { timeoutMs: 60_000 });
    }
    return starting;
}

/** Runs `fn` after every earlier call has finished. */
function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
}

function contains(suite: Mocha.Suite, test: Mocha.Test | undefined): boolean {
    for (let s = test?.parent; s; s = s.parent) {
        if (s === suite) {
            return true;
        }
    }
    return false;
}

/** The outermost describe block entered between the previous test and `test` (whose before() hooks ran). */
function enteredSuite(test: Mocha.Test): Mocha.Suite | undefined {
    let entered: Mocha.Suite | undefined;
    for (let s = test.parent; s && !s.root; s = s.parent) {
        if (!contains(s, previousTest)) {
            entered = s;
        }
    }
    return entered ?? test.parent;
}

function testStarting(test: Mocha.Test | undefined): void {
    currentTest = test;
    if (!test) {
        return;
    }
    if (setInHook) {
        setInHook = false;
        const suite = enteredSuite(test);
        owner = suite ? { suite } : undefined;
    }
    if (owner && ("test" in owner || !contains(owner.suite, test))) {
        stale = true;
    }
}

async function withDefaults(h: PolicyPackHost): Promise<PolicyPackHost> {
    if (stale) {
        // {} = the host's placeholder stack: also resets stack tags and dryRun a test may have set.
        await h.configure(undefined, {});
        stale = false;
        owner = undefined;
    }
    return h;
}

export const packHost = {
    /** The started host (starts the pack on first use). */
    host,
    /** GetAnalyzerInfo of the pack: its name, version and policies. */
    info: async (): Promise<PackInfo> => (await host()).info,
    configure: (config?: unknown, stack?: StackSettings): Promise<void> => {
        const before = { owner, setInHook, stale };
        if (currentTest) {
            owner = { test: currentTest };
        } else {
            setInHook = true;
        }
        stale = false;
        return serial(async () => (await host()).configure(config, stack)).catch(e => {
            // A rejected config changed nothing in the pack.
            ({ owner, setInHook, stale } = before);
            throw e;
        });
    },
    analyze: (r: HostResource): Promise<Diagnostic[]> =>
        serial(async () => (await withDefaults(await host())).analyze(r)),
    remediate: (r: HostResource): Promise<RemediationResult> =>
        serial(async () => (await withDefaults(await host())).remediate(r)),
    analyzeStack: (rs: HostResource[]): Promise<Diagnostic[]> =>
        serial(async () => (await withDefaults(await host())).analyzeStack(rs)),
    evaluate: (rs: HostResource[] | EvaluationPlan, opts?: { deployedState?: boolean }): Promise<Evaluation> =>
        serial(async () => (await withDefaults(await host())).evaluate(rs, opts)),
};

async function closeSharedHost(): Promise<void> {
    const pending = starting;
    starting = undefined;
    if (pending) {
        await pending.then(h => h.close(), () => undefined);
    }
}

// Root hooks: registered at load time, outside any describe(), so they apply to the whole run.
if (typeof beforeEach === "function" && typeof afterEach === "function" && typeof after === "function") {
    beforeEach(function (this: Mocha.Context) {
        testStarting(this.currentTest);
    });
    afterEach(function (this: Mocha.Context) {
        previousTest = this.currentTest;
        currentTest = undefined;
    });
    after(closeSharedHost);
}
