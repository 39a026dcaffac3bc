import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childOptions, ChildScope } from "./context";

/** What a key policy names. */
export interface KeyPolicyArgs {
    readonly partition: string;
    readonly account: string;
    /** Roles that use the key (the execution roles): cryptographic use, and grants for AWS resources only. */
    readonly keyUserArns: readonly string[];
    /** Let Macie decrypt what the key protects, to classify S3 objects (default false). */
    readonly macieReads?: boolean;
}

/** Macie's service-linked role in `account`: the identity Macie reads S3 objects with when it classifies them. */
export function macieServiceLinkedRoleArn(partition: string, account: string): string {
    return `arn:${partition}:iam::${account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
}

/** The cryptographic operations the execution roles need for S3 SSE-KMS, EBS and EFS. */
export const KEY_USE_ACTIONS = [
    "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey",
] as const;

/** Grants SageMaker, EC2 and EFS create on the roles' behalf for the volumes they attach. */
export const KEY_GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"] as const;

/**
 * Key policy of a customer-managed key: the account (root) administers it, so IAM policies in the
 * account decide who manages it, and no other account can; the execution roles use it, and may create
 * grants only for AWS resources (`kms:GrantIsForAWSResource`: SageMaker, EC2 and EFS attaching
 * encrypted volumes). No service principal: S3 SSE-KMS and the volume grants act for the calling
 * role; the access-log bucket uses SSE-S3.
 *
 * With `macieReads`, Macie's service-linked role may decrypt (only), so that its classification jobs
 * can read the SSE-KMS objects; without it they skip them. The role is named in a condition under a
 * wildcard principal rather than as the principal: KMS rejects a key policy that names a role that
 * does not exist, and that role exists only once Macie is enabled in the account, which the
 * organization's Macie administrator does, possibly after this key is created. The conditions
 * (`aws:PrincipalArn` and `aws:PrincipalAccount`) admit that one role of this account and nothing else.
 */
export function keyPolicy(args: KeyPolicyArgs): aws.iam.PolicyDocument {
    const users = [...args.keyUserArns];
    if (users.length === 0) {
        throw new Error("a key policy needs at least one key user");
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${args.partition}:iam::${args.account}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "ExecutionRolesUseKey",
                Effect: "Allow",
                Principal: { AWS: users },
                Action: [...KEY_USE_ACTIONS],
                Resource: "*",
            },
            {
                Sid: "ExecutionRolesGrantForAwsResources",
                Effect: "Allow",
                Principal: { AWS: users },
                Action: [...KEY_GRANT_ACTIONS],
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            ...(args.macieReads ? [macieDecryptStatement(args.partition, args.account)] : []),
        ],
    };
}

/** The key policy statement that lets Macie's service-linked role of `account` decrypt (see keyPolicy). */
function macieDecryptStatement(partition: string, account: string): aws.iam.PolicyStatement {
    return {
        Sid: "MacieDecryptsToClassify",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: {
            StringEquals: {
                "aws:PrincipalArn": macieServiceLinkedRoleArn(partition, account),
                "aws:PrincipalAccount": account,
            },
        },
    };
}

/** A customer-managed symmetric key with yearly rotation, and its alias `alias/<component>-<purpose>`. */
export function createKey(scope: ChildScope, purpose: string, description: string,
    policy: pulumi.Output<aws.iam.PolicyDocument>, deletionWindowInDays: number): aws.kms.Key {
    const key = new aws.kms.Key(`${scope.name}-${purpose}-key`, {
        description,
        enableKeyRotation: true,
        deletionWindowInDays,
        policy: pulumi.jsonStringify(policy),
        tags: scope.tags,
    }, childOptions(scope));
    new aws.kms.Alias(`${scope.name}-${purpose}-key`, {
        name: `alias/${scope.name.replace(/[^a-zA-Z0-9/_-]+/g, "-")}-${purpose}`,
        targetKeyId: key.keyId,
    }, childOptions(scope));
    return key;
}
