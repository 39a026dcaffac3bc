import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_INSTANCE_TYPES } from "../policypacks/ml-guardrails/src/facts";
import { accessLogBucketPolicy, createAccessLogBucket, createSecureBucket, dataBucketPolicy } from "./buckets";
import { ChildScope, resolveTarget } from "./context";
import { guardrailIamPolicies } from "./guardrails";
import { defaultAppInstanceType } from "./instance-types";
import { createKey, keyPolicy } from "./kms";
import { bucketName, isSagemakerName, sagemakerName } from "./naming";
import { createNetwork, DEFAULT_INTERFACE_ENDPOINTS, ExistingNetworkArgs, s3EndpointPolicy } from "./network";
import { createExecutionRole, executionRolePolicy, executionRoleTrustPolicy } from "./roles";

/** Arguments of SecureMlDomain: all optional; the defaults are the secure choice. */
export interface SecureMlDomainArgs {
    /** Use this VPC and its private subnets instead of creating a VPC (default: create one, without internet or NAT gateway). */
    readonly existingNetwork?: ExistingNetworkArgs;
    /** CIDR block of the VPC the component creates (default `10.0.0.0/16`; ignored with `existingNetwork`). */
    readonly vpcCidrBlock?: string;
    /** Availability zones of the created VPC, one private subnet in each (default 2; 2 to 6). */
    readonly availabilityZoneCount?: number;
    /** Interface endpoints to create, by service suffix (default DEFAULT_INTERFACE_ENDPOINTS; `[]` when the VPC already has them). */
    readonly interfaceEndpoints?: readonly string[];
    /** Studio user profiles to create (SageMaker names: letters, digits and hyphens). */
    readonly userProfiles?: readonly string[];
    /** Instance types SageMaker may use, enforced by the guardrails (default: the pack's DEFAULT_INSTANCE_TYPES). */
    readonly approvedInstanceTypes?: readonly string[];
    /** Instance type Studio's JupyterLab, Code Editor and KernelGateway apps start on (default: ml.t3.medium, or the first approved). */
    readonly defaultInstanceType?: string;
    /** Guardrails deny jobs, models and monitoring without network isolation (default true). */
    readonly requireNetworkIsolation?: boolean;
    /** Guardrails deny jobs and monitoring without inter-container traffic encryption (default true). */
    readonly requireInterContainerEncryption?: boolean;
    /** Role ARN exempt from the buckets' VPC-endpoint perimeter, for incident response (default: none). */
    readonly breakGlassRoleArn?: pulumi.Input<string>;
    /** Days a scheduled key deletion waits (7 to 30, default 30). */
    readonly keyDeletionWindowInDays?: number;
    /** Tags for every taggable resource (the pack's required tags, for example). */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A SageMaker Studio domain that cannot reach the internet, encrypts with customer-managed keys, names
 * the Studio user in CloudTrail, and whose roles cannot start work outside the VPC: VPC (or an existing
 * one) with private subnets, security groups and VPC endpoints; KMS keys; data, model-artifact and
 * access-log buckets; execution roles with the guardrail policy; the domain and its user profiles.
 *
 * Create it with the provider of the account it belongs to (`{ provider }`): every child and every
 * invoke goes through it.
 */
export class SecureMlDomain extends pulumi.ComponentResource {
    /** Id of the Studio domain (`d-…`). */
    public readonly domainId: pulumi.Output<string>;
    public readonly domainArn: pulumi.Output<string>;
    /** Studio URL (reachable only through a presigned URL, from the VPC or the network CreatePresignedDomainUrl allows). */
    public readonly domainUrl: pulumi.Output<string>;
    public readonly vpcId: pulumi.Output<string>;
    /** The private subnets of the domain. */
    public readonly subnetIds: pulumi.Output<string[]>;
    /** Security group of Studio apps; give it to jobs and models (`VpcConfig.SecurityGroupIds`) too. */
    public readonly studioSecurityGroupId: pulumi.Output<string>;
    public readonly endpointSecurityGroupId: pulumi.Output<string>;
    /** The S3 gateway endpoint the buckets accept data access through. */
    public readonly s3EndpointId: pulumi.Output<string>;
    /** Interface endpoint ids by service suffix. */
    public readonly interfaceEndpointIds: pulumi.Output<Record<string, string>>;
    /** Key of the Studio home EFS and app EBS volumes. */
    public readonly studioKeyArn: pulumi.Output<string>;
    /** Key of the buckets and of job volumes and outputs (`VolumeKmsKeyId`, `OutputDataConfig.KmsKeyId`). */
    public readonly dataKeyArn: pulumi.Output<string>;
    public readonly dataBucketName: pulumi.Output<string>;
    public readonly dataBucketArn: pulumi.Output<string>;
    public readonly modelBucketName: pulumi.Output<string>;
    public readonly modelBucketArn: pulumi.Output<string>;
    public readonly accessLogBucketName: pulumi.Output<string>;
    /** Execution role of Studio users' apps (the domain's default). */
    public readonly studioExecutionRoleArn: pulumi.Output<string>;
    /** Execution role for jobs, models and pipelines. */
    public readonly jobExecutionRoleArn: pulumi.Output<string>;
    /** User profile ARNs by name. */
    public readonly userProfileArns: pulumi.Output<Record<string, string>>;
    /** The instance type Studio's default apps start on. */
    public readonly defaultInstanceType: string;

    /** Trust policy of both execution roles. */
    public readonly executionRoleTrustPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly studioExecutionRolePolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly jobExecutionRolePolicy: pulumi.Output<aws.iam.PolicyDocument>;
    /** The guardrail policies (deny statements) attached to every execution role: usually one document. */
    public readonly guardrailPolicies: readonly aws.iam.PolicyDocument[];
    public readonly guardrailPolicyArns: pulumi.Output<string[]>;
    public readonly studioKeyPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly dataKeyPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly dataBucketPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly modelBucketPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly accessLogBucketPolicy: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly s3EndpointPolicy: pulumi.Output<aws.iam.PolicyDocument>;

    constructor(name: string, args: SecureMlDomainArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("mlgov:components:SecureMlDomain", name, {}, opts);
        const approved = args.approvedInstanceTypes ?? DEFAULT_INSTANCE_TYPES;
        const appInstanceType = defaultAppInstanceType(approved, args.defaultInstanceType);
        const profiles = checkedProfiles(args.userProfiles ?? []);
        const deletionWindow = args.keyDeletionWindowInDays ?? 30;
        if (!Number.isInteger(deletionWindow) || deletionWindow < 7 || deletionWindow > 30) {
            throw new Error(`keyDeletionWindowInDays must be an integer from 7 to 30 (got ${deletionWindow})`);
        }
        const scope: ChildScope = { name, parent: this, tags: args.tags };
        const target = resolveTarget(this);

        const names = target.apply(t => ({
            data: bucketName(name, "data", t),
            models: bucketName(name, "models", t),
            logs: bucketName(name, "access-logs", t),
        }));

        // Network: the S3 endpoint policy names the buckets by their (deterministic) names.
        this.s3EndpointPolicy = pulumi.all([target, names])
            .apply(([t, n]) => s3EndpointPolicy({ ...t, bucketNames: [n.data, n.models] }));
        const network = createNetwork(scope, {
            target,
            existing: args.existingNetwork,
            cidrBlock: args.vpcCidrBlock ?? "10.0.0.0/16",
            availabilityZoneCount: args.availabilityZoneCount ?? 2,
            interfaceEndpoints: args.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS,
            s3EndpointPolicy: this.s3EndpointPolicy,
        });

        // Execution roles first: the key policies name them.
        this.executionRoleTrustPolicy = target.apply(t => executionRoleTrustPolicy({ account: t.account }));
        const studioRole = createExecutionRole(scope, "studio", this.executionRoleTrustPolicy);
        const jobRole = createExecutionRole(scope, "jobs", this.executionRoleTrustPolicy);

        this.studioKeyPolicy = pulumi.all([target, studioRole.arn])
            .apply(([t, studio]) => keyPolicy({ ...t, keyUserArns: [studio] }));
        this.dataKeyPolicy = pulumi.all([target, studioRole.arn, jobRole.arn])
            .apply(([t, studio, jobs]) => keyPolicy({ ...t, keyUserArns: [studio, jobs], macieReads: true }));
        const studioKey = createKey(scope, "studio", `SageMaker Studio home EFS and app volumes of ${name}`, this.studioKeyPolicy, deletionWindow);
        const dataKey = createKey(scope, "data", `ML data, model artifacts and job volumes of ${name}`, this.dataKeyPolicy, deletionWindow);

        // Buckets.
        this.accessLogBucketPolicy = pulumi.all([target, names])
            .apply(([t, n]) => accessLogBucketPolicy({ ...t, bucketName: n.logs, sourceBucketNames: [n.data, n.models] }));
        const accessLogs = createAccessLogBucket(scope, names.logs, this.accessLogBucketPolicy);
        const perimeter = (bucket: "data" | "models") =>
            pulumi.all([target, names, network.s3EndpointId, dataKey.arn, pulumi.output(args.breakGlassRoleArn)])
                .apply(([t, n, endpoint, key, breakGlass]) => dataBucketPolicy({
                    ...t, bucketName: n[bucket], s3EndpointId: endpoint, kmsKeyArn: key, breakGlassRoleArn: breakGlass,
                }));
        this.dataBucketPolicy = perimeter("data");
        this.modelBucketPolicy = perimeter("models");
        const { bucket: dataBucket } = createSecureBucket(scope, {
            purpose: "data", bucketName: names.data, kmsKeyArn: dataKey.arn, policy: this.dataBucketPolicy, accessLogs,
        });
        const { bucket: modelBucket } = createSecureBucket(scope, {
            purpose: "models", bucketName: names.models, kmsKeyArn: dataKey.arn, policy: this.modelBucketPolicy, accessLogs,
        });

        // The domain.
        const studioSettings = {
            executionRole: studioRole.arn,
            securityGroups: [network.studioSecurityGroup.id],
            jupyterServerAppSettings: { defaultResourceSpec: { instanceType: "system" } },
            jupyterLabAppSettings: { defaultResourceSpec: { instanceType: appInstanceType } },
            kernelGatewayAppSettings: { defaultResourceSpec: { instanceType: appInstanceType } },
        };
        const domain = new aws.sagemaker.Domain(`${name}-domain`, {
            domainName: sagemakerName(name),
            authMode: "IAM",
            appNetworkAccessType: "VpcOnly",
            vpcId: network.vpcId,
            subnetIds: network.subnetIds,
            kmsKeyId: studioKey.arn,
            domainSettings: {
                executionRoleIdentityConfig: "USER_PROFILE_NAME",
                securityGroupIds: [network.studioSecurityGroup.id],
                dockerSettings: { enableDockerAccess: "DISABLED" },
            },
            defaultUserSettings: {
                ...studioSettings,
                codeEditorAppSettings: { defaultResourceSpec: { instanceType: appInstanceType } },
                sharingSettings: { notebookOutputOption: "Disabled" },
            },
            defaultSpaceSettings: studioSettings,
            // Deleting the domain keeps the users' home EFS (their notebooks and data).
            retentionPolicy: { homeEfsFileSystem: "Retain" },
            tagPropagation: "ENABLED",
            tags: args.tags,
        }, { parent: this });
        const userProfiles = profiles.map(profile => new aws.sagemaker.UserProfile(`${name}-user-${profile}`, {
            domainId: domain.id,
            userProfileName: profile,
            tags: args.tags,
        }, { parent: this }));

        // Permissions: scoped to the buckets, keys and domain above.
        this.studioExecutionRolePolicy = pulumi.all([target, names, studioKey.arn, dataKey.arn, studioRole.arn, jobRole.arn, domain.id])
            .apply(([t, n, studioKeyArn, dataKeyArn, studio, jobs, domainId]) => executionRolePolicy({
                ...t, kind: "studio", bucketNames: [n.data, n.models], keyArns: [studioKeyArn, dataKeyArn],
                passRoleArns: [studio, jobs], domainId,
            }));
        this.jobExecutionRolePolicy = pulumi.all([target, names, dataKey.arn])
            .apply(([t, n, dataKeyArn]) => executionRolePolicy({ ...t, kind: "jobs", bucketNames: [n.data, n.models], keyArns: [dataKeyArn] }));
        new aws.iam.RolePolicy(`${name}-studio-execution`, { role: studioRole.id, policy: pulumi.jsonStringify(this.studioExecutionRolePolicy) }, { parent: this });
        new aws.iam.RolePolicy(`${name}-jobs-execution`, { role: jobRole.id, policy: pulumi.jsonStringify(this.jobExecutionRolePolicy) }, { parent: this });

        // Guardrails: the same deny statements as the SCP, on every execution role.
        this.guardrailPolicies = guardrailIamPolicies({
            approvedInstanceTypes: approved,
            requireNetworkIsolation: args.requireNetworkIsolation ?? true,
            requireInterContainerEncryption: args.requireInterContainerEncryption ?? true,
        });
        const guardrails = this.guardrailPolicies.map((document, i) => {
            const id = `${name}-guardrails${i === 0 ? "" : `-${i + 1}`}`;
            const policy = new aws.iam.Policy(id, {
                description: `ML guardrails of ${name}: SageMaker work outside the VPC, without KMS keys or on unapproved instance types is denied`,
                policy: pulumi.jsonStringify(document),
                tags: args.tags,
            }, { parent: this });
            for (const [kind, role] of [["studio", studioRole], ["jobs", jobRole]] as const) {
                new aws.iam.RolePolicyAttachment(`${name}-${kind}-${id.slice(name.length + 1)}`, { role: role.name, policyArn: policy.arn }, { parent: this });
            }
            return policy;
        });

        this.domainId = domain.id;
        this.domainArn = domain.arn;
        this.domainUrl = domain.url;
        this.vpcId = network.vpcId;
        this.subnetIds = network.subnetIds;
        this.studioSecurityGroupId = network.studioSecurityGroup.id;
        this.endpointSecurityGroupId = network.endpointSecurityGroup.id;
        this.s3EndpointId = network.s3EndpointId;
        this.interfaceEndpointIds = network.interfaceEndpointIds;
        this.studioKeyArn = studioKey.arn;
        this.dataKeyArn = dataKey.arn;
        this.dataBucketName = dataBucket.bucket;
        this.dataBucketArn = dataBucket.arn;
        this.modelBucketName = modelBucket.bucket;
        this.modelBucketArn = modelBucket.arn;
        this.accessLogBucketName = accessLogs.bucket.bucket;
        this.studioExecutionRoleArn = studioRole.arn;
        this.jobExecutionRoleArn = jobRole.arn;
        this.userProfileArns = pulumi.all(userProfiles.map(p => p.arn))
            .apply(arns => Object.fromEntries(profiles.map((p, i) => [p, arns[i]])));
        this.defaultInstanceType = appInstanceType;
        this.guardrailPolicyArns = pulumi.all(guardrails.map(g => g.arn));

        this.registerOutputs({
            domainId: this.domainId,
            domainArn: this.domainArn,
            domainUrl: this.domainUrl,
            vpcId: this.vpcId,
            subnetIds: this.subnetIds,
            studioSecurityGroupId: this.studioSecurityGroupId,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            s3EndpointId: this.s3EndpointId,
            interfaceEndpointIds: this.interfaceEndpointIds,
            studioKeyArn: this.studioKeyArn,
            dataKeyArn: this.dataKeyArn,
            dataBucketName: this.dataBucketName,
            dataBucketArn: this.dataBucketArn,
            modelBucketName: this.modelBucketName,
            modelBucketArn: this.modelBucketArn,
            accessLogBucketName: this.accessLogBucketName,
            studioExecutionRoleArn: this.studioExecutionRoleArn,
            jobExecutionRoleArn: this.jobExecutionRoleArn,
            userProfileArns: this.userProfileArns,
            defaultInstanceType: this.defaultInstanceType,
            guardrailPolicyArns: this.guardrailPolicyArns,
        });
    }
}

/** The user profile names, checked: valid SageMaker names, no duplicates. */
function checkedProfiles(profiles: readonly string[]): string[] {
    const seen = new Set<string>();
    for (const p of profiles) {
        if (!isSagemakerName(p)) {
            throw new Error(`user profile "${p}" is not a valid SageMaker name (letters, digits and hyphens, at most 63)`);
        }
        if (seen.has(p)) {
            throw new Error(`user profile "${p}" is listed twice`);
        }
        seen.add(p);
    }
    return [...profiles];
}
