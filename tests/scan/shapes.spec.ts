/**
 * mlgov scan's shapes: each live resource (a documented Describe* response) becomes the inputs of
 * the Pulumi resource that would create it. Every input is one `@pulumi/aws` declares (read from its
 * type definitions), nothing secret is carried, and the real pack over gRPC passes the compliant one
 * and fails the other on exactly the expected mandatory policies.
 */
import * as assert from "node:assert/strict";
import { Tag } from "@aws-sdk/client-sagemaker";
import { judge } from "../../cli/src/scan/judge";
import { LiveResource } from "../../cli/src/scan/read";
import { Shape } from "../../cli/src/scan/shapes/common";
import { endpoint, endpointConfiguration } from "../../cli/src/scan/shapes/endpoint";
import { featureGroup } from "../../cli/src/scan/shapes/feature-store";
import { hyperParameterTuningJob, processingJob, trainingJob, transformJob } from "../../cli/src/scan/shapes/jobs";
import { model } from "../../cli/src/scan/shapes/model";
import { monitoringSchedule } from "../../cli/src/scan/shapes/monitoring";
import { notebookInstance } from "../../cli/src/scan/shapes/notebook";
import { app, domain, space, userProfile } from "../../cli/src/scan/shapes/studio";
import { packHost } from "../harness/pack";
import * as live from "./live";
import { PulumiInputs } from "./pulumi-typings";

interface Row {
    readonly kind: string;
    readonly toShape: (d: never, tags?: Tag[]) => Shape;
    readonly cases: live.LiveCase<{ $metadata: object }>;
    readonly arn: (d: never) => string;
}

const row = <D extends { $metadata: object }>(kind: string, toShape: (d: D, tags?: Tag[]) => Shape, cases: live.LiveCase<D>, arn: (d: D) => string): Row =>
    ({ kind, toShape: toShape as Row["toShape"], cases, arn: arn as Row["arn"] });

const ROWS: readonly Row[] = [
    row("notebook-instances", notebookInstance, live.NOTEBOOK, d => d.NotebookInstanceArn as string),
    row("domains", domain, live.DOMAIN, d => d.DomainArn as string),
    row("user-profiles", userProfile, live.USER_PROFILE, d => d.UserProfileArn as string),
    row("spaces", space, live.SPACE, d => d.SpaceArn as string),
    row("apps", app, live.APP, d => d.AppArn as string),
    row("models", model, live.MODEL, d => d.ModelArn as string),
    row("endpoint-configs", endpointConfiguration, live.ENDPOINT_CONFIG, d => d.EndpointConfigArn as string),
    row("endpoints", endpoint, live.ENDPOINT, d => d.EndpointArn as string),
    row("training-jobs", trainingJob, live.TRAINING_JOB, d => d.TrainingJobArn as string),
    row("processing-jobs", processingJob, live.PROCESSING_JOB, d => d.ProcessingJobArn as string),
    row("transform-jobs", transformJob, live.TRANSFORM_JOB, d => d.TransformJobArn as string),
    row("tuning-jobs", hyperParameterTuningJob, live.TUNING_JOB, d => d.HyperParameterTuningJobArn as string),
    row("monitoring-schedules", monitoringSchedule, live.MONITORING_SCHEDULE, d => d.MonitoringScheduleArn as string),
    row("feature-groups", featureGroup, live.FEATURE_GROUP, d => d.FeatureGroupArn as string),
];

function resource(r: Row, d: never): LiveResource {
    const arn = r.arn(d);
    return { accountId: live.ACCOUNT, region: live.REGION, kind: r.kind, arn, name: arn.split("/").slice(1).join("/"), shape: r.toShape(d, live.TAGS) };
}

/** Types `@pulumi/aws` has. */
const checkable = (type: string) => type.startsWith("aws:sagemaker/") && type !== "aws:sagemaker/transformJob:TransformJob";

const mandatory = async (r: LiveResource) =>
    [...new Set((await judge(packHost, "prod", [r])).filter(f => f.enforcementLevel === "mandatory").map(f => f.policyName))].sort();

describe("mlgov scan: live resources as Pulumi inputs", function () {
    this.timeout(60_000);
    let typings: PulumiInputs;
    before(() => {
        typings = new PulumiInputs([...new Set(ROWS.map(r => r.toShape(r.cases.good as never).type).filter(checkable))]);
    });

    it("the typings check finds an input the provider does not have, at any depth", () => {
        assert.deepStrictEqual(typings.undeclared("aws:sagemaker/notebookInstance:NotebookInstance", {
            instanceType: "ml.t3.medium", securityGroupIds: ["sg-1"], instanceMetadataServiceConfiguration: { minimumVersion: "2" }, tags: { any: "key" },
        }), ["securityGroupIds", "instanceMetadataServiceConfiguration.minimumVersion"]);
        assert.deepStrictEqual(typings.undeclared("aws:sagemaker/domain:Domain", { defaultUserSettings: { jupyterServerAppSettings: { defaultResourceSpec: { sageMakerImageArn: "x" } } } }),
            ["defaultUserSettings.jupyterServerAppSettings.defaultResourceSpec.sageMakerImageArn"]);
    });

    for (const r of ROWS) {
        describe(r.kind, () => {
            // Processing jobs are aws-native's (not installed here) and transform jobs have no Pulumi type: see jobs.ts.
            const { type } = r.toShape(r.cases.good as never);
            if (checkable(type)) {
                it("carries only inputs @pulumi/aws declares for its type", () => {
                    for (const d of [r.cases.good, r.cases.bad]) {
                        assert.deepStrictEqual(typings.undeclared(type, r.toShape(d as never, live.TAGS).inputs), []);
                    }
                });
            }

            it("carries the tags as a map (aws) or a list (aws-native), and nothing secret", () => {
                const s = r.toShape(r.cases.good as never, live.TAGS);
                assert.deepStrictEqual(s.inputs.tags, s.type.startsWith("aws-native:")
                    ? [{ key: "owner", value: "alice" }, { key: "cost-center", value: "cc-4711" }]
                    : { owner: "alice", "cost-center": "cc-4711" });
                assert.doesNotMatch(JSON.stringify(s.inputs), /must-not-be-sent/);
                assert.doesNotMatch(JSON.stringify(s.inputs), /\$metadata|CreationTime/);
            });

            it(`the compliant one passes every mandatory policy; the other fails ${r.cases.badPolicies.length ? r.cases.badPolicies.join(", ") : "none (no setting of its own)"}`, async () => {
                assert.deepStrictEqual(await mandatory(resource(r, r.cases.good as never)), []);
                assert.deepStrictEqual(await mandatory(resource(r, r.cases.bad as never)), [...r.cases.badPolicies].sort());
            });
        });
    }

    it("spells out data capture when the API leaves EnableCapture out (the API's default is on, the provider's off)", () => {
        const s = endpointConfiguration(live.ENDPOINT_CONFIG.good);
        assert.equal((s.inputs.dataCaptureConfig as { enableCapture: unknown }).enableCapture, true);
        const off = endpointConfiguration({ ...live.ENDPOINT_CONFIG.good, DataCaptureConfig: { InitialSamplingPercentage: 100, DestinationS3Uri: "s3://ml-capture/churn", CaptureOptions: [{ CaptureMode: "Input" }], EnableCapture: false } });
        assert.equal((off.inputs.dataCaptureConfig as { enableCapture: unknown }).enableCapture, false);
    });

    it("leaves out what the API left out: the pack reads absent as not set", () => {
        const s = notebookInstance(live.NOTEBOOK.bad);
        assert.deepStrictEqual(Object.keys(s.inputs).sort(), ["directInternetAccess", "instanceType", "name", "roleArn", "volumeSize"]);
    });
});
