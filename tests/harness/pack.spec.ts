/**
 * The shared harness (tests/harness/pack.ts) against the real, built ml-guardrails pack.
 */
import * as assert from "node:assert/strict";
import { ENFORCEMENT_LEVELS, HostResource, PolicyConfigError, PolicyInfo } from "../../cli/src/engine";
import { packHost } from "./pack";

const NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance";

const notebook: HostResource = {
    urn: `urn:pulumi:test::ml-governance::${NOTEBOOK}::harness-notebook`,
    type: NOTEBOOK,
    name: "harness-notebook",
    properties: { instanceType: "ml.t3.medium", roleArn: "arn:aws:iam::111122223333:role/notebook", directInternetAccess: "Enabled" },
};

/** A policy with a list-valued setting, and that setting (from the schemas the pack reports). */
function listSetting(policies: PolicyInfo[]): { policy: string; field: string } {
    for (const p of policies) {
        const props = (p.configSchema as { properties?: Record<string, { type?: string }> } | undefined)?.properties ?? {};
        const field = Object.keys(props).find(k => props[k].type === "array");
        if (field) {
            return { policy: p.name, field };
        }
    }
    throw new Error("no policy of the pack has a list setting");
}

describe("shared pack host (ml-guardrails)", () => {
    it("serves the ml-guardrails policies", async () => {
        const info = await packHost.info();
        assert.equal(info.name, "ml-guardrails");
        const names = info.policies.map(p => p.name);
        for (const expected of ["sagemaker-notebook-no-direct-internet", "sagemaker-notebook-kms"]) {
            assert.ok(names.includes(expected), `${expected} is missing from ${names.join(", ")}`);
        }
        assert.equal(new Set(names).size, names.length, "policy names are unique");
        for (const p of info.policies) {
            assert.ok(p.description, `${p.name} has no description`);
            assert.ok(ENFORCEMENT_LEVELS.includes(p.enforcementLevel), `${p.name}: ${p.enforcementLevel}`);
            if (p.configSchema) {
                assert.equal((p.configSchema as { type: string }).type, "object");
            }
        }
    });

    it("rejects a bad setting before analysing, naming the policy, the field and the expected type", async () => {
        const { policy, field } = listSetting((await packHost.info()).policies);
        await assert.rejects(packHost.configure({ [policy]: { [field]: 42 } }), (e: Error) => {
            assert.ok(e instanceof PolicyConfigError);
            assert.match(e.message, new RegExp(`policy "${policy}": ${field} must be of type array \\(got 42\\)`));
            return true;
        });
    });

    it("blocks a notebook without a KMS key, and its direct internet access, which no remediation may fix", async () => {
        const result = await packHost.evaluate([notebook]);
        const kms = result.diagnostics.filter(d => d.policyName === "sagemaker-notebook-kms");
        assert.ok(kms.length > 0, JSON.stringify(result.diagnostics, null, 1));
        assert.deepEqual(kms.map(d => [d.urn, d.type, d.enforcementLevel]), kms.map(() => [notebook.urn, NOTEBOOK, "mandatory"]));
        // The fix would replace an existing notebook (and delete its storage volume): the policy blocks instead.
        assert.equal((await packHost.info()).policies.find(p => p.name === "sagemaker-notebook-no-direct-internet")!.enforcementLevel, "mandatory");
        assert.ok(!result.remediated.some(r => r.policyName === "sagemaker-notebook-no-direct-internet"));
        const internet = result.diagnostics.filter(d => d.policyName === "sagemaker-notebook-no-direct-internet");
        assert.deepEqual(internet.map(d => d.enforcementLevel), ["mandatory"]);
        assert.match(internet[0].message, /replaces the instance/);
        // Root access (unset means Enabled) updates in place: the remediate level fixes it.
        assert.ok(result.remediated.some(r => r.urn === notebook.urn && r.policyName === "sagemaker-notebook-root-access-disabled"));
    });

    it("judges deployed state as it is: a fix the next update would apply is a mandatory violation, and listed", async () => {
        const planned = await packHost.evaluate([notebook]);
        const root = (e: typeof planned) => e.diagnostics.filter(d => d.policyName === "sagemaker-notebook-root-access-disabled");
        assert.deepEqual(root(planned), [], "planned inputs: the remediate level fixes root access before Analyze");
        assert.equal(planned.deployedState, false);
        const deployed = await packHost.evaluate([notebook], { deployedState: true });
        assert.equal(deployed.deployedState, true);
        assert.deepEqual(root(deployed).map(d => [d.urn, d.enforcementLevel]), [[notebook.urn, "mandatory"]]);
        const fix = deployed.remediated.find(r => r.policyName === "sagemaker-notebook-root-access-disabled");
        assert.deepEqual(fix, { urn: notebook.urn, type: NOTEBOOK, policyName: "sagemaker-notebook-root-access-disabled",
            description: "Users must not have root access on SageMaker notebook instances." });
    });

    it("reports each policy's remediation steps and external controls with GetAnalyzerInfo", async () => {
        const kms = (await packHost.info()).policies.find(p => p.name === "sagemaker-notebook-kms")!;
        assert.match(kms.remediationSteps ?? "", /^Set `kmsKeyId` to the ARN of a customer-managed key/);
        assert.deepEqual(kms.tags?.slice(0, 2), ["SageMaker.21", "sagemaker-notebook-instance-kms-key-configured"]);
        assert.equal(kms.severity, "high");
    });

    describe("config isolation", () => {
        it("applies the config a test sets", async () => {
            await packHost.configure({ all: "disabled" });
            const result = await packHost.evaluate([notebook]);
            assert.deepEqual(result.diagnostics, []);
            assert.deepEqual(result.remediated, []);
        });

        it("gives the next test the default config again", async () => {
            const result = await packHost.evaluate([notebook]);
            assert.ok(result.diagnostics.some(d => d.policyName === "sagemaker-notebook-kms" && d.enforcementLevel === "mandatory"));
        });

        describe("set in a before() hook", () => {
            before(() => packHost.configure({ "sagemaker-notebook-kms": "advisory" }));

            it("applies to the first test of the block", async () => {
                const result = await packHost.evaluate([notebook]);
                const kms = result.diagnostics.filter(d => d.policyName === "sagemaker-notebook-kms");
                assert.ok(kms.length > 0 && kms.every(d => d.enforcementLevel === "advisory"));
            });

            it("and to the next ones", async () => {
                const kms = (await packHost.analyze(notebook)).filter(d => d.policyName === "sagemaker-notebook-kms");
                assert.ok(kms.length > 0 && kms.every(d => d.enforcementLevel === "advisory"));
            });
        });

        // mocha runs a block's tests before its nested blocks: this one runs after the block above.
        describe("after that block", () => {
            it("the default config is back", async () => {
                const kms = (await packHost.analyze(notebook)).filter(d => d.policyName === "sagemaker-notebook-kms");
                assert.ok(kms.length > 0 && kms.every(d => d.enforcementLevel === "mandatory"));
            });
        });
    });
});
