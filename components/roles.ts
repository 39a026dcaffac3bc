import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketArn } from "./buckets";
import { childOptions, ChildScope } from "./context";
import { KEY_GRANT_ACTIONS, KEY_USE_ACTIONS } from "./kms";

/**
 * The execution roles: `studio` is the role of Studio users' apps (it starts jobs and passes a role to
 * them); `jobs` is the role SageMaker jobs, models and pipelines run as (data, logs, images, ENIs; no
 * SageMaker control-plane actions, so a training container cannot start more work).
 */
export type ExecutionRoleKind = "studio" | "jobs";

/** What the trust policy names. */
export interface TrustPolicyArgs {
    /** The account the role lives in: SageMaker may assume it only for work in that account. */
    readonly account: string;
}

/**
 * Trust policy of an execution role: only `sagemaker.amazonaws.com`, for this account's SageMaker work
 * (`aws:SourceAccount`, against the confused deputy), may assume the role and set the source identity,
 * so that with `executionRoleIdentityConfig = USER_PROFILE_NAME` CloudTrail names the Studio user.
 */
export function executionRoleTrustPolicy(args: TrustPolicyArgs): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "SageMakerAssumesRole",
            Effect: "Allow",
            Principal: { Service: "sagemaker.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
            Condition: { StringEquals: { "aws:SourceAccount": args.account } },
        }],
    };
}

/** What an execution role's permissions are scoped to. */
export interface ExecutionRolePolicyArgs {
    readonly kind: ExecutionRoleKind;
    readonly partition: string;
    readonly region: string;
    readonly account: string;
    /** The project's buckets (data, model artifacts). */
    readonly bucketNames: readonly string[];
    /** The keys the role encrypts with. */
    readonly keyArns: readonly string[];
    /** Roles the Studio role may pass to SageMaker (the execution roles). */
    readonly passRoleArns?: readonly string[];
    /** The Studio domain whose spaces and apps the Studio role manages. */
    readonly domainId?: string;
}

/** SageMaker work a Studio user starts, stops and cleans up (account and region scoped). */
export const STUDIO_SAGEMAKER_ACTIONS = [
    "CreateTrainingJob", "StopTrainingJob", "CreateProcessingJob", "StopProcessingJob", "CreateTransformJob",
    "StopTransformJob", "CreateHyperParameterTuningJob", "StopHyperParameterTuningJob", "CreateModel", "DeleteModel",
    "CreateEndpointConfig", "DeleteEndpointConfig", "CreateEndpoint", "UpdateEndpoint", "DeleteEndpoint", "InvokeEndpoint",
    "CreateExperiment", "UpdateExperiment", "DeleteExperiment", "CreateTrial", "UpdateTrial", "DeleteTrial",
    "CreateTrialComponent", "UpdateTrialComponent", "DeleteTrialComponent", "AssociateTrialComponent",
    "DisassociateTrialComponent", "CreateModelPackageGroup", "CreateModelPackage", "UpdateModelPackage",
    "CreatePipeline", "UpdatePipeline", "StartPipelineExecution", "StopPipelineExecution", "AddTags",
].map(a => `sagemaker:${a}`);

/**
 * Permissions of an execution role, least privilege: the project's buckets and keys only; CloudWatch
 * Logs under `/aws/sagemaker/`; image pulls from the account's ECR repositories; SageMaker metrics;
 * the ENIs SageMaker creates in the VPC for jobs and models with a VpcConfig (SageMaker developer
 * guide, "CreateTrainingJob API: execution role permissions"). The Studio role also reads and starts
 * SageMaker work in its account and region, manages the spaces and apps of its domain, reads JumpStart's
 * cache, and passes the execution roles to SageMaker only. The guardrails are attached separately.
 */
export function executionRolePolicy(args: ExecutionRolePolicyArgs): aws.iam.PolicyDocument {
    const { partition: p, region: r, account: a } = args;
    const buckets = args.bucketNames.map(b => bucketArn(p, b));
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: "ProjectBuckets",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
            Resource: buckets,
        },
        {
            Sid: "ProjectObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: buckets.map(b => `${b}/*`),
        },
        { Sid: "ProjectKeys", Effect: "Allow", Action: [...KEY_USE_ACTIONS], Resource: [...args.keyArns] },
        {
            Sid: "ProjectKeyGrantsForAwsResources",
            Effect: "Allow",
            Action: [...KEY_GRANT_ACTIONS],
            Resource: [...args.keyArns],
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        {
            Sid: "SageMakerLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
            Resource: [`arn:${p}:logs:${r}:${a}:log-group:/aws/sagemaker/*`, `arn:${p}:logs:${r}:${a}:log-group:/aws/sagemaker/*:log-stream:*`],
        },
        { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
            Sid: "EcrPull",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            Resource: `arn:${p}:ecr:${r}:${a}:repository/*`,
        },
        {
            Sid: "SageMakerMetrics",
            Effect: "Allow",
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringLike: { "cloudwatch:namespace": "/aws/sagemaker/*" } },
        },
        {
            Sid: "VpcDescribe",
            Effect: "Allow",
            Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
            Resource: "*",
        },
        {
            Sid: "VpcNetworkInterfaces",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"],
            Resource: ["network-interface", "subnet", "security-group"].map(t => `arn:${p}:ec2:${r}:${a}:${t}/*`),
        },
    ];
    if (args.kind === "studio") {
        if (!args.domainId || !args.passRoleArns?.length) {
            throw new Error("the Studio execution role policy needs the domain id and the roles it may pass");
        }
        const jumpstart = bucketArn(p, `jumpstart-cache-prod-${r}`);
        statements.push(
            {
                Sid: "SageMakerRead",
                Effect: "Allow",
                Action: ["sagemaker:Describe*", "sagemaker:List*", "sagemaker:Search", "sagemaker:GetSearchSuggestions"],
                Resource: "*",
            },
            { Sid: "SageMakerWork", Effect: "Allow", Action: STUDIO_SAGEMAKER_ACTIONS, Resource: `arn:${p}:sagemaker:${r}:${a}:*` },
            {
                Sid: "StudioSpacesAndApps",
                Effect: "Allow",
                Action: ["sagemaker:CreateSpace", "sagemaker:UpdateSpace", "sagemaker:DeleteSpace", "sagemaker:CreateApp", "sagemaker:DeleteApp"],
                Resource: [`arn:${p}:sagemaker:${r}:${a}:space/${args.domainId}/*`, `arn:${p}:sagemaker:${r}:${a}:app/${args.domainId}/*`],
            },
            { Sid: "JumpStartCache", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [jumpstart, `${jumpstart}/*`] },
            {
                Sid: "PassExecutionRolesToSageMaker",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: [...args.passRoleArns],
                Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
            },
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** An execution role `${name}-<kind>-execution` with the SageMaker trust policy. */
export function createExecutionRole(scope: ChildScope, kind: ExecutionRoleKind, trust: pulumi.Output<aws.iam.PolicyDocument>): aws.iam.Role {
    return new aws.iam.Role(`${scope.name}-${kind}-execution`, {
        description: kind === "studio"
            ? `SageMaker Studio execution role of ${scope.name}`
            : `SageMaker job execution role of ${scope.name}`,
        assumeRolePolicy: pulumi.jsonStringify(trust),
        tags: scope.tags,
    }, childOptions(scope));
}
