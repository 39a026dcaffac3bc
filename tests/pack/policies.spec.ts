/**
 * Every policy case (tests/pack/cases) through the real pack, started as the Pulumi engine starts it
 * and driven over the gRPC analyzer protocol: Remediate, Analyze, then AnalyzeStack with the engine's
 * propertyDependencies. The pack under test is the built one (`npm run build`).
 */
import * as assert from "assert";
import { HostResource } from "../../cli/src/engine";
import { packHost } from "../harness/pack";
import { PolicyCase } from "./case";
import { allCases } from "./cases";

const PROJECT = "urn:pulumi:test::ml-governance";

function stackFor(c: PolicyCase, i: number): { resource: HostResource; all: HostResource[] } {
    const deps: HostResource[] = [];
    const propertyDependencies: Record<string, string[]> = {};
    for (const [property, types] of Object.entries(c.dependsOn ?? {})) {
        propertyDependencies[property] = types.map((type, j) => {
            const dep = { urn: `${PROJECT}::${type}::dep-${i}-${property}-${j}`, type, name: `dep-${i}-${property}-${j}`, properties: {} };
            deps.push(dep);
            return dep.urn;
        });
    }
    const resource: HostResource = {
        urn: `${PROJECT}::${c.type}::case-${i}`,
        type: c.type,
        name: `case-${i}`,
        properties: JSON.parse(JSON.stringify(c.props)),
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
        provider: c.provider
            ? { urn: `${PROJECT}::pulumi:providers:aws::ml`, type: "pulumi:providers:aws", name: "ml", properties: c.provider }
            : undefined,
    };
    return { resource, all: [...deps, resource] };
}

const RANK = { advisory: 1, mandatory: 2, remediate: 2, disabled: 0 } as const;

describe("policies through the analyzer protocol", function () {
    this.timeout(60_000);

    allCases.forEach((c, i) => {
        it(`${c.policy}: ${c.title} -> ${c.expect}`, async () => {
            const { resource, all } = stackFor(c, i);
            await packHost.configure(c.config ? { [c.policy]: c.config } : undefined, { stack: "test", project: "ml-governance", dryRun: true });
            const result = await packHost.evaluate(all);
            const mine = result.diagnostics.filter(d => d.policyName === c.policy && d.urn === resource.urn);
            const remediated = result.remediated.some(r => r.policyName === c.policy && r.urn === resource.urn);
            const shown = JSON.stringify(mine.map(d => `${d.enforcementLevel} [${d.stage}] ${d.message}`), null, 1);
            switch (c.expect) {
                case "pass":
                    assert.deepStrictEqual(mine, [], `expected no diagnostic, got ${shown}`);
                    break;
                case "remediated":
                    assert.ok(remediated, "expected a remediation");
                    assert.deepStrictEqual(mine, [], `expected no violation after remediation, got ${shown}`);
                    break;
                default: {
                    assert.ok(mine.length > 0, `expected a ${c.expect} diagnostic, got none`);
                    const top = Math.max(...mine.map(d => RANK[d.enforcementLevel]));
                    assert.strictEqual(top, RANK[c.expect], `expected ${c.expect}, got ${shown}`);
                }
            }
            if (c.message) {
                for (const d of mine) {
                    assert.match(d.message, c.message);
                }
            }
        });
    });
});
