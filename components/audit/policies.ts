import * as aws from "@pulumi/aws";
import { denyInsecureTransport } from "../statements";

/** Where the trail lives and what it is called: its ARN is known before it exists. */
export interface TrailTarget {
    readonly partition: string;
    readonly region: string;
    readonly account: string;
    readonly trailName: string;
    /** The organization id, for an organization trail (its logs land under `AWSLogs/<org-id>/`). */
    readonly organizationId?: string;
}

/** Where the log files are kept: the account of the trail's bucket and of their key (a log-archive account, or the trail's own). */
export interface ArchiveTarget extends TrailTarget {
    readonly archiveAccount: string;
}

export function trailArn(t: TrailTarget): string {
    return `arn:${t.partition}:cloudtrail:${t.region}:${t.account}:trail/${t.trailName}`;
}

/** The encryption context CloudTrail sends when it asks KMS for a data key: this account's trails. */
export function cloudTrailEncryptionContext(t: TrailTarget): string {
    return `arn:${t.partition}:cloudtrail:*:${t.account}:trail/*`;
}

const cloudTrailKeyStatements = (t: TrailTarget): aws.iam.PolicyStatement[] => [
    {
        Sid: "CloudTrailEncryptsLogFiles",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": cloudTrailEncryptionContext(t) },
            StringEquals: { "aws:SourceArn": trailArn(t) },
        },
    },
    {
        Sid: "CloudTrailDescribesKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": trailArn(t) } },
    },
];

const administeredBy = (partition: string, account: string): aws.iam.PolicyStatement => ({
    Sid: "AccountAdministersKey",
    Effect: "Allow",
    Principal: { AWS: `arn:${partition}:iam::${account}:root` },
    Action: "kms:*",
    Resource: "*",
});

/**
 * Key policy of the audit key (the trail's log files, unless they go to a log-archive account; the
 * trail's and SageMaker's log groups; the alarm topic), following CloudTrail's "Configure AWS KMS key
 * policies for CloudTrail": CloudTrail may generate data keys only with its encryption context
 * (`kms:EncryptionContext:aws:cloudtrail:arn` for this account's trails) and only for this trail
 * (`aws:SourceArn`); CloudWatch Logs may use it only for log groups of this account and region
 * (`kms:EncryptionContext:aws:logs:arn`; the documented `kms:Describe*` is left out, since no Describe
 * action carries that key, so the grant never applied); CloudWatch may use it to publish alarms to the
 * encrypted topic, for this account's alarms only. The account (root) administers the key, so IAM
 * policies in the account decide who reads the logs. No wildcard principal.
 */
export function auditKeyPolicy(t: TrailTarget): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            administeredBy(t.partition, t.account),
            ...cloudTrailKeyStatements(t),
            {
                Sid: "CloudWatchLogsEncryptsLogGroups",
                Effect: "Allow",
                Principal: { Service: `logs.${t.region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: {
                    ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${t.partition}:logs:${t.region}:${t.account}:log-group:*` },
                },
            },
            {
                Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": t.account } },
            },
        ],
    };
}

/**
 * Key policy of the log files' key in a log-archive account: that account administers it; CloudTrail
 * encrypts with it only for the trail of the trail's account, with its encryption context.
 */
export function archiveKeyPolicy(t: ArchiveTarget): aws.iam.PolicyDocument {
    return { Version: "2012-10-17", Statement: [administeredBy(t.partition, t.archiveAccount), ...cloudTrailKeyStatements(t)] };
}

/**
 * Policy of the trail's bucket, the one CloudTrail documents ("Amazon S3 bucket policy for
 * CloudTrail"): CloudTrail may read the bucket ACL and write log files under `AWSLogs/<account>/`
 * (and `AWSLogs/<organization-id>/` for an organization trail), only for this trail (`aws:SourceArn`);
 * nobody may use plain HTTP.
 */
export function trailBucketPolicy(t: TrailTarget & { readonly bucketName: string }): aws.iam.PolicyDocument {
    const bucket = `arn:${t.partition}:s3:::${t.bucketName}`;
    const prefixes = [t.account, ...(t.organizationId ? [t.organizationId] : [])].map(p => `${bucket}/AWSLogs/${p}/*`);
    const fromThisTrail = { "aws:SourceArn": trailArn(t) };
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport("s3:*", [bucket, `${bucket}/*`]),
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: bucket,
                Condition: { StringEquals: fromThisTrail },
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: prefixes,
                Condition: { StringEquals: { ...fromThisTrail, "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
        ],
    };
}

/** Trust policy of the role CloudTrail uses to deliver to CloudWatch Logs: this trail only. */
export function trailLogsTrustPolicy(t: TrailTarget): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceArn": trailArn(t) } },
        }],
    };
}

/** What that role may do: create streams and put events in the trail's log group, nothing else. */
export function trailLogsRolePolicy(logGroupArn: string): aws.iam.PolicyDocument {
    const group = logGroupArn.replace(/:\*$/, "");
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "DeliverTrailEvents",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${group}:log-stream:*`,
        }],
    };
}

/** Policy of the alarm topic: the account manages it; CloudWatch alarms of this account may publish. */
export function alarmTopicPolicy(args: { partition: string; account: string; topicArn: string }): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountManagesTopic",
                Effect: "Allow",
                Principal: { AWS: `arn:${args.partition}:iam::${args.account}:root` },
                Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
                Resource: args.topicArn,
            },
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: args.topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": args.account } },
            },
            denyInsecureTransport("sns:Publish", args.topicArn),
        ],
    };
}
