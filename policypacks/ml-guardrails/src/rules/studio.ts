import { choice } from "../lib/config";
import { defineResourcePolicy, forTypes } from "../lib/policy";
import { show } from "../lib/props";

const AREA = "Studio domains, user profiles and spaces";

/*
 * Property names. `aws:` paths are the @pulumi/aws 7.48 inputs (sagemaker/domain.d.ts, userProfile.d.ts,
 * space.d.ts). `aws-native:` paths are the CloudFormation names in camelCase, read from the
 * AWS::SageMaker::Domain / UserProfile / Space schemas that pulumi-aws-native generates from
 * (aws-cloudformation-schema/aws-sagemaker-*.json): AppNetworkAccessType, VpcId, SubnetIds, KmsKeyId,
 * DomainSettings.{ExecutionRoleIdentityConfig, SecurityGroupIds, DockerSettings.EnableDockerAccess},
 * DefaultUserSettings / UserSettings.{SecurityGroups, SharingSettings.{NotebookOutputOption, S3KmsKeyId}},
 * DefaultSpaceSettings.SecurityGroups, SpaceSharingSettings.SharingType. They are the same paths as in
 * `aws:`, so each policy below lists one set of paths for both providers.
 */
const DOMAIN_TYPES = ["aws:sagemaker/domain:Domain", "aws-native:sagemaker:Domain"];
const PROFILE_TYPES = ["aws:sagemaker/userProfile:UserProfile", "aws-native:sagemaker:UserProfile"];
const SPACE_TYPES = ["aws:sagemaker/space:Space", "aws-native:sagemaker:Space"];

/** Where the user settings live: the domain's defaults, or a user profile's own. */
interface UserSettingsTarget {
    readonly kind: "domain" | "profile";
    readonly settings: string;
}

const USER_SETTINGS: Record<string, UserSettingsTarget> = {
    ...forTypes(DOMAIN_TYPES, { kind: "domain", settings: "defaultUserSettings" } as const),
    ...forTypes(PROFILE_TYPES, { kind: "profile", settings: "userSettings" } as const),
};

export const domainVpcOnly = defineResourcePolicy({
    name: "sagemaker-domain-vpc-only",
    description: "SageMaker Studio domains must send all app traffic through a customer VPC (VpcOnly), never the internet.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `appNetworkAccessType: \"VpcOnly\"` (unset means \"PublicInternetOnly\": Studio apps get direct " +
        "internet access through a SageMaker-managed VPC), `vpcId` to the ML VPC and `subnetIds` to its private subnets; " +
        "reach AWS services through the VPC interface endpoints (sagemaker.api, sagemaker.runtime, studio, sts, logs, " +
        "ecr, kms) and the S3 gateway endpoint. Same property names on aws-native.",
    controls: {
        awsConfig: ["sagemaker-domain-in-vpc"],
        other: ["data-perimeter SCP: deny CreateDomain/UpdateDomain unless sagemaker:AppNetworkAccessType is VpcOnly"],
    },
    targets: forTypes(DOMAIN_TYPES, true),
    check(c) {
        c.requireEquals("appNetworkAccessType", "VpcOnly", "\"PublicInternetOnly\"");
        c.requireId("vpcId", "VPC id", "vpc");
        c.requireIds("subnetIds", "subnet id", "subnet");
    },
});

export const domainKms = defineResourcePolicy({
    name: "sagemaker-domain-kms",
    description: "SageMaker Studio domains must encrypt their home EFS file system and app EBS volumes with a customer-managed KMS key.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `kmsKeyId` to the ARN of a customer-managed key (unset means an AWS managed key). It cannot be " +
        "changed later: the domain, and its home EFS file system with it, is replaced. Same name on aws-native.",
    controls: {
        checkov: ["CKV_AWS_187"],
        other: ["whitepaper SCP: deny CreateDomain when sagemaker:VolumeKmsKeyArn is null"],
    },
    targets: forTypes(DOMAIN_TYPES, "kmsKeyId"),
    check(c, path) {
        c.requireId(path, "KMS key", "kms");
    },
});

/** CreateDomain `AuthMode`: IAM Identity Center (`SSO`) or IAM (`IAM`). */
const AUTH_MODES = ["SSO", "IAM"] as const;

export const domainAuthMode = defineResourcePolicy({
    name: "sagemaker-domain-auth-mode",
    description: "SageMaker Studio domains should sign users in the way the organization chose: IAM Identity Center " +
        "(`SSO`) unless the policy config says IAM.",
    area: AREA,
    severity: "medium",
    // Both modes are secure when used as designed (IAM: federated roles and presigned URLs), so the
    // organization states its choice; the mode cannot change later, so a stack config makes it mandatory.
    enforcementLevel: "advisory",
    remediation: "Set `authMode` to the mode in this policy's `authMode` setting (`SSO` by default: users sign in " +
        "through IAM Identity Center, so joiners, leavers and MFA follow the organization's identity provider). The " +
        "auth mode cannot be changed later (ForceNew in the provider, create-only in CloudFormation): a domain in the " +
        "other mode is replaced, with its home EFS file system, so migrate its user profiles and data to a new domain. " +
        "Organizations that federate users into IAM roles set `authMode: \"IAM\"` in the policy config (the ml-governance " +
        "configs do: SecureMlDomain creates IAM-mode domains); set the level to mandatory to block the other mode. " +
        "Same name on aws-native.",
    controls: {
        prowler: ["sagemaker_domain_sso_configured"],
        other: ["sagemaker:AuthMode condition key (CreateDomain)"],
    },
    config: {
        authMode: choice("The auth mode Studio domains must use: `SSO` (IAM Identity Center) or `IAM`.", AUTH_MODES, "SSO"),
    },
    targets: forTypes(DOMAIN_TYPES, "authMode"),
    check(c, path, config) {
        c.requireEquals(path, config.authMode, undefined, config.authMode === "SSO"
            ? "This organization signs Studio users in through IAM Identity Center (the `authMode` setting of this policy)"
            : "This organization signs Studio users in with IAM (the `authMode` setting of this policy)");
    },
});

const IDENTITY = "domainSettings.executionRoleIdentityConfig";

export const domainSourceIdentity = defineResourcePolicy({
    name: "sagemaker-domain-source-identity",
    description: "SageMaker Studio domains must attach the user profile name to the execution role session as sourceIdentity, " +
        "so that CloudTrail records which Studio user made each call.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: `Set \`${IDENTITY}: "USER_PROFILE_NAME"\` (unset means "DISABLED": CloudTrail shows only the shared ` +
        "execution role), and allow `sts:SetSourceIdentity` next to `sts:AssumeRole` for `sagemaker.amazonaws.com` in the " +
        "trust policy of every Studio execution role. Existing apps must be deleted before the domain can be updated. " +
        "Same property names on aws-native.",
    controls: {
        other: ["seed lab 03: CloudTrail userIdentity.sourceIdentity = user profile name (catalog L2)"],
    },
    targets: forTypes(DOMAIN_TYPES, IDENTITY),
    check(c, path) {
        c.requireEquals(path, "USER_PROFILE_NAME", "\"DISABLED\"");
    },
});

export const studioSecurityGroups = defineResourcePolicy({
    name: "sagemaker-studio-security-groups",
    description: "SageMaker Studio domains must name the security groups of their apps; user profiles and default space " +
        "settings that name their own must name at least one.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "On the domain set `defaultUserSettings.securityGroups` to the Studio security groups (a VpcOnly domain " +
        "needs them: they must allow NFS 2049 to the home EFS and 443 to the VPC endpoints). `defaultSpaceSettings.securityGroups`, " +
        "`domainSettings.securityGroupIds` and a user profile's `userSettings.securityGroups` may be left out (profiles " +
        "and spaces then use the domain's), but must not be empty lists. Same property names on aws-native.",
    controls: {
        other: ["sagemaker:VpcSecurityGroupIds condition key (CreateDomain, CreateUserProfile)", "seed lab: SageMaker security group (catalog N2)"],
    },
    targets: USER_SETTINGS,
    check(c, t) {
        const optional = t.kind === "domain"
            ? ["defaultSpaceSettings.securityGroups", "domainSettings.securityGroupIds"]
            : ["userSettings.securityGroups"];
        if (t.kind === "domain") {
            c.requireIds("defaultUserSettings.securityGroups", "security group id", "securityGroup");
        }
        for (const path of optional) {
            if (c.has(path)) {
                c.requireIds(path, "security group id", "securityGroup");
            }
        }
    },
});

export const studioSharingEncrypted = defineResourcePolicy({
    name: "sagemaker-studio-sharing-encrypted",
    description: "Studio notebook sharing must not store notebook cell output without a customer-managed KMS key, and " +
        "Canvas workspaces in a custom S3 location must be encrypted with one.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: "In `defaultUserSettings.sharingSettings` (domain) and `userSettings.sharingSettings` (user profile), " +
        "either set `notebookOutputOption: \"Disabled\"` (the default) or set `s3KmsKeyId` to a customer-managed key; " +
        "leaving `sharingSettings` out disables notebook sharing. When `canvasAppSettings.workspaceSettings.s3ArtifactPath` " +
        "is set, set `canvasAppSettings.workspaceSettings.s3KmsKeyId` too (aws only: the CloudFormation UserSettings has " +
        "no CanvasAppSettings). Same sharing property names on aws-native.",
    controls: {
        other: ["sagemaker:DomainSharingOutputKmsKeyArn condition key", "seed lab: Studio sharing output KMS key (catalog E8)"],
    },
    targets: USER_SETTINGS,
    check(c, t) {
        const sharing = `${t.settings}.sharingSettings`;
        // SharingSettings absent: notebook sharing is not allowed (API reference, SharingSettings).
        if (c.has(sharing)) {
            const option = c.get(`${sharing}.notebookOutputOption`);
            if (option.state === "unknown") {
                c.unknown(option.path, `\`${option.path}\` is unknown during preview; it must be "Disabled" unless ` +
                    `\`${sharing}.s3KmsKeyId\` is set`);
            } else if (option.state === "known" && option.value !== "Disabled") {
                // Absent means "Disabled" (the API default): cell output is not shared.
                c.requireId(`${sharing}.s3KmsKeyId`, "KMS key", "kms",
                    `\`${option.path}\` is ${show(option.value)}, so shared notebook cell output is stored in ` +
                    "S3 without a customer-managed key");
            }
        }
        // Checked on both providers: CloudFormation has no CanvasAppSettings today, so aws-native finds nothing here.
        const workspace = `${t.settings}.canvasAppSettings.workspaceSettings`;
        if (c.has(`${workspace}.s3ArtifactPath`)) {
            c.requireId(`${workspace}.s3KmsKeyId`, "KMS key", "kms",
                `\`${workspace}.s3ArtifactPath\` is set, so Canvas stores its artifacts there without a customer-managed key`);
        }
    },
});

const DOCKER = "domainSettings.dockerSettings.enableDockerAccess";

export const studioDockerDisabled = defineResourcePolicy({
    name: "sagemaker-studio-docker-disabled",
    description: "SageMaker Studio domains must not let users build and run Docker containers in their apps.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: `Remove \`${DOCKER}\` or set it to "DISABLED" (the default). Build images in a CI pipeline that pushes ` +
        "to ECR instead. Same property names on aws-native.",
    controls: { other: ["catalog N14: no Docker access in Studio"] },
    targets: forTypes(DOMAIN_TYPES, DOCKER),
    check(c, path) {
        c.forbidEquals(path, "ENABLED", "set it to \"DISABLED\" or leave it out: Docker access lets Studio users build " +
            "and run arbitrary containers, and pull images from the accounts in `vpcOnlyTrustedAccounts`");
    },
});

/*
 * Spaces have no network, KMS or logging input of their own: they run in the domain's VPC with its
 * security groups and volume key, which the policies above check. The one access setting is whether
 * the space is shared with every user profile of the domain; that is a legitimate collaboration
 * feature, so it is advisory, and a deliberate shared space is recorded with an exemption. A space
 * without `spaceSharingSettings` is not reported: what the service does then is not documented.
 * `spaceSettings.customFileSystems` only mounts EFS / FSx file systems that the domain already lists
 * in its custom file system configs; their encryption belongs to the file system resources.
 */
export const spacePrivate = defineResourcePolicy({
    name: "sagemaker-space-private",
    description: "SageMaker Studio spaces should be private to their owner unless they are meant to be shared.",
    area: AREA,
    severity: "low",
    enforcementLevel: "advisory",
    remediation: "Set `spaceSharingSettings.sharingType: \"Private\"` with `ownershipSettings.ownerUserProfileName`; for " +
        "a space meant for collaboration, record it with an exemption of this policy. Same property names on aws-native.",
    controls: { other: ["sagemaker:SpaceSharingType condition key (catalog N15)"] },
    targets: forTypes(SPACE_TYPES, "spaceSharingSettings.sharingType"),
    check(c, path) {
        c.forbidEquals(path, "Shared", "every user profile of the domain can open the space, read its files and act " +
            "with the space execution role; use \"Private\" unless the space is meant to be shared");
    },
});

export const studioPolicies = [
    domainVpcOnly, domainKms, domainAuthMode, domainSourceIdentity, studioSecurityGroups, studioSharingEncrypted, studioDockerDisabled,
    spacePrivate,
];
