/**
 * Everything DetectiveControls creates, sent through the real ml-guardrails pack (built, over gRPC, as
 * the engine runs it): no mandatory violation with the pack's defaults nor with config/prod.json, alone
 * and next to a SecureMlDomain in the same account.
 *
 * The component creates no SageMaker resource, so the stack policy `sagemaker-cloudtrail-coverage`
 * has nothing to ask of it alone; next to a domain, the organization trail is named in its config as
 * pack.spec.ts does.
 */
import "./mocks";
import * as assert from "node:assert/strict";
import { HostResource } from "../../cli/src/engine";
import { DetectiveControls, DetectiveControlsArgs, SecureMlDomain } from "../../components";
import { evaluate, mandatory, memberStack, ORGANIZATION_TRAIL, PROD_TAGS, prodConfig, show } from "./stack";

const ACCOUNT = "333344445555";
const REGION = "us-east-1";

/** Every kind of resource the component can create. */
const EVERYTHING: DetectiveControlsArgs = {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    macieBucketNames: [`ml-data-${ACCOUNT}-${REGION}`],
    enableUnusedAccessAnalyzer: true,
    guardDutyFeatures: ["RUNTIME_MONITORING", "EBS_MALWARE_PROTECTION"],
    recordGlobalResources: true,
    tags: PROD_TAGS,
};

const controls = (args: DetectiveControlsArgs) =>
    memberStack(provider => new DetectiveControls("dc", args, { provider }), {}, ACCOUNT, REGION);

describe("DetectiveControls through the ml-guardrails pack", function () {
    this.timeout(60_000);
    let resources: HostResource[];

    before(async () => {
        resources = await controls(EVERYTHING);
        const types = new Set(resources.map(r => r.type));
        for (const t of ["aws:cfg/recorder:Recorder", "aws:cfg/rule:Rule", "aws:securityhub/account:Account", "aws:guardduty/detector:Detector",
            "aws:macie2/classificationJob:ClassificationJob", "aws:accessanalyzer/analyzer:Analyzer", "aws:ec2/flowLog:FlowLog",
            "aws:lambda/function:Function", "aws:cloudwatch/eventRule:EventRule", "aws:sqs/queue:Queue", "aws:sns/topic:Topic"]) {
            assert.ok(types.has(t), `${t} is in the stack`);
        }
        assert.ok(resources.filter(r => r.type.startsWith("aws:")).every(r => r.provider?.properties.allowedAccountIds === JSON.stringify([ACCOUNT])));
    });

    it("finds no mandatory violation with the pack's default config", async () => {
        const found = await evaluate(resources, {});
        assert.deepEqual(mandatory(found), [], show(found));
    });

    it("finds no mandatory violation with config/prod.json", async () => {
        const found = await evaluate(resources, prodConfig());
        assert.deepEqual(mandatory(found), [], show(found));
    });

    it("finds no mandatory violation with no optional argument", async () => {
        const bare = await controls({});
        assert.ok(bare.some(r => r.type === "aws:lambda/function:Function"));
        for (const config of [{}, prodConfig()]) {
            const found = await evaluate(bare, config);
            assert.deepEqual(mandatory(found), [], show(found));
        }
    });

    it("finds none next to a SecureMlDomain of the same account either (the organization trail covers the account)", async () => {
        const both = await memberStack(provider => {
            const domain = new SecureMlDomain("ml", { userProfiles: ["alice"], tags: PROD_TAGS }, { provider });
            new DetectiveControls("dc", {
                vpcId: domain.vpcId, approvedSubnetIds: [domain.subnetIds.apply(s => s[0])],
                macieBucketNames: [domain.dataBucketName, domain.modelBucketName], approvedKmsKeyArns: [domain.studioKeyArn, domain.dataKeyArn],
                requiredTagKeys: Object.keys(PROD_TAGS), tags: PROD_TAGS,
            }, { provider });
        }, {}, ACCOUNT, REGION);
        assert.ok(both.some(r => r.type === "aws:sagemaker/domain:Domain") && both.some(r => r.type === "aws:cfg/rule:Rule"));
        assert.equal(new Set(both.map(r => r.urn)).size, both.length, "no URN is shared");
        for (const config of [ORGANIZATION_TRAIL, { ...prodConfig(), ...ORGANIZATION_TRAIL }]) {
            const found = await evaluate(both, config);
            assert.deepEqual(mandatory(found), [], show(found));
        }
    });
});
