/**
 * AWS Config for DetectiveControls: the recorder and its role, the delivery channel to a KMS-encrypted,
 * TLS-only bucket with access logs, the recorder status, then the managed rules of the catalog that
 * exist in the region. Order (pulumi-notes "Config"): Recorder -> DeliveryChannel -> RecorderStatus ->
 * rules.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accessLogBucketPolicy, createAccessLogBucket, createSecureBucket } from "../buckets";
import { AwsTarget, ChildScope } from "../context";
import { createKey } from "../kms";
import { bucketName } from "../naming";
import { checkRuleSelection, ConfigRuleFrequency, RuleSelection, selectConfigRules, SelectedRule, SkippedRule } from "./config-rules";
import { physicalName } from "./names";
import { configBucketPolicy, configDeliveryPolicy, configKeyPolicy, configRoleTrustPolicy } from "./policies";

export interface ConfigArgs {
    readonly target: pulumi.Output<AwsTarget>;
    /** Create the recorder, its role, bucket and delivery channel (false: the account's existing recorder is used). */
    readonly recorder: boolean;
    readonly recordGlobalResources: boolean;
    readonly selection: RuleSelection;
    readonly frequency: ConfigRuleFrequency;
    readonly keyDeletionWindowInDays: number;
}

/** The documents of the Config part (undefined without a recorder). */
export interface ConfigDocuments {
    readonly roleTrustPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    readonly deliveryPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    readonly bucketPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    readonly keyPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    readonly accessLogBucketPolicy: pulumi.Output<aws.iam.PolicyDocument>;
}

export interface ConfigResources {
    readonly recorder?: aws.cfg.Recorder;
    readonly deliveryChannel?: aws.cfg.DeliveryChannel;
    readonly recorderStatus?: aws.cfg.RecorderStatus;
    readonly bucket?: aws.s3.Bucket;
    readonly key?: aws.kms.Key;
    readonly documents?: ConfigDocuments;
    /** The rules created in this region, with the catalog entry each comes from. */
    readonly rules: pulumi.Output<Array<{ selected: SelectedRule; rule: aws.cfg.Rule }>>;
    /** The catalog rules left out in this region, and why. */
    readonly skipped: pulumi.Output<SkippedRule[]>;
}

/** The parameters as Config takes them: a JSON object of strings, empty values left out; undefined when none. */
function inputParameters(parameters: Readonly<Record<string, pulumi.Input<string>>>): pulumi.Output<string | undefined> | undefined {
    if (Object.keys(parameters).length === 0) {
        return undefined;
    }
    return pulumi.output(parameters).apply(p => {
        const set = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== ""));
        return Object.keys(set).length > 0 ? JSON.stringify(set) : undefined;
    });
}

function createRecorder(scope: ChildScope, args: ConfigArgs) {
    const opts = { parent: scope.parent };
    const n = scope.name;
    const names = args.target.apply(t => ({ bucket: bucketName(n, "config", t), logs: bucketName(n, "config-logs", t) }));

    const keyPolicy = args.target.apply(t => configKeyPolicy(t));
    const key = createKey(scope, "config", `AWS Config deliveries of ${n}`, keyPolicy, args.keyDeletionWindowInDays);
    const logsPolicy = pulumi.all([args.target, names])
        .apply(([t, b]) => accessLogBucketPolicy({ ...t, bucketName: b.logs, sourceBucketNames: [b.bucket] }));
    const accessLogs = createAccessLogBucket(scope, names.logs, logsPolicy);
    const bucketPolicy = pulumi.all([args.target, names]).apply(([t, b]) => configBucketPolicy({ ...t, bucketName: b.bucket }));
    const { bucket, policy: bucketPolicyResource } = createSecureBucket(scope, { purpose: "config", bucketName: names.bucket, kmsKeyArn: key.arn, policy: bucketPolicy, accessLogs });

    const roleTrustPolicy = args.target.apply(t => configRoleTrustPolicy(t));
    const deliveryPolicy = pulumi.all([args.target, names, key.arn])
        .apply(([t, b, keyArn]) => configDeliveryPolicy({ ...t, bucketName: b.bucket, kmsKeyArn: keyArn }));
    const role = new aws.iam.Role(`${n}-config-recorder`, {
        description: `AWS Config recorder of ${n}: reads resource configurations, delivers to its bucket`,
        assumeRolePolicy: pulumi.jsonStringify(roleTrustPolicy),
        tags: scope.tags,
    }, opts);
    const managed = new aws.iam.RolePolicyAttachment(`${n}-config-recorder`, {
        role: role.name,
        policyArn: args.target.apply(t => `arn:${t.partition}:iam::aws:policy/service-role/AWS_ConfigRole`),
    }, opts);
    const delivery = new aws.iam.RolePolicy(`${n}-config-delivery`, { role: role.id, policy: pulumi.jsonStringify(deliveryPolicy) }, opts);

    const recorder = new aws.cfg.Recorder(`${n}-recorder`, {
        name: physicalName(n, "recorder", 256),
        roleArn: role.arn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: args.recordGlobalResources },
        recordingMode: { recordingFrequency: "CONTINUOUS" },
    }, { ...opts, dependsOn: [managed, delivery] });
    const deliveryChannel = new aws.cfg.DeliveryChannel(`${n}-delivery-channel`, {
        name: physicalName(n, "delivery-channel", 256),
        s3BucketName: bucket.bucket,
        s3KmsKeyArn: key.arn,
        snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
    }, { ...opts, dependsOn: [recorder, delivery, bucketPolicyResource] });
    const recorderStatus = new aws.cfg.RecorderStatus(`${n}-recorder-status`, {
        name: recorder.name,
        isEnabled: true,
    }, { ...opts, dependsOn: [deliveryChannel] });
    return {
        recorder, deliveryChannel, recorderStatus, bucket, key,
        documents: { roleTrustPolicy, deliveryPolicy, bucketPolicy, keyPolicy, accessLogBucketPolicy: logsPolicy },
    };
}

export function createConfig(scope: ChildScope, args: ConfigArgs): ConfigResources {
    checkRuleSelection(args.selection);
    const made = args.recorder ? createRecorder(scope, args) : undefined;
    const dependsOn = made ? [made.recorderStatus] : [];
    // Which rules exist depends on the region, known from the provider's getRegion invoke (resolved in
    // preview as well): the rules are created once it is known.
    const chosen = args.target.apply(t => selectConfigRules(t.region, args.selection));
    const rules = chosen.apply(({ selected }) => selected.map(s => ({
        selected: s,
        rule: new aws.cfg.Rule(`${scope.name}-${s.spec.name}`, {
            name: physicalName(scope.name, s.spec.name, 128),
            description: `${s.spec.name} (AWS managed rule${s.spec.securityHub ? `, Security Hub ${s.spec.securityHub}` : ""}) for ${scope.name}`,
            source: { owner: "AWS", sourceIdentifier: s.spec.identifier },
            inputParameters: inputParameters(s.parameters),
            maximumExecutionFrequency: s.spec.trigger === "periodic" ? args.frequency : undefined,
            tags: scope.tags,
        }, { parent: scope.parent, dependsOn }),
    })));
    return { ...made, rules, skipped: chosen.apply(c => c.skipped) };
}
