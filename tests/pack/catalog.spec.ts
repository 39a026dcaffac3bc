/**
 * The pack's own bookkeeping: every policy is fully described, and every resource policy is covered
 * by the case files (a compliant case, a violating case, an unknown-input case, and a config case when
 * it has settings of its own).
 */
import * as assert from "assert";
import { policies } from "../../policypacks/ml-guardrails/src/policies";
import { UNKNOWN_SENTINELS } from "../../policypacks/ml-guardrails/src/lib/unknowns";
import { allCases } from "./cases";

const hasUnknown = (v: unknown): boolean => JSON.stringify(v).split('"').some(s => UNKNOWN_SENTINELS.has(s));

describe("policy catalog", () => {
    it("has unique, well-formed names", () => {
        const names = policies.map(p => p.name);
        assert.deepStrictEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
        for (const n of names) {
            assert.match(n, /^sagemaker-[a-z0-9-]+$/);
        }
    });

    it("describes every policy: description, severity, area, remediation, external controls", () => {
        for (const p of policies) {
            assert.ok(p.description.endsWith("."), `${p.name}: description is a sentence`);
            assert.ok(p.severity, `${p.name}: severity`);
            assert.ok(p.meta.area && p.meta.remediation.length > 20, `${p.name}: area and remediation`);
            const c = p.meta.controls;
            assert.ok([c.securityHub, c.awsConfig, c.checkov, c.prowler, c.controlTower, c.cis, c.other].some(list => list && list.length > 0),
                `${p.name}: controls`);
            assert.ok(p.meta.resourceTypes.length > 0, `${p.name}: resource types`);
        }
    });

    it("matches aws-native as well as aws types wherever aws-native has the resource", () => {
        // aws-native (CloudFormation) has no training, tuning or labeling job and no flow definition.
        const awsOnly = new Set([
            "aws:sagemaker/trainingJob:TrainingJob", "aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob",
            "aws:sagemaker/labelingJob:LabelingJob", "aws:sagemaker/flowDefinition:FlowDefinition",
        ]);
        for (const p of policies) {
            const types = p.meta.resourceTypes;
            if (types.some(t => t.startsWith("aws:sagemaker/") && !awsOnly.has(t))) {
                assert.ok(types.some(t => t.startsWith("aws-native:sagemaker:")), `${p.name} has no aws-native type`);
            }
        }
    });

    for (const p of policies.filter(q => q.meta.kind === "resource")) {
        it(`${p.name} has compliant, violating, unknown-input and config cases`, () => {
            const mine = allCases.filter(c => c.policy === p.name);
            assert.ok(mine.some(c => c.expect === "pass"), "a compliant case");
            assert.ok(mine.some(c => c.expect !== "pass"), "a violating case");
            const ownSettings = Object.keys(p.configSchema?.properties ?? {}).filter(k => k !== "exemptions");
            if (p.name !== "sagemaker-unreviewed-resource-type") {
                assert.ok(mine.some(c => hasUnknown(c.props)), "an unknown-input case");
            }
            if (ownSettings.length > 0) {
                assert.ok(mine.some(c => c.config && ownSettings.some(k => k in c.config!)), `a case for its settings (${ownSettings.join(", ")})`);
            }
        });
    }
});
