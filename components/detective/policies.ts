/**
 * Every policy document DetectiveControls creates, as typed documents from plain values (no JSON
 * strings, no getPolicyDocument), so tests and IAM simulation read exactly what is deployed.
 */
import * as aws from "@pulumi/aws";
import { bucketArn } from "../buckets";
import { denyInsecureTransport } from "../statements";

/** Partition and account of the component's provider. */
export interface AccountArgs {
    readonly partition: string;
    readonly account: string;
}

/** Partition, region and account of the component's provider. */
export interface RegionalArgs extends AccountArgs {
    readonly region: string;
}

/** The account (root) administers a key: IAM policies in the account decide who manages and uses it. */
function accountAdministersKey(args: AccountArgs): aws.iam.PolicyStatement {
    return {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: `arn:${args.partition}:iam::${args.account}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}

/** A trust policy for an AWS service, limited to calls made for this account (the confused-deputy condition). */
function serviceTrust(service: string, account: string, sourceArn?: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "ServiceAssumesRole",
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": account },
                ...(sourceArn ? { ArnLike: { "aws:SourceArn": sourceArn } } : {}),
            },
        }],
    };
}

// ---------------------------------------------------------------------------------------------------
// AWS Config

/** Where Config delivers: the bucket and, optionally, a key prefix. */
export interface ConfigDeliveryArgs extends AccountArgs {
    readonly bucketName: string;
    /** The delivery channel's `s3KeyPrefix` (none by default). */
    readonly keyPrefix?: string;
}

/** `AWSLogs/<account>/Config/*` under the prefix: where Config writes history, snapshots and its writability check. */
export function configDeliveryPath(args: ConfigDeliveryArgs): string {
    const prefix = args.keyPrefix ? `${args.keyPrefix.replace(/\/+$/, "")}/` : "";
    return `${bucketArn(args.partition, args.bucketName)}/${prefix}AWSLogs/${args.account}/Config/*`;
}

/** Trust policy of the Config recorder's role: config.amazonaws.com, for this account only (Config developer guide, "Adding an IAM trust policy"). */
export function configRoleTrustPolicy(args: AccountArgs): aws.iam.PolicyDocument {
    return serviceTrust("config.amazonaws.com", args.account);
}

/**
 * What the recorder's role needs beside the AWS_ConfigRole managed policy: AWS Config assumes the role
 * it is given to deliver, so the role writes the objects (with the bucket-owner-full-control ACL Config
 * sends), checks the bucket ACL, and encrypts with the bucket's key ("Permissions for the IAM role
 * assigned to AWS Config": S3 bucket and KMS key policies).
 */
export function configDeliveryPolicy(args: ConfigDeliveryArgs & { readonly kmsKeyArn: string }): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DeliverConfigurationItems",
                Effect: "Allow",
                Action: ["s3:PutObject", "s3:PutObjectAcl"],
                Resource: configDeliveryPath(args),
                Condition: { StringLike: { "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
            { Sid: "CheckBucketAcl", Effect: "Allow", Action: "s3:GetBucketAcl", Resource: bucketArn(args.partition, args.bucketName) },
            { Sid: "EncryptDeliveries", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.kmsKeyArn },
        ],
    };
}

/**
 * Bucket policy of the Config delivery bucket ("Permissions for the Amazon S3 bucket for the AWS Config
 * delivery channel"): config.amazonaws.com may check the bucket's ACL and existence and write under
 * `AWSLogs/<account>/Config/` with the bucket-owner-full-control ACL, each only for this account
 * (`aws:SourceAccount`); any request without TLS is denied.
 */
export function configBucketPolicy(args: ConfigDeliveryArgs): aws.iam.PolicyDocument {
    const bucket = bucketArn(args.partition, args.bucketName);
    const sourceAccount = { "aws:SourceAccount": args.account };
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport("s3:*", [bucket, `${bucket}/*`]),
            {
                Sid: "AWSConfigBucketPermissionsCheck",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: bucket,
                Condition: { StringEquals: sourceAccount },
            },
            {
                Sid: "AWSConfigBucketExistenceCheck",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: "s3:ListBucket",
                Resource: bucket,
                Condition: { StringEquals: sourceAccount },
            },
            {
                Sid: "AWSConfigBucketDelivery",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: configDeliveryPath(args),
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...sourceAccount } },
            },
        ],
    };
}

/** Key policy of the Config delivery key: the account administers it; config.amazonaws.com encrypts deliveries for this account only. */
export function configKeyPolicy(args: AccountArgs): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            accountAdministersKey(args),
            {
                Sid: "AWSConfigKMSPolicy",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": args.account } },
            },
        ],
    };
}

// ---------------------------------------------------------------------------------------------------
// Logs, flow logs and the corrective control

/** ARN of a log group (what `kms:EncryptionContext:aws:logs:arn` and IAM name). */
export function logGroupArn(args: RegionalArgs, logGroupName: string): string {
    return `arn:${args.partition}:logs:${args.region}:${args.account}:log-group:${logGroupName}`;
}

/**
 * The actions CloudWatch Logs needs on a key that encrypts log groups (CloudWatch Logs user guide,
 * "Encrypt log data using AWS KMS"). The guide's `kms:Describe*` is left out: no Describe action
 * carries the encryption-context key the statement is conditioned on, so it never applied.
 */
export const LOGS_KEY_ACTIONS: readonly string[] = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*"];

/**
 * Key policy of the key of the component's log groups, dead-letter queue, notification topic and
 * function environment: the account administers it (the function's role, Lambda's environment grant,
 * SQS and SNS use it through IAM), and CloudWatch Logs of this region may use it for the listed log
 * groups only (`kms:EncryptionContext:aws:logs:arn`).
 */
export function detectiveKeyPolicy(args: RegionalArgs & { readonly logGroupNames: readonly string[] }): aws.iam.PolicyDocument {
    const statements: aws.iam.PolicyStatement[] = [accountAdministersKey(args)];
    if (args.logGroupNames.length > 0) {
        statements.push({
            Sid: "CloudWatchLogsEncryptsLogGroups",
            Effect: "Allow",
            Principal: { Service: `logs.${args.region}.amazonaws.com` },
            Action: [...LOGS_KEY_ACTIONS],
            Resource: "*",
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": args.logGroupNames.map(n => logGroupArn(args, n)) } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Trust policy of the flow-logs delivery role: vpc-flow-logs.amazonaws.com, only for this account's
 * flow logs (VPC user guide, "IAM role for publishing flow logs to CloudWatch Logs", confused-deputy
 * conditions `aws:SourceAccount` and `aws:SourceArn`).
 */
export function flowLogsTrustPolicy(args: RegionalArgs): aws.iam.PolicyDocument {
    return serviceTrust("vpc-flow-logs.amazonaws.com", args.account, `arn:${args.partition}:ec2:${args.region}:${args.account}:vpc-flow-log/*`);
}

/**
 * Permissions of the flow-logs delivery role: create streams in, write to and list the streams of its
 * own log group. Not `logs:CreateLogGroup` (the group exists, with its key and retention) nor
 * `logs:DescribeLogGroups` (no resource-level permission: it would need `"*"`).
 */
export function flowLogsRolePolicy(args: RegionalArgs & { readonly logGroupName: string }): aws.iam.PolicyDocument {
    const group = logGroupArn(args, args.logGroupName);
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "WriteFlowLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [group, `${group}:*`],
        }],
    };
}

/** Trust policy of the corrective function's execution role: Lambda (the documented execution-role trust). */
export function lambdaTrustPolicy(): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "LambdaAssumesRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
}

/** Queue policy of the dead-letter queue: TLS only; the function's role writes to it through IAM. */
export function deadLetterQueuePolicy(queueArn: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [denyInsecureTransport("sqs:*", queueArn)],
    };
}
