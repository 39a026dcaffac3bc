import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childOptions, ChildScope } from "./context";
import { denyInsecureTransport } from "./statements";

/** ARN of a bucket (`/*` for its objects); bucket ARNs carry neither region nor account. */
export function bucketArn(partition: string, bucketName: string): string {
    return `arn:${partition}:s3:::${bucketName}`;
}

/**
 * The data actions the network perimeter applies to: reading, writing, deleting and listing objects.
 * Bucket configuration (policy, encryption, logging, versioning) is left to IAM, so the deployment
 * (Pulumi, from outside the VPC) can still read and fix the bucket it manages.
 */
export const PERIMETER_ACTIONS = [
    "s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:ListBucket*", "s3:ListMultipartUploadParts",
    "s3:AbortMultipartUpload", "s3:RestoreObject",
] as const;

/** What the policy of a data or model-artifact bucket names. */
export interface DataBucketPolicyArgs {
    readonly partition: string;
    readonly account: string;
    readonly bucketName: string;
    /** The S3 gateway endpoint of the ML VPC: the only network data may be read or written from. */
    readonly s3EndpointId: string;
    /** The key uploads must use (SSE-KMS; default encryption applies it when a request names none). */
    readonly kmsKeyArn: string;
    /** A role exempt from the network perimeter, for incident response (`aws:PrincipalArn`). */
    readonly breakGlassRoleArn?: string;
}

/**
 * Bucket policy of the data and model-artifact buckets.
 *
 * - TLS only: every request without `aws:SecureTransport` is denied.
 * - Network perimeter: object reads, writes, deletes and listings are denied unless they arrive through
 *   the ML VPC's S3 gateway endpoint (`aws:SourceVpce`). Studio apps run in the VPC (`VpcOnly`), and a
 *   SageMaker job or model with a `VpcConfig` reaches S3 from ENIs in our subnets, so through the same
 *   endpoint: `aws:SourceVpce` is set and no SageMaker exception is needed. A job without a VPC is
 *   refused here as well as by the guardrails.
 * - Exceptions, as in AWS's data-perimeter examples (aws-samples/data-perimeter-policy-examples,
 *   resource_based_policies/s3_bucket_policy.json, "EnforceNetworkPerimeter"): an AWS service acting
 *   with its own service principal (`aws:PrincipalIsAWSService`) or forwarding the caller's request
 *   (`aws:ViaAWSService`, forward access sessions, e.g. Athena or Glue reading for a role that called
 *   them from the VPC); service-linked roles of the account (`role/aws-service-role/*`, e.g. Macie's
 *   sensitive-data discovery of issue 4), which only their service can assume; and the configured
 *   break-glass role.
 * - Encryption: uploads that ask for another algorithm, another KMS key or customer-provided keys (SSE-C)
 *   are denied; uploads that name none get the bucket's default (SSE-KMS with this key).
 */
export function dataBucketPolicy(args: DataBucketPolicyArgs): aws.iam.PolicyDocument {
    const bucket = bucketArn(args.partition, args.bucketName);
    const resources = [bucket, `${bucket}/*`];
    const exempt = [
        `arn:${args.partition}:iam::${args.account}:role/aws-service-role/*`,
        ...(args.breakGlassRoleArn ? [args.breakGlassRoleArn] : []),
    ];
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport("s3:*", resources),
            {
                Sid: "DenyDataAccessOutsideVpcEndpoint",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: [...PERIMETER_ACTIONS],
                Resource: resources,
                Condition: {
                    StringNotEquals: { "aws:SourceVpce": args.s3EndpointId },
                    ArnNotLikeIfExists: { "aws:PrincipalArn": exempt },
                    BoolIfExists: { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" },
                },
            },
            {
                Sid: "DenyOtherEncryption",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "s3:PutObject",
                Resource: `${bucket}/*`,
                // Only when the request names an algorithm: an upload that names none gets the default (SSE-KMS).
                Condition: {
                    StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
                    Null: { "s3:x-amz-server-side-encryption": "false" },
                },
            },
            {
                Sid: "DenyOtherKmsKey",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "s3:PutObject",
                Resource: `${bucket}/*`,
                Condition: {
                    StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": args.kmsKeyArn },
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                },
            },
            {
                Sid: "DenyCustomerProvidedKeys",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "s3:PutObject",
                Resource: `${bucket}/*`,
                Condition: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } },
            },
        ],
    };
}

/** What the policy of the access-log bucket names. */
export interface AccessLogBucketPolicyArgs {
    readonly partition: string;
    readonly account: string;
    readonly bucketName: string;
    /** The buckets whose server access logs it receives. */
    readonly sourceBucketNames: readonly string[];
}

/**
 * Bucket policy of the server-access-log bucket: TLS only, and only the S3 logging service may write,
 * only for the project's buckets in this account (`aws:SourceArn`, `aws:SourceAccount`: the
 * confused-deputy conditions of the S3 user guide, "Permissions for log delivery"). With object
 * ownership enforced, the log-delivery ACL grant is not available; the policy is the only way in.
 */
export function accessLogBucketPolicy(args: AccessLogBucketPolicyArgs): aws.iam.PolicyDocument {
    const bucket = bucketArn(args.partition, args.bucketName);
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport("s3:*", [bucket, `${bucket}/*`]),
            {
                Sid: "AllowServerAccessLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucket}/*`,
                Condition: {
                    ArnLike: { "aws:SourceArn": args.sourceBucketNames.map(b => bucketArn(args.partition, b)) },
                    StringEquals: { "aws:SourceAccount": args.account },
                },
            },
        ],
    };
}

/** Versioning, public access block (all four) and BucketOwnerEnforced, common to every bucket here. */
function lockDown(scope: ChildScope, id: string, bucket: aws.s3.Bucket): aws.s3.BucketPublicAccessBlock {
    const opts = childOptions(scope);
    new aws.s3.BucketVersioning(id, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new aws.s3.BucketOwnershipControls(id, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    return new aws.s3.BucketPublicAccessBlock(id, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, opts);
}

/** The access-log bucket and its policy (SSE-S3: S3 server access logging cannot deliver to an SSE-KMS default). */
export function createAccessLogBucket(scope: ChildScope, bucketName: pulumi.Input<string>,
    policy: pulumi.Output<aws.iam.PolicyDocument>): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
    const id = `${scope.name}-access-logs`;
    const opts = childOptions(scope);
    const bucket = new aws.s3.Bucket(id, { bucket: bucketName, tags: scope.tags }, opts);
    const block = lockDown(scope, id, bucket);
    new aws.s3.BucketServerSideEncryptionConfiguration(id, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }, opts);
    const bucketPolicy = new aws.s3.BucketPolicy(id, {
        bucket: bucket.id,
        policy: pulumi.jsonStringify(policy),
    }, { ...opts, dependsOn: [block] });
    return { bucket, policy: bucketPolicy };
}

/** What a data or model-artifact bucket is made of. */
export interface SecureBucketArgs {
    /** `data` or `models`: the resource names are `${name}-<purpose>`. */
    readonly purpose: string;
    readonly bucketName: pulumi.Input<string>;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly policy: pulumi.Output<aws.iam.PolicyDocument>;
    /** Where its server access logs go; the logging waits for that bucket's policy. */
    readonly accessLogs: { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy };
    /** Create the bucket with S3 Object Lock (it cannot be turned on later); its default retention is set by the caller. */
    readonly objectLockEnabled?: boolean;
    /** Keep the bucket when it leaves the stack (audit data outlives the deployment). */
    readonly retainOnDelete?: boolean;
}

/**
 * A bucket with SSE-KMS (bucket keys on), versioning, public access block, BucketOwnerEnforced, its
 * policy and access logging. The policy resource is returned too, for what must wait for it (a trail).
 */
export function createSecureBucket(scope: ChildScope, args: SecureBucketArgs): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
    const id = `${scope.name}-${args.purpose}`;
    const opts = childOptions(scope);
    const bucket = new aws.s3.Bucket(id, {
        bucket: args.bucketName,
        objectLockEnabled: args.objectLockEnabled,
        tags: scope.tags,
    }, { ...opts, retainOnDelete: args.retainOnDelete });
    const block = lockDown(scope, id, bucket);
    new aws.s3.BucketServerSideEncryptionConfiguration(id, {
        bucket: bucket.id,
        rules: [{
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
            bucketKeyEnabled: true,
        }],
    }, opts);
    const policy = new aws.s3.BucketPolicy(id, { bucket: bucket.id, policy: pulumi.jsonStringify(args.policy) }, { ...opts, dependsOn: [block] });
    new aws.s3.BucketLogging(id, {
        bucket: bucket.id,
        targetBucket: args.accessLogs.bucket.id,
        targetPrefix: pulumi.interpolate`${bucket.id}/`,
    }, { ...opts, dependsOn: [args.accessLogs.policy] });
    return { bucket, policy };
}
