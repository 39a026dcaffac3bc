import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { policies } from "../policypacks/ml-guardrails/src/policies";
import { DEFAULT_GUARDRAIL_OPTIONS, GUARDRAILS } from "../components/guardrails";
import { renderGuardrailDocs } from "../tools/guardrail-docs";
import { renderPolicyDocs } from "../tools/policy-docs";

describe("generated docs", () => {
    it("docs/policies.md matches the pack (run `npm run docs` after changing a policy)", () => {
        const committed = readFileSync(join(__dirname, "..", "docs", "policies.md"), "utf8");
        assert.strictEqual(committed, renderPolicyDocs(policies));
    });

    it("docs/guardrails.md matches the guardrail catalog (run `npm run docs` after changing a guardrail)", () => {
        const committed = readFileSync(join(__dirname, "..", "docs", "guardrails.md"), "utf8");
        assert.strictEqual(committed, renderGuardrailDocs(GUARDRAILS, DEFAULT_GUARDRAIL_OPTIONS));
    });

    it("lists every policy with its level, controls and remediation", () => {
        const doc = renderPolicyDocs(policies);
        for (const p of policies) {
            assert.ok(doc.includes(`### ${p.name}\n`), p.name);
            assert.ok(doc.includes(p.meta.remediation), `${p.name} remediation`);
            for (const id of p.meta.controls.securityHub ?? []) {
                assert.ok(doc.includes(`\`${id}\``), `${p.name} maps ${id}`);
            }
        }
    });
});
