/**
 * How the pack meets @pulumi/policy's request handling (server.js), in process with the SDK's own
 * Analyze and AnalyzeStack handlers and the pack's policies:
 *  - decodeOnce: a request's properties are decoded once, not once per policy, and every verdict is
 *    the same as with the SDK's own per-policy decoding; no policy changes the shared value.
 *  - a resource policy offers validateStack only while it holds deferred findings, and a stack
 *    policy that only concerns some types only once Analyze has seen one of them, so AnalyzeStack
 *    runs only the policies with something to do.
 */
import * as assert from "node:assert/strict";
import type { PolicyPack } from "@pulumi/policy";
import { analyzeRequest, analyzerResource, HostResource } from "../../cli/src/engine";
import { decodeOnce } from "../../policypacks/ml-guardrails/src/lib/decode-once";
import { policies } from "../../policypacks/ml-guardrails/src/policies";
import { allCases } from "./cases";
import { KEY_ARN, UNKNOWN } from "./case";

type Decode = (struct: object, proxySecrets: boolean) => Record<string, unknown>;
// The SDK's internals (untyped): the module the server decodes through, and its handler factories.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkDecoding = require("@pulumi/policy/deserialize") as { deserializeProperties: Decode };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: PolicyPack["policies"]): Handler;
    makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: PolicyPack["policies"]): Handler;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structPb = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");

interface Response {
    getDiagnosticsList(): Array<{ toObject(): unknown }>;
}
type Handler = (call: { request: unknown }, callback: (err: unknown, res?: Response) => void) => Promise<void>;

const analyze = server.makeAnalyzeRpcFun("ml-guardrails", "0.0.0", "mandatory", [...policies]);
const analyzeStack = server.makeAnalyzeStackRpcFun("ml-guardrails", "0.0.0", "mandatory", [...policies]);

function handle(handler: Handler, request: unknown): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, res) => (err || !res ? reject(err) : resolve(res.getDiagnosticsList().map(d => d.toObject()))));
    });
}

const PROVIDER = {
    urn: "urn:pulumi:dev::ml-governance::pulumi:providers:aws::member", type: "pulumi:providers:aws", name: "member",
    properties: { region: "us-east-1", allowedAccountIds: '["111122223333"]' },
};

/** Every case file resource, as the engine would send it (with a provider). */
const resources: HostResource[] = allCases.map((c, i) => ({
    urn: `urn:pulumi:dev::ml-governance::${c.type}::case${i}`, type: c.type, name: `case${i}`, properties: c.props, provider: PROVIDER,
}));

/** Analyze of every resource, then AnalyzeStack of all of them: the diagnostics of each call. */
async function verdicts(): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const r of resources) {
        out.push(await handle(analyze, analyzeRequest(r, true)));
    }
    const stack = new analyzerPb.AnalyzeStackRequest();
    stack.setResourcesList(resources.map(analyzerResource));
    out.push(await handle(analyzeStack, stack));
    return out;
}

describe("the pack in the policy SDK's request handling", function () {
    this.timeout(60_000);
    const original = sdkDecoding.deserializeProperties;
    afterEach(async () => {
        sdkDecoding.deserializeProperties = original;
        // An AnalyzeStack ends every deferral a test left behind (the policies are shared by the specs).
        await handle(analyzeStack, new analyzerPb.AnalyzeStackRequest());
    });

    describe("decodeOnce", () => {
        it("decodes each request's properties once per Analyze, where the SDK alone decodes them once per policy", async () => {
            const r = resources.find(x => x.type === "aws:sagemaker/notebookInstance:NotebookInstance")!;
            const count = async () => {
                let calls = 0;
                const inner = sdkDecoding.deserializeProperties;
                sdkDecoding.deserializeProperties = (s, p) => {
                    calls++;
                    return inner(s, p);
                };
                await handle(analyze, analyzeRequest(r, true));
                sdkDecoding.deserializeProperties = inner;
                return calls;
            };
            let decodings = 0;
            const counting: Decode = (s, p) => {
                decodings++;
                return original(s, p);
            };
            sdkDecoding.deserializeProperties = counting;
            const calls = await count();
            assert.ok(calls >= policies.length, `the SDK asks for the properties once per policy (${calls} calls)`);
            assert.equal(decodings, calls);

            decodings = 0;
            sdkDecoding.deserializeProperties = counting;
            assert.equal(decodeOnce(sdkDecoding as never), true);
            const shared = await count();
            assert.equal(shared, calls, "the SDK still asks as often");
            assert.equal(decodings, 2, "but the resource's and its provider's properties are decoded once each");
        });

        it("gives every verdict of the SDK's own decoding, Analyze and AnalyzeStack, on every case file resource", async () => {
            const own = await verdicts();
            assert.equal(decodeOnce(sdkDecoding as never), true);
            assert.notEqual(sdkDecoding.deserializeProperties, original);
            const shared = await verdicts();
            assert.deepEqual(shared, own);
            assert.ok(own.flat().length > 50, "the cases produce diagnostics to compare");
        });

        it("leaves the decoded value as it found it after every policy ran on it", async () => {
            decodeOnce(sdkDecoding as never);
            for (const r of resources) {
                const request = analyzeRequest(r, true);
                await handle(analyze, request);
                const cached = sdkDecoding.deserializeProperties(request.getProperties()!, false);
                assert.deepEqual(cached, original(request.getProperties()!, false), r.urn);
            }
        });

        it("decodes again with secret-preserving proxies (Remediate), and for every new request", () => {
            decodeOnce(sdkDecoding as never);
            const a = structPb.Struct.fromJavaScript({ kmsKeyId: KEY_ARN });
            const b = structPb.Struct.fromJavaScript({ kmsKeyId: KEY_ARN });
            const decode = sdkDecoding.deserializeProperties;
            assert.equal(decode(a, false), decode(a, false));
            assert.notEqual(decode(a, false), decode(b, false));
            assert.notEqual(decode(a, true), decode(a, true));
            assert.deepEqual({ ...decode(a, true) }, { kmsKeyId: KEY_ARN });
        });

        it("is installed once, and not at all on an SDK version not reviewed or whose decoding has another shape", () => {
            const module = { deserializeProperties: original };
            assert.equal(decodeOnce(module as never), true);
            const installed = module.deserializeProperties;
            assert.equal(decodeOnce(module as never), true);
            assert.equal(module.deserializeProperties, installed, "not wrapped twice");
            const other = { deserializeProperties: (s: object) => ({ s }) };
            const before = other.deserializeProperties;
            assert.equal(decodeOnce(other as never), false);
            assert.equal(other.deserializeProperties, before);
            const newer = { deserializeProperties: original };
            assert.equal(decodeOnce(newer as never, "v1.22.0"), false);
            assert.equal(newer.deserializeProperties, original);
            assert.equal(decodeOnce(newer as never, "1.21.3"), true);
        });
    });

    describe("validateStack of the resource policies", () => {
        const stackPolicies = () => policies.filter(p => typeof p.validateStack === "function").map(p => p.name).sort();
        const proper = policies.filter(p => p.meta.kind === "stack").map(p => p.name).sort();
        const GATED = "sagemaker-execution-role-least-privilege";

        it("is offered only by the stack policies proper when nothing is deferred", async () => {
            await verdicts();
            assert.deepEqual(stackPolicies(), proper.filter(n => n !== GATED), "AnalyzeStack disarmed the gated policy");
            const notebook = resources.find(r => r.type === "aws:sagemaker/notebookInstance:NotebookInstance")!;
            await handle(analyze, analyzeRequest({ ...notebook, properties: { ...notebook.properties, kmsKeyId: KEY_ARN } }, true));
            assert.deepEqual(stackPolicies(), proper, "Analyze of a notebook armed the execution-role policy");
            const stack = new analyzerPb.AnalyzeStackRequest();
            stack.setResourcesList([analyzerResource(notebook)]);
            await handle(analyzeStack, stack);
            assert.deepEqual(stackPolicies(), proper.filter(n => n !== GATED));
        });

        it("leaves the execution-role policy out of a stack with no notebook, domain or user profile", async () => {
            const model = resources.find(r => r.type === "aws:sagemaker/model:Model")!;
            await handle(analyze, analyzeRequest(model, true));
            assert.ok(!stackPolicies().includes(GATED));
        });

        it("appears with a deferred finding and goes once AnalyzeStack has resolved it", async () => {
            const notebook: HostResource = {
                urn: "urn:pulumi:dev::ml-governance::aws:sagemaker/notebookInstance:NotebookInstance::deferred",
                type: "aws:sagemaker/notebookInstance:NotebookInstance", name: "deferred",
                properties: { instanceType: "ml.t3.medium", roleArn: "arn:aws:iam::111122223333:role/r", kmsKeyId: UNKNOWN },
            };
            await handle(analyze, analyzeRequest(notebook, true));
            const deferring = stackPolicies().filter(n => !proper.includes(n));
            assert.ok(deferring.length >= 1, "a policy defers the unknown KMS key");
            const stack = new analyzerPb.AnalyzeStackRequest();
            stack.setResourcesList([analyzerResource(notebook)]);
            const diagnostics = await handle(analyzeStack, stack) as Array<{ policyname: string }>;
            assert.ok(diagnostics.some(d => deferring.includes(d.policyname)), "the deferred finding is reported at AnalyzeStack");
            assert.deepEqual(stackPolicies(), proper.filter(n => n !== GATED));
        });
    });
});
