/**
 * The remediate level only changes inputs that update an existing resource in place: the engine's
 * Remediate request cannot tell a create from an update (lib/replacement.ts).
 */
import * as assert from "assert";
import { defineResourcePolicy } from "../../policypacks/ml-guardrails/src/lib/policy";
import { REPLACED_ON_CHANGE } from "../../policypacks/ml-guardrails/src/lib/replacement";
import { policies } from "../../policypacks/ml-guardrails/src/policies";

const NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance";

const spec = {
    name: "sagemaker-test", description: "A test policy.", area: "Test", severity: "high" as const,
    remediation: "Set the property to the safe value, which this test never does.", controls: { other: ["test"] },
    check() { /* the definition is what is under test */ },
};

describe("remediate level", () => {
    it("refuses a fix of an input that replaces the resource", () => {
        assert.throws(() => defineResourcePolicy({
            ...spec, enforcementLevel: "remediate", targets: { [NOTEBOOK]: "directInternetAccess" },
            remediate: { fixes: path => [{ path, value: "Disabled" }], effect: "none" },
        }), /sagemaker-test: cannot remediate `directInternetAccess`: changing `directInternetAccess` replaces an existing aws:sagemaker\/notebookInstance:NotebookInstance; make the policy mandatory instead/);
    });

    it("refuses a fix on a type whose replacing inputs were not reviewed", () => {
        assert.throws(() => defineResourcePolicy({
            ...spec, enforcementLevel: "remediate", targets: { "aws:sagemaker/domain:Domain": "appNetworkAccessType" },
            remediate: { fixes: path => [{ path, value: "VpcOnly" }], effect: "none" },
        }), /have not been reviewed/);
    });

    it("refuses the remediate level without a fix", () => {
        assert.throws(() => defineResourcePolicy({ ...spec, enforcementLevel: "remediate", targets: { [NOTEBOOK]: "rootAccess" } }),
            /the remediate level needs a fix/);
    });

    it("accepts a fix of an input that updates in place", () => {
        const p = defineResourcePolicy({
            ...spec, enforcementLevel: "remediate", targets: { [NOTEBOOK]: "rootAccess" },
            remediate: { fixes: path => [{ path, value: "Disabled" }], effect: "restarts it" },
        });
        assert.strictEqual(p.meta.remediationEffect, "restarts it");
        assert.strictEqual(typeof p.remediateResource, "function");
    });

    it("every remediating policy of the pack says what the update does, and fixes no replacing input", () => {
        const remediating = policies.filter(p => "remediateResource" in p && p.remediateResource);
        assert.deepStrictEqual(remediating.map(p => p.name).sort(),
            ["sagemaker-notebook-imdsv2", "sagemaker-notebook-root-access-disabled"]);
        for (const p of remediating) {
            assert.match(p.meta.remediationEffect ?? "", /stops a running instance, updates it and starts it again/, p.name);
            for (const type of p.meta.resourceTypes) {
                assert.ok(REPLACED_ON_CHANGE[type], `${p.name}: ${type} reviewed`);
            }
        }
        const internet = policies.find(p => p.name === "sagemaker-notebook-no-direct-internet")!;
        assert.strictEqual(internet.enforcementLevel, "mandatory");
        assert.ok(!("remediateResource" in internet && internet.remediateResource));
        for (const type of internet.meta.resourceTypes) {
            assert.ok(REPLACED_ON_CHANGE[type].includes("directInternetAccess"), type);
        }
    });
});
