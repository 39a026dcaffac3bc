import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_ALARMS } from "./audit/alarms";
import {
    alarmTopicPolicy, archiveKeyPolicy, ArchiveTarget, auditKeyPolicy, TrailTarget, trailBucketPolicy, trailLogsRolePolicy,
    trailLogsTrustPolicy,
} from "./audit/policies";
import { accessLogBucketPolicy, createAccessLogBucket, createSecureBucket } from "./buckets";
import { childOptions, ChildScope, LOG_RETENTION_DAYS, resolveTarget, Tags } from "./context";
import { createKey } from "./kms";
import { bucketName } from "./naming";
import { checkSageMakerLogGroups, createSageMakerLogGroups, SAGEMAKER_LOG_GROUPS } from "./sagemaker-logs";

export interface AuditTrailArgs {
    /** ARNs of the S3 buckets whose object-level calls the trail records as data events (the ML buckets). */
    readonly dataEventBucketArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Days CloudWatch Logs keeps the trail's and SageMaker's log events (a value CloudWatch accepts; default 365). */
    readonly logRetentionDays?: number;
    /** Days after which trail log files move to S3 Glacier Instant Retrieval (default 90). */
    readonly archiveAfterDays?: number;
    /** Days after which trail log files are deleted; unset keeps them. */
    readonly expireAfterDays?: number;
    /** Protect the audit data: Object Lock (governance mode) for `protectionDays`, and keep buckets, logs and key on delete. */
    readonly protectAuditData?: boolean;
    /** Object Lock retention of each log file when `protectAuditData` is set (default 365). */
    readonly protectionDays?: number;
    /** Record every account of the organization (from the management account or a delegated administrator). */
    readonly organizationTrail?: boolean;
    /** Provider of a log-archive account that keeps the log files (their bucket and key); default: this account. */
    readonly archiveProvider?: pulumi.ProviderResource;
    /** SageMaker log groups to create with KMS and retention (default `SAGEMAKER_LOG_GROUPS`). */
    readonly sagemakerLogGroups?: readonly string[];
    /** KMS key deletion window in days (7 to 30, default 30). */
    readonly keyDeletionWindowInDays?: number;
    /** Tags for every taggable child. */
    readonly tags?: Tags;
}

function checkArgs(args: AuditTrailArgs): void {
    const positive = (field: keyof AuditTrailArgs, value: number | undefined) => {
        if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
            throw new Error(`AuditTrail ${field} must be a whole number of days, at least 1 (got ${value})`);
        }
    };
    positive("archiveAfterDays", args.archiveAfterDays);
    positive("expireAfterDays", args.expireAfterDays);
    positive("protectionDays", args.protectionDays);
    if (args.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(args.logRetentionDays)) {
        throw new Error(`AuditTrail logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (got ${args.logRetentionDays})`);
    }
    if (args.expireAfterDays !== undefined && args.expireAfterDays <= (args.archiveAfterDays ?? 90)) {
        throw new Error(`AuditTrail expireAfterDays (${args.expireAfterDays}) must be later than archiveAfterDays (${args.archiveAfterDays ?? 90})`);
    }
    if (args.protectAuditData && args.expireAfterDays !== undefined && args.expireAfterDays < (args.protectionDays ?? 365)) {
        throw new Error(`AuditTrail expireAfterDays (${args.expireAfterDays}) must not be shorter than protectionDays (${args.protectionDays ?? 365})`);
    }
    const window = args.keyDeletionWindowInDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
        throw new Error(`AuditTrail keyDeletionWindowInDays must be an integer from 7 to 30 (got ${window})`);
    }
    checkSageMakerLogGroups("AuditTrail sagemakerLogGroups", args.sagemakerLogGroups);
}

/**
 * What every ML account records: a multi-region CloudTrail trail with log-file validation, encrypted
 * with a customer-managed key, delivered to CloudWatch Logs and to a locked-down bucket, with S3 data
 * events on the ML buckets; SageMaker's log groups created up front with KMS and retention; metric
 * filters and alarms (guardrail denials, root use, IAM, CloudTrail, Config, KMS and network changes,
 * console sign-in failures) into an encrypted SNS topic.
 */
export class AuditTrail extends pulumi.ComponentResource {
    public readonly trailArn: pulumi.Output<string>;
    public readonly trailName: string;
    public readonly bucketName: pulumi.Output<string>;
    public readonly accessLogBucketName: pulumi.Output<string>;
    /** The trail's CloudWatch Logs log group. */
    public readonly logGroupName: pulumi.Output<string>;
    public readonly logGroupArn: pulumi.Output<string>;
    /** Key of the log groups and the alarm topic (and of the log files, unless they are archived in another account). */
    public readonly keyArn: pulumi.Output<string>;
    /** The encrypted SNS topic the alarms (and the corrective control, when given it) notify. */
    public readonly alarmTopicArn: pulumi.Output<string>;
    public readonly sagemakerLogGroupNames: pulumi.Output<string[]>;
    public readonly alarmNames: pulumi.Output<string[]>;

    public readonly keyPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    /** Policy of the log files' key: the audit key's, or the log-archive key's. */
    public readonly logFileKeyPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly bucketPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly logsRoleTrustPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly logsRolePolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly topicPolicy: pulumi.Output<aws.iam.PolicyDocument>;

    constructor(name: string, args: AuditTrailArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("mlgov:components:AuditTrail", name, {}, opts);
        checkArgs(args);
        const scope: ChildScope = { name, parent: this, tags: args.tags };
        const parent = { parent: this };
        const keep = { parent: this, retainOnDelete: args.protectAuditData ?? false };
        const retention = args.logRetentionDays ?? 365;

        this.trailName = `${name}-trail`;
        const organizationId = args.organizationTrail
            ? aws.organizations.getOrganizationOutput({ returnOrganizationOnly: true }, parent).id
            : pulumi.output<string | undefined>(undefined);
        const target: pulumi.Output<TrailTarget> = pulumi.all([resolveTarget(this), organizationId])
            .apply(([t, org]) => ({ ...t, trailName: this.trailName, organizationId: org }));

        this.keyPolicy = target.apply(auditKeyPolicy);
        const key = createKey(scope, "audit", `CloudTrail log files, audit log groups and alarms of ${name}`,
            this.keyPolicy, args.keyDeletionWindowInDays ?? 30);
        this.keyArn = key.arn;

        // Where the log files are kept: this account, or the log-archive account (bucket and key there).
        const archiveScope: ChildScope = { ...scope, provider: args.archiveProvider };
        const archive: pulumi.Output<ArchiveTarget> = args.archiveProvider
            ? pulumi.all([target, aws.getCallerIdentityOutput({}, { parent: this, provider: args.archiveProvider }).accountId])
                .apply(([t, archiveAccount]) => ({ ...t, archiveAccount }))
            : target.apply(t => ({ ...t, archiveAccount: t.account }));
        this.logFileKeyPolicy = args.archiveProvider ? archive.apply(archiveKeyPolicy) : this.keyPolicy;
        const logFileKey = args.archiveProvider
            ? createKey(archiveScope, "trail-archive", `CloudTrail log files of ${name}, kept in the log-archive account`,
                this.logFileKeyPolicy, args.keyDeletionWindowInDays ?? 30)
            : key;

        // The bucket: CloudTrail's documented policy, access logging, lifecycle, and Object Lock when protected.
        const names = archive.apply(t => ({
            trail: bucketName(name, "trail", { account: t.archiveAccount, region: t.region }),
            logs: bucketName(name, "trail-access-logs", { account: t.archiveAccount, region: t.region }),
        }));
        this.bucketName = names.trail;
        this.accessLogBucketName = names.logs;
        const accessLogs = createAccessLogBucket({ ...archiveScope, name: `${name}-trail` }, names.logs,
            pulumi.all([archive, names]).apply(([t, n]) => accessLogBucketPolicy({
                partition: t.partition, account: t.archiveAccount, bucketName: n.logs, sourceBucketNames: [n.trail],
            })));
        this.bucketPolicy = pulumi.all([target, names]).apply(([t, n]) => trailBucketPolicy({ ...t, bucketName: n.trail }));
        const { bucket, policy: bucketPolicy } = createSecureBucket(archiveScope, {
            purpose: "trail", bucketName: names.trail, kmsKeyArn: logFileKey.arn, policy: this.bucketPolicy, accessLogs,
            objectLockEnabled: args.protectAuditData, retainOnDelete: args.protectAuditData,
        });
        const archiveOpts = childOptions(archiveScope);
        new aws.s3.BucketLifecycleConfiguration(`${name}-trail`, {
            bucket: bucket.id,
            rules: [{
                id: "archive-then-expire",
                status: "Enabled",
                filter: {},
                transitions: [{ days: args.archiveAfterDays ?? 90, storageClass: "GLACIER_IR" }],
                noncurrentVersionTransitions: [{ noncurrentDays: args.archiveAfterDays ?? 90, storageClass: "GLACIER_IR" }],
                ...(args.expireAfterDays !== undefined ? {
                    expiration: { days: args.expireAfterDays },
                    noncurrentVersionExpiration: { noncurrentDays: args.expireAfterDays },
                } : {}),
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }],
        }, archiveOpts);
        if (args.protectAuditData) {
            new aws.s3.BucketObjectLockConfiguration(`${name}-trail`, {
                bucket: bucket.id,
                rule: { defaultRetention: { mode: "GOVERNANCE", days: args.protectionDays ?? 365 } },
            }, archiveOpts);
        }

        // CloudWatch Logs delivery.
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-trail`, {
            name: `/aws/cloudtrail/${this.trailName}`,
            retentionInDays: retention,
            kmsKeyId: key.arn,
            tags: args.tags,
        }, keep);
        this.logGroupName = logGroup.name;
        this.logGroupArn = logGroup.arn;
        this.logsRoleTrustPolicy = target.apply(trailLogsTrustPolicy);
        this.logsRolePolicy = logGroup.arn.apply(trailLogsRolePolicy);
        const logsRole = new aws.iam.Role(`${name}-trail-logs`, {
            description: `CloudTrail delivery of ${this.trailName} to CloudWatch Logs`,
            assumeRolePolicy: pulumi.jsonStringify(this.logsRoleTrustPolicy),
            tags: args.tags,
        }, parent);
        const logsRolePolicy = new aws.iam.RolePolicy(`${name}-trail-logs`, {
            role: logsRole.id,
            policy: pulumi.jsonStringify(this.logsRolePolicy),
        }, parent);

        // The trail: management events everywhere, S3 data events on the ML buckets.
        const dataEvents = pulumi.output(args.dataEventBucketArns ?? []).apply(arns => arns.length === 0 ? [] : [{
            name: "S3 data events on the ML buckets",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "resources.ARN", startsWiths: arns.map(arn => `${arn.replace(/\/$/, "")}/`) },
            ],
        }]);
        const trail = new aws.cloudtrail.Trail(`${name}-trail`, {
            name: this.trailName,
            s3BucketName: bucket.id,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            isOrganizationTrail: args.organizationTrail ?? false,
            kmsKeyId: logFileKey.arn,
            cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
            cloudWatchLogsRoleArn: logsRole.arn,
            advancedEventSelectors: dataEvents.apply(data => [
                { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                ...data,
            ]),
            tags: args.tags,
        }, { parent: this, dependsOn: [bucketPolicy, logsRolePolicy] });
        this.trailArn = trail.arn;

        // SageMaker's log groups, up front.
        const groups = createSageMakerLogGroups(name, args.sagemakerLogGroups ?? SAGEMAKER_LOG_GROUPS,
            { kmsKeyArn: key.arn, retentionInDays: retention, tags: args.tags }, keep);
        this.sagemakerLogGroupNames = pulumi.all(groups.map(g => g.name));

        // Alarms into an encrypted topic.
        const topic = new aws.sns.Topic(`${name}-alarms`, {
            kmsMasterKeyId: key.arn,
            tags: args.tags,
        }, parent);
        this.alarmTopicArn = topic.arn;
        this.topicPolicy = pulumi.all([target, topic.arn]).apply(([t, topicArn]) => alarmTopicPolicy({ ...t, topicArn }));
        new aws.sns.TopicPolicy(`${name}-alarms`, { arn: topic.arn, policy: pulumi.jsonStringify(this.topicPolicy) }, parent);
        const namespace = `mlgov/${name}`;
        const alarms = AUDIT_ALARMS.map(a => {
            new aws.cloudwatch.LogMetricFilter(`${name}-${a.id}`, {
                logGroupName: logGroup.name,
                pattern: a.pattern,
                metricTransformation: { name: a.id, namespace, value: "1", defaultValue: "0" },
            }, parent);
            return new aws.cloudwatch.MetricAlarm(`${name}-${a.id}`, {
                alarmDescription: a.description,
                namespace,
                metricName: a.id,
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [topic.arn],
                tags: args.tags,
            }, parent);
        });
        this.alarmNames = pulumi.all(alarms.map(a => a.name));

        this.registerOutputs({
            trailArn: this.trailArn,
            bucketName: this.bucketName,
            accessLogBucketName: this.accessLogBucketName,
            logGroupName: this.logGroupName,
            keyArn: this.keyArn,
            alarmTopicArn: this.alarmTopicArn,
            sagemakerLogGroupNames: this.sagemakerLogGroupNames,
            alarmNames: this.alarmNames,
        });
    }
}
