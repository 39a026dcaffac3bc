/**
 * Benchmark of the ml-guardrails pack as the engine runs it (`npm run bench:pack`; build the pack
 * first with `npm run build`). Prints numbers; it is not a test and always exits 0 once it has run.
 *
 *  - Startup: spawn of the pack process to the answer of its first Analyze (GetAnalyzerInfo,
 *    ConfigureStack and Configure in between, as in the engine), median of 5 fresh starts.
 *  - Analyze: 10,000 synthetic SageMaker resources (notebook instances, models, endpoint
 *    configurations, training jobs, domains; compliant, violating, and with preview unknowns), one
 *    Analyze RPC each, sent one after the other; latency per call (client-side marshalling included)
 *    and throughput. A warm-up of 500 other resources runs first and is not counted.
 *  - Pack-side handling: the same requests given, in this process, to the policy SDK's own Analyze
 *    handler with the built policies (policypacks/ml-guardrails/bin) — the pack's work without the
 *    transport, to tell its cost from this machine's gRPC round-trip jitter.
 *
 * Options: --pack <dir> (default policypacks/ml-guardrails), --resources <n> (default 10000),
 * --starts <n> (default 5), --seed <n>.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeRequest, defaultPackDir, Diagnostic, HostResource, PolicyPackHost, UNKNOWN_ARRAY, UNKNOWN_STRING } from "../cli/src/engine";

const TARGET_STARTUP_MS = 1500;
const TARGET_P99_MS = 2;
const WARMUP = 500;

function option(name: string, fallback: number): number;
function option(name: string, fallback: string): string;
function option(name: string, fallback: number | string): number | string {
    const i = process.argv.indexOf(`--${name}`);
    if (i < 0 || process.argv[i + 1] === undefined) {
        return fallback;
    }
    const raw = process.argv[i + 1];
    if (typeof fallback === "number") {
        const n = Number(raw);
        if (!Number.isInteger(n) || n <= 0) {
            throw new Error(`--${name} must be a positive whole number (got ${raw})`);
        }
        return n;
    }
    return raw;
}

/** mulberry32: a small deterministic PRNG, so that every run sends the same resources. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const ACCOUNT = "111122223333";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/5c1e8f2a-7b3d-4e6f-9a0b-2d4c6e8f1a3b`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`;
const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"];
const SGS = ["sg-0a1b2c3d4e5f60718"];
const TAGS = { Project: "ml-governance", Environment: "bench", Owner: "ml-platform" };
const PROJECT = "urn:pulumi:bench::ml-governance";
const PROVIDER = {
    urn: `${PROJECT}::pulumi:providers:aws::default_7_48_0`, type: "pulumi:providers:aws", name: "default_7_48_0",
    properties: { region: "us-east-1", version: "7.48.0" },
};

type Variant = "compliant" | "violating" | "unknown";
type Generator = (v: Variant, n: number) => Record<string, unknown>;

/** Property generators per resource type, for the three variants. */
const GENERATORS: Record<string, Generator> = {
    "aws:sagemaker/notebookInstance:NotebookInstance": (v, n) => ({
        name: `notebook-${n}`, instanceType: v === "violating" ? "ml.p4d.24xlarge" : "ml.t3.medium", roleArn: ROLE,
        directInternetAccess: v === "violating" ? "Enabled" : "Disabled", rootAccess: "Disabled",
        platformIdentifier: "notebook-al2023-v1",
        instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: "2" },
        ...(v === "violating" ? {} : {
            kmsKeyId: v === "unknown" ? UNKNOWN_STRING : KEY,
            subnetId: v === "unknown" ? UNKNOWN_STRING : SUBNETS[n % 2],
            securityGroups: v === "unknown" ? UNKNOWN_ARRAY : SGS,
        }),
        tags: TAGS,
    }),
    "aws:sagemaker/model:Model": (v, n) => ({
        name: `model-${n}`, executionRoleArn: ROLE,
        primaryContainer: { image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/models:${n}`, modelDataUrl: `s3://ml-models/${n}/model.tar.gz` },
        enableNetworkIsolation: v !== "violating",
        ...(v === "violating" ? {} : {
            vpcConfig: { subnets: v === "unknown" ? UNKNOWN_ARRAY : SUBNETS, securityGroupIds: SGS },
        }),
        tags: TAGS,
    }),
    "aws:sagemaker/endpointConfiguration:EndpointConfiguration": (v, n) => ({
        name: `endpoint-config-${n}`,
        kmsKeyArn: v === "violating" ? undefined : v === "unknown" ? UNKNOWN_STRING : KEY,
        productionVariants: [{
            variantName: "primary", modelName: `model-${n}`, initialInstanceCount: v === "violating" ? 1 : 2,
            instanceType: v === "violating" ? "ml.p4d.24xlarge" : "ml.m5.large",
        }],
        dataCaptureConfig: v === "violating" ? undefined : {
            enableCapture: true, initialSamplingPercentage: 20, destinationS3Uri: "s3://ml-capture/",
            kmsKeyId: v === "unknown" ? UNKNOWN_STRING : KEY,
            captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
        },
        tags: TAGS,
    }),
    "aws:sagemaker/trainingJob:TrainingJob": (v, n) => ({
        trainingJobName: `training-${n}`, roleArn: ROLE,
        algorithmSpecification: { trainingImage: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/train:latest`, trainingInputMode: "File" },
        resourceConfig: {
            instanceType: "ml.m5.xlarge", instanceCount: 1, volumeSizeInGb: 50,
            volumeKmsKeyId: v === "violating" ? undefined : v === "unknown" ? UNKNOWN_STRING : KEY,
        },
        outputDataConfig: { s3OutputPath: "s3://ml-training/output/", kmsKeyId: v === "violating" ? undefined : KEY },
        vpcConfig: v === "violating" ? undefined : { subnets: SUBNETS, securityGroupIds: v === "unknown" ? UNKNOWN_ARRAY : SGS },
        enableNetworkIsolation: v !== "violating",
        enableInterContainerTrafficEncryption: v !== "violating",
        stoppingCondition: { maxRuntimeInSeconds: 86400 },
        tags: TAGS,
    }),
    "aws:sagemaker/domain:Domain": (v, n) => ({
        domainName: `studio-${n}`, authMode: "IAM", vpcId: "vpc-0a1b2c3d4e5f60718",
        subnetIds: v === "unknown" ? UNKNOWN_ARRAY : SUBNETS,
        appNetworkAccessType: v === "violating" ? "PublicInternetOnly" : "VpcOnly",
        kmsKeyId: v === "violating" ? undefined : v === "unknown" ? UNKNOWN_STRING : KEY,
        defaultUserSettings: { executionRole: ROLE, securityGroups: v === "violating" ? [] : SGS },
        tags: TAGS,
    }),
};

function syntheticResources(count: number, seed: number, prefix: string): HostResource[] {
    const random = prng(seed);
    const types = Object.keys(GENERATORS);
    const out: HostResource[] = [];
    for (let n = 0; n < count; n++) {
        const type = types[n % types.length];
        const roll = random();
        const variant: Variant = roll < 0.45 ? "compliant" : roll < 0.85 ? "violating" : "unknown";
        const name = `${prefix}-${n}`;
        out.push({
            urn: `${PROJECT}::${type}::${name}`, type, name,
            properties: JSON.parse(JSON.stringify(GENERATORS[type](variant, n))),
            provider: PROVIDER,
        });
    }
    return out;
}

function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) {
        return NaN;
    }
    const rank = Math.ceil((p / 100) * sorted.length) - 1;
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const ms = (ns: bigint) => Number(ns) / 1e6;
const verdict = (met: boolean) => (met ? "MET" : "NOT MET");

async function measureStartup(packDir: string, probe: HostResource): Promise<number> {
    const t0 = process.hrtime.bigint();
    const host = await PolicyPackHost.start(packDir, { stack: { stack: "bench", project: "ml-governance", dryRun: true } });
    try {
        await host.configure();
        await host.analyze(probe);
        return ms(process.hrtime.bigint() - t0);
    } finally {
        await host.close();
    }
}

/** The SDK's Analyze handler (internal to @pulumi/policy, so untyped) over the built policies. */
type Handler = (call: { request: unknown }, cb: (err: unknown, res: unknown) => void) => Promise<void>;

async function measurePackSide(packDir: string, resources: HostResource[]): Promise<number[]> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const server = require(require.resolve("@pulumi/policy/server", { paths: [packDir] }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { policies } = require(path.join(packDir, "bin", "policies.js"));
    // What the pack's index.js does before it serves (ml-guardrails: decode each request once).
    const decoding = path.join(packDir, "bin", "lib", "decode-once.js");
    if (fs.existsSync(decoding)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(decoding).decodeOnce(require(require.resolve("@pulumi/policy/deserialize", { paths: [packDir] })));
    }
    const handler: Handler = server.makeAnalyzeRpcFun("ml-guardrails", "bench", "mandatory", policies);
    const requests = resources.map(r => analyzeRequest(r, true));
    const run = (request: unknown) => new Promise<void>((resolve, reject) =>
        void handler({ request }, err => (err ? reject(err) : resolve())));
    for (const request of requests.slice(0, WARMUP)) {
        await run(request);
    }
    const out: number[] = [];
    for (const request of requests) {
        const start = process.hrtime.bigint();
        await run(request);
        out.push(ms(process.hrtime.bigint() - start));
    }
    return out.sort((a, b) => a - b);
}

async function main(): Promise<void> {
    const packDir = path.resolve(option("pack", defaultPackDir()));
    const total = option("resources", 10_000);
    const starts = option("starts", 5);
    const seed = option("seed", 20251126);
    const [probe] = syntheticResources(1, seed + 1, "startup-probe");

    console.log(`Policy pack benchmark: ${path.relative(process.cwd(), packDir) || packDir}, Node ${process.version}`);

    const startups: number[] = [];
    for (let i = 0; i < starts; i++) {
        startups.push(await measureStartup(packDir, probe));
    }
    const startup = median(startups);

    const host = await PolicyPackHost.start(packDir, { stack: { stack: "bench", project: "ml-governance", dryRun: true } });
    try {
        await host.configure();
        console.log(`Pack ${host.info.name}@${host.info.version}: ${host.info.policies.length} policies`);
        console.log("");
        console.log(`Startup (spawn to first answered Analyze), ${starts} starts: ` +
            `${startups.map(s => s.toFixed(0)).join(", ")} ms`);
        console.log(`  median ${(startup / 1000).toFixed(3)} s    target < ${(TARGET_STARTUP_MS / 1000).toFixed(1)} s: ` +
            verdict(startup < TARGET_STARTUP_MS));

        for (const r of syntheticResources(WARMUP, seed + 2, "warmup")) {
            await host.analyze(r);
        }
        // The floor any RPC pays on this machine (no policy runs), to read the Analyze numbers against.
        const floor = new Float64Array(2_000);
        for (let i = 0; i < floor.length; i++) {
            const start = process.hrtime.bigint();
            await host.pluginInfo();
            floor[i] = ms(process.hrtime.bigint() - start);
        }
        const floorSorted = Array.from(floor).sort((a, b) => a - b);

        const resources = syntheticResources(total, seed, "resource");
        const latencies = new Float64Array(resources.length);
        const levels: Record<string, number> = {};
        let flagged = 0;
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < resources.length; i++) {
            const start = process.hrtime.bigint();
            const ds: Diagnostic[] = await host.analyze(resources[i]);
            latencies[i] = ms(process.hrtime.bigint() - start);
            if (ds.length > 0) {
                flagged++;
            }
            for (const d of ds) {
                levels[d.enforcementLevel] = (levels[d.enforcementLevel] ?? 0) + 1;
            }
        }
        const elapsed = ms(process.hrtime.bigint() - t0);
        const sorted = Array.from(latencies).sort((a, b) => a - b);
        const p50 = percentile(sorted, 50);
        const p90 = percentile(sorted, 90);
        const p99 = percentile(sorted, 99);
        const mix = Object.keys(GENERATORS).map(t => t.split(":").pop()).join(", ");

        console.log("");
        console.log(`Analyze, ${resources.length.toLocaleString("en-US")} resources one RPC each (${mix}; ` +
            `after ${WARMUP} warm-up calls):`);
        console.log(`  latency p50 ${p50.toFixed(3)} ms, p90 ${p90.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, ` +
            `max ${sorted[sorted.length - 1].toFixed(3)} ms    target p99 < ${TARGET_P99_MS} ms: ${verdict(p99 < TARGET_P99_MS)}`);
        console.log(`  gRPC round trip without policy work (GetPluginInfo, ${floor.length} calls): ` +
            `p50 ${percentile(floorSorted, 50).toFixed(3)} ms, p99 ${percentile(floorSorted, 99).toFixed(3)} ms`);
        console.log(`  throughput ${Math.round(resources.length / (elapsed / 1000)).toLocaleString("en-US")} resources/s ` +
            `(${(elapsed / 1000).toFixed(2)} s in all)`);
        console.log(`  ${flagged.toLocaleString("en-US")} resources with diagnostics: ` +
            Object.entries(levels).map(([l, n]) => `${n.toLocaleString("en-US")} ${l}`).join(", "));
    } finally {
        await host.close();
    }

    const packSide = await measurePackSide(packDir, syntheticResources(total, seed, "resource"));
    console.log("");
    console.log(`Pack-side Analyze handling (the SDK's handler in this process, no transport), ${packSide.length.toLocaleString("en-US")} resources:`);
    console.log(`  p50 ${percentile(packSide, 50).toFixed(3)} ms, p90 ${percentile(packSide, 90).toFixed(3)} ms, ` +
        `p99 ${percentile(packSide, 99).toFixed(3)} ms    target p99 < ${TARGET_P99_MS} ms: ${verdict(percentile(packSide, 99) < TARGET_P99_MS)}`);
}

main().catch(e => {
    console.error(`bench:pack failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
});
