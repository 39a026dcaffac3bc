/**
 * The external controls the policies cite exist upstream (tests/pack/upstream-controls.ts says where
 * each list was read), and the pack covers every SageMaker control of those anchors.
 */
import * as assert from "assert";
import { SAGEMAKER_CONFIG_RULES, SUPPORTING_CONFIG_RULES } from "../../components/detective/config-rules";
import { policies } from "../../policypacks/ml-guardrails/src/policies";
import {
    CHECKOV, CIS, CONTROL_TOWER, PROWLER_NOT_PREVENTIVE, PROWLER_OTHER, PROWLER_SAGEMAKER, SECURITY_HUB,
} from "./upstream-controls";

type Anchor = "securityHub" | "awsConfig" | "checkov" | "prowler" | "controlTower" | "cis";

const cited = (anchor: Anchor) => new Map(policies.flatMap(p => (p.meta.controls[anchor] ?? []).map(id => [id, p.name] as const)));
const citedBy = (anchor: Anchor, id: string) => policies.filter(p => (p.meta.controls[anchor] ?? []).includes(id)).map(p => p.name);

const CONFIG_RULES = [...SAGEMAKER_CONFIG_RULES, ...SUPPORTING_CONFIG_RULES];

describe("external controls", () => {
    const upstream: Record<Anchor, readonly string[]> = {
        securityHub: Object.keys(SECURITY_HUB),
        awsConfig: CONFIG_RULES.map(r => r.name),
        checkov: Object.keys(CHECKOV),
        prowler: [...PROWLER_SAGEMAKER, ...PROWLER_OTHER],
        controlTower: CONTROL_TOWER,
        cis: CIS,
    };

    for (const anchor of Object.keys(upstream) as Anchor[]) {
        it(`every ${anchor} id a policy cites exists upstream`, () => {
            const unknown = [...cited(anchor)].filter(([id]) => !upstream[anchor].includes(id)).map(([id, p]) => `${p}: ${id}`);
            assert.deepStrictEqual(unknown, []);
        });
    }

    it("covers Security Hub SageMaker.1 to SageMaker.25", () => {
        const ids = Object.keys(SECURITY_HUB).filter(id => id.startsWith("SageMaker."));
        assert.strictEqual(ids.length, 25);
        assert.deepStrictEqual(ids.filter(id => citedBy("securityHub", id).length === 0), []);
    });

    it("covers every SageMaker managed rule of AWS Config (the 35 DetectiveControls deploys)", () => {
        assert.strictEqual(SAGEMAKER_CONFIG_RULES.length, 35);
        assert.deepStrictEqual(SAGEMAKER_CONFIG_RULES.map(r => r.name).filter(n => citedBy("awsConfig", n).length === 0), []);
    });

    it("a policy that cites a Config rule also cites the Security Hub control that runs it", () => {
        const missing = SAGEMAKER_CONFIG_RULES.filter(r => r.securityHub).flatMap(r => citedBy("awsConfig", r.name)
            .filter(p => !citedBy("securityHub", r.securityHub!).includes(p)).map(p => `${p}: ${r.name} is ${r.securityHub}`));
        assert.deepStrictEqual(missing, []);
    });

    it("covers every SageMaker check of Checkov, Control Tower's SageMaker controls and Prowler's preventable ones", () => {
        assert.deepStrictEqual(Object.keys(CHECKOV).filter(id => citedBy("checkov", id).length === 0), []);
        assert.deepStrictEqual(CONTROL_TOWER.filter(id => citedBy("controlTower", id).length === 0), []);
        assert.deepStrictEqual(PROWLER_SAGEMAKER.filter(id => !PROWLER_NOT_PREVENTIVE[id] && citedBy("prowler", id).length === 0), []);
    });

    it("cites no Prowler check as covered that only the account's runtime state can answer", () => {
        assert.deepStrictEqual(Object.keys(PROWLER_NOT_PREVENTIVE).filter(id => citedBy("prowler", id).length > 0), []);
    });
});
