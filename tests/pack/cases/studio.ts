import { KEY_ARN, KMS_KEY, PolicyCase, SECURITY_GROUP, SUBNET, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../case";

const DOMAIN = "aws:sagemaker/domain:Domain";
const NATIVE_DOMAIN = "aws-native:sagemaker:Domain";
const PROFILE = "aws:sagemaker/userProfile:UserProfile";
const NATIVE_PROFILE = "aws-native:sagemaker:UserProfile";
const SPACE = "aws:sagemaker/space:Space";
const NATIVE_SPACE = "aws-native:sagemaker:Space";
const VPC = "aws:ec2/vpc:Vpc";

const EXEC_ROLE = "arn:aws:iam::111122223333:role/studio-exec";

/** A Studio domain that every studio policy accepts. */
export const compliantDomain = {
    domainName: "ml-studio",
    authMode: "IAM",
    appNetworkAccessType: "VpcOnly",
    vpcId: "vpc-0abc1234",
    subnetIds: ["subnet-0abc1234", "subnet-0abc5678"],
    kmsKeyId: KEY_ARN,
    domainSettings: {
        executionRoleIdentityConfig: "USER_PROFILE_NAME",
        dockerSettings: { enableDockerAccess: "DISABLED" },
    },
    defaultUserSettings: {
        executionRole: EXEC_ROLE,
        securityGroups: ["sg-0abc1234"],
        sharingSettings: { notebookOutputOption: "Allowed", s3OutputPath: "s3://ml-studio-sharing/", s3KmsKeyId: KEY_ARN },
        canvasAppSettings: { workspaceSettings: { s3ArtifactPath: "s3://ml-canvas/", s3KmsKeyId: KEY_ARN } },
    },
    defaultSpaceSettings: { executionRole: EXEC_ROLE, securityGroups: ["sg-0abc1234"] },
};

/** The aws-native domain: CloudFormation's UserSettings has no CanvasAppSettings. */
export const compliantNativeDomain = {
    ...compliantDomain,
    defaultUserSettings: {
        executionRole: EXEC_ROLE,
        securityGroups: ["sg-0abc1234"],
        sharingSettings: { notebookOutputOption: "Allowed", s3OutputPath: "s3://ml-studio-sharing/", s3KmsKeyId: KEY_ARN },
    },
};

/** A user profile that every studio policy accepts (and that inherits the domain's security groups). */
export const compliantUserProfile = {
    domainId: "d-abc123def456",
    userProfileName: "alice",
    userSettings: {
        executionRole: EXEC_ROLE,
        securityGroups: ["sg-0abc1234"],
        sharingSettings: { notebookOutputOption: "Disabled" },
    },
};

export const compliantNativeUserProfile = compliantUserProfile;

/** A private space. */
export const compliantSpace = {
    domainId: "d-abc123def456",
    spaceName: "alice-lab",
    ownershipSettings: { ownerUserProfileName: "alice" },
    spaceSharingSettings: { sharingType: "Private" },
    spaceSettings: { appType: "JupyterLab" },
};

export const compliantNativeSpace = compliantSpace;

const withUserSettings = (settings: Record<string, unknown>) => ({
    ...compliantDomain, defaultUserSettings: { ...compliantDomain.defaultUserSettings, ...settings },
});
const withProfileSettings = (settings: Record<string, unknown>) => ({
    ...compliantUserProfile, userSettings: { ...compliantUserProfile.userSettings, ...settings },
});
const withDomainSettings = (settings: Record<string, unknown>) => ({
    ...compliantDomain, domainSettings: { ...compliantDomain.domainSettings, ...settings },
});
const exemption = { exemptions: [{ urn: "*Domain::*", reason: "legacy domain, migration ticket ML-42", expires: "2999-12-31" }] };

export const cases: PolicyCase[] = [
    // sagemaker-domain-vpc-only
    { title: "VpcOnly domain in private subnets", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: compliantDomain, expect: "pass" },
    { title: "unset network access means PublicInternetOnly", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: { ...compliantDomain, appNetworkAccessType: undefined }, expect: "mandatory", message: /appNetworkAccessType` is not set \(unset means "PublicInternetOnly"\)/ },
    { title: "PublicInternetOnly domain", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: { ...compliantDomain, appNetworkAccessType: "PublicInternetOnly" }, expect: "mandatory", message: /"PublicInternetOnly"; it must be "VpcOnly"/ },
    { title: "domain without a VPC", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: { ...compliantDomain, vpcId: undefined }, expect: "mandatory", message: /vpcId/ },
    { title: "domain with an empty subnet list", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: { ...compliantDomain, subnetIds: [] }, expect: "mandatory", message: /subnetIds/ },
    { title: "aws-native VpcOnly domain", policy: "sagemaker-domain-vpc-only", type: NATIVE_DOMAIN, props: compliantNativeDomain, expect: "pass" },
    { title: "aws-native PublicInternetOnly domain", policy: "sagemaker-domain-vpc-only", type: NATIVE_DOMAIN, props: { ...compliantNativeDomain, appNetworkAccessType: "PublicInternetOnly" }, expect: "mandatory", message: /appNetworkAccessType/ },
    { title: "unknown VPC and subnets from a VPC and subnets in the stack", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: { ...compliantDomain, vpcId: UNKNOWN, subnetIds: UNKNOWN_ARRAY }, dependsOn: { vpcId: [VPC], subnetIds: [SUBNET] }, expect: "pass" },
    { title: "unknown VPC that does not come from a VPC", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: { ...compliantDomain, vpcId: UNKNOWN }, dependsOn: { vpcId: [SUBNET] }, expect: "mandatory", message: /does not come from a VPC/ },
    { title: "unknown network access type cannot be verified", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: { ...compliantDomain, appNetworkAccessType: UNKNOWN }, expect: "mandatory", message: /appNetworkAccessType` is unknown during preview.*cannot be verified/ },
    { title: "exempted public domain is reported as advisory", policy: "sagemaker-domain-vpc-only", type: DOMAIN, props: { ...compliantDomain, appNetworkAccessType: "PublicInternetOnly" }, config: exemption, expect: "advisory", message: /Exempted until 2999-12-31: legacy domain/ },

    // sagemaker-domain-auth-mode (SSO expected unless the config says IAM)
    { title: "an IAM Identity Center domain", policy: "sagemaker-domain-auth-mode", type: DOMAIN, props: { ...compliantDomain, authMode: "SSO" }, expect: "pass" },
    { title: "an IAM domain where IAM Identity Center is expected", policy: "sagemaker-domain-auth-mode", type: DOMAIN, props: compliantDomain, expect: "advisory", message: /`authMode` is "IAM"; it must be "SSO"\. This organization signs Studio users in through IAM Identity Center/ },
    { title: "an IAM domain where the config expects IAM", policy: "sagemaker-domain-auth-mode", type: NATIVE_DOMAIN, props: compliantNativeDomain, config: { authMode: "IAM" }, expect: "pass" },
    { title: "an SSO domain where the config expects IAM", policy: "sagemaker-domain-auth-mode", type: DOMAIN, props: { ...compliantDomain, authMode: "SSO" }, config: { authMode: "IAM", enforcementLevel: "mandatory" }, expect: "mandatory", message: /it must be "IAM"\. This organization signs Studio users in with IAM/ },
    { title: "a domain without an auth mode", policy: "sagemaker-domain-auth-mode", type: NATIVE_DOMAIN, props: { ...compliantNativeDomain, authMode: undefined }, expect: "advisory", message: /`authMode` is not set; set it to "SSO"/ },
    { title: "an unknown auth mode cannot be verified", policy: "sagemaker-domain-auth-mode", type: DOMAIN, props: { ...compliantDomain, authMode: UNKNOWN }, expect: "advisory", message: /cannot be verified before the update/ },
    // sagemaker-domain-kms
    { title: "domain with a KMS key", policy: "sagemaker-domain-kms", type: DOMAIN, props: compliantDomain, expect: "pass" },
    { title: "domain without a KMS key", policy: "sagemaker-domain-kms", type: DOMAIN, props: { ...compliantDomain, kmsKeyId: undefined }, expect: "mandatory", message: /kmsKeyId` is not set/ },
    { title: "a domain key that is no key", policy: "sagemaker-domain-kms", type: DOMAIN, props: { ...compliantDomain, kmsKeyId: "abc" }, expect: "mandatory", message: /"abc", which is not a key id/ },
    { title: "a domain encrypted with the AWS managed key", policy: "sagemaker-domain-kms", type: NATIVE_DOMAIN, props: { ...compliantNativeDomain, kmsKeyId: "alias/aws/sagemaker" }, expect: "mandatory", message: /AWS managed key/ },
    { title: "aws-native domain without a KMS key", policy: "sagemaker-domain-kms", type: NATIVE_DOMAIN, props: { ...compliantNativeDomain, kmsKeyId: undefined }, expect: "mandatory", message: /kmsKeyId/ },
    { title: "unknown key from a KMS key in the stack counts as set", policy: "sagemaker-domain-kms", type: DOMAIN, props: { ...compliantDomain, kmsKeyId: UNKNOWN }, dependsOn: { kmsKeyId: [KMS_KEY] }, expect: "pass" },
    { title: "unknown key with no KMS provenance blocks", policy: "sagemaker-domain-kms", type: DOMAIN, props: { ...compliantDomain, kmsKeyId: UNKNOWN }, expect: "mandatory", message: /does not come from a KMS key or alias/ },
    { title: "exempted domain without a key", policy: "sagemaker-domain-kms", type: DOMAIN, props: { ...compliantDomain, kmsKeyId: undefined }, config: exemption, expect: "advisory", message: /Exempted until/ },

    // sagemaker-domain-source-identity
    { title: "user profile name as sourceIdentity", policy: "sagemaker-domain-source-identity", type: DOMAIN, props: compliantDomain, expect: "pass" },
    { title: "no domain settings means DISABLED", policy: "sagemaker-domain-source-identity", type: DOMAIN, props: { ...compliantDomain, domainSettings: undefined }, expect: "mandatory", message: /domainSettings\.executionRoleIdentityConfig` is not set \(unset means "DISABLED"\)/ },
    { title: "sourceIdentity disabled", policy: "sagemaker-domain-source-identity", type: DOMAIN, props: withDomainSettings({ executionRoleIdentityConfig: "DISABLED" }), expect: "mandatory", message: /"DISABLED"; it must be "USER_PROFILE_NAME"/ },
    { title: "aws-native domain with sourceIdentity", policy: "sagemaker-domain-source-identity", type: NATIVE_DOMAIN, props: compliantNativeDomain, expect: "pass" },
    { title: "aws-native domain without sourceIdentity", policy: "sagemaker-domain-source-identity", type: NATIVE_DOMAIN, props: { ...compliantNativeDomain, domainSettings: { dockerSettings: { enableDockerAccess: "DISABLED" } } }, expect: "mandatory", message: /executionRoleIdentityConfig/ },
    { title: "unknown domain settings cannot be verified", policy: "sagemaker-domain-source-identity", type: DOMAIN, props: { ...compliantDomain, domainSettings: UNKNOWN_OBJECT }, expect: "mandatory", message: /cannot be verified before the update/ },

    // sagemaker-studio-security-groups
    { title: "domain with security groups", policy: "sagemaker-studio-security-groups", type: DOMAIN, props: compliantDomain, expect: "pass" },
    { title: "domain without default user security groups", policy: "sagemaker-studio-security-groups", type: DOMAIN, props: withUserSettings({ securityGroups: undefined }), expect: "mandatory", message: /defaultUserSettings\.securityGroups` must list at least one security group id/ },
    { title: "default space settings with an empty list", policy: "sagemaker-studio-security-groups", type: DOMAIN, props: { ...compliantDomain, defaultSpaceSettings: { executionRole: EXEC_ROLE, securityGroups: [] } }, expect: "mandatory", message: /defaultSpaceSettings\.securityGroups/ },
    { title: "default space settings without security groups inherit the domain's", policy: "sagemaker-studio-security-groups", type: DOMAIN, props: { ...compliantDomain, defaultSpaceSettings: { executionRole: EXEC_ROLE } }, expect: "pass" },
    { title: "user profile without security groups inherits the domain's", policy: "sagemaker-studio-security-groups", type: PROFILE, props: withProfileSettings({ securityGroups: undefined }), expect: "pass" },
    { title: "user profile with an empty security group id", policy: "sagemaker-studio-security-groups", type: PROFILE, props: withProfileSettings({ securityGroups: [""] }), expect: "mandatory", message: /userSettings\.securityGroups\[0\]/ },
    { title: "aws-native user profile with an empty list", policy: "sagemaker-studio-security-groups", type: NATIVE_PROFILE, props: withProfileSettings({ securityGroups: [] }), expect: "mandatory", message: /userSettings\.securityGroups/ },
    { title: "aws-native domain with security groups", policy: "sagemaker-studio-security-groups", type: NATIVE_DOMAIN, props: compliantNativeDomain, expect: "pass" },
    { title: "unknown security groups from a security group in the stack", policy: "sagemaker-studio-security-groups", type: DOMAIN, props: withUserSettings({ securityGroups: UNKNOWN_ARRAY }), dependsOn: { defaultUserSettings: [SECURITY_GROUP] }, expect: "pass" },
    { title: "unknown security groups that do not come from a security group", policy: "sagemaker-studio-security-groups", type: PROFILE, props: withProfileSettings({ securityGroups: [UNKNOWN] }), dependsOn: { userSettings: [SUBNET] }, expect: "mandatory", message: /does not come from a security group/ },

    // sagemaker-studio-sharing-encrypted
    { title: "shared cell output encrypted with a customer key", policy: "sagemaker-studio-sharing-encrypted", type: DOMAIN, props: compliantDomain, expect: "pass" },
    { title: "cell output not shared", policy: "sagemaker-studio-sharing-encrypted", type: PROFILE, props: compliantUserProfile, expect: "pass" },
    { title: "notebook output option defaults to Disabled", policy: "sagemaker-studio-sharing-encrypted", type: PROFILE, props: withProfileSettings({ sharingSettings: { s3OutputPath: "s3://ml-studio-sharing/" } }), expect: "pass" },
    { title: "no sharing settings: sharing is off", policy: "sagemaker-studio-sharing-encrypted", type: PROFILE, props: withProfileSettings({ sharingSettings: undefined }), expect: "pass" },
    { title: "shared cell output without a customer key", policy: "sagemaker-studio-sharing-encrypted", type: DOMAIN, props: withUserSettings({ sharingSettings: { notebookOutputOption: "Allowed", s3OutputPath: "s3://ml-studio-sharing/" } }), expect: "mandatory", message: /sharingSettings\.s3KmsKeyId` is not set: `defaultUserSettings\.sharingSettings\.notebookOutputOption` is "Allowed"/ },
    { title: "Canvas workspace in S3 without a customer key", policy: "sagemaker-studio-sharing-encrypted", type: DOMAIN, props: withUserSettings({ canvasAppSettings: { workspaceSettings: { s3ArtifactPath: "s3://ml-canvas/" } } }), expect: "mandatory", message: /workspaceSettings\.s3KmsKeyId` is not set: .*s3ArtifactPath` is set/ },
    { title: "user profile sharing cell output without a key", policy: "sagemaker-studio-sharing-encrypted", type: PROFILE, props: withProfileSettings({ sharingSettings: { notebookOutputOption: "Allowed" } }), expect: "mandatory", message: /userSettings\.sharingSettings\.s3KmsKeyId/ },
    { title: "aws-native user profile sharing cell output without a key", policy: "sagemaker-studio-sharing-encrypted", type: NATIVE_PROFILE, props: withProfileSettings({ sharingSettings: { notebookOutputOption: "Allowed" } }), expect: "mandatory", message: /s3KmsKeyId/ },
    { title: "aws-native domain sharing with a key", policy: "sagemaker-studio-sharing-encrypted", type: NATIVE_DOMAIN, props: compliantNativeDomain, expect: "pass" },
    { title: "unknown sharing key from a KMS key in the stack", policy: "sagemaker-studio-sharing-encrypted", type: PROFILE, props: withProfileSettings({ sharingSettings: { notebookOutputOption: "Allowed", s3KmsKeyId: UNKNOWN } }), dependsOn: { userSettings: [KMS_KEY] }, expect: "pass" },
    { title: "unknown sharing key with no KMS provenance", policy: "sagemaker-studio-sharing-encrypted", type: PROFILE, props: withProfileSettings({ sharingSettings: { notebookOutputOption: "Allowed", s3KmsKeyId: UNKNOWN } }), expect: "mandatory", message: /does not come from a KMS key or alias/ },
    { title: "unknown output option cannot be verified", policy: "sagemaker-studio-sharing-encrypted", type: DOMAIN, props: withUserSettings({ sharingSettings: { notebookOutputOption: UNKNOWN } }), expect: "mandatory", message: /notebookOutputOption` is unknown during preview/ },

    // sagemaker-studio-docker-disabled
    { title: "Docker access disabled", policy: "sagemaker-studio-docker-disabled", type: DOMAIN, props: compliantDomain, expect: "pass" },
    { title: "Docker settings left out", policy: "sagemaker-studio-docker-disabled", type: DOMAIN, props: withDomainSettings({ dockerSettings: undefined }), expect: "pass" },
    { title: "Docker access enabled", policy: "sagemaker-studio-docker-disabled", type: DOMAIN, props: withDomainSettings({ dockerSettings: { enableDockerAccess: "ENABLED", vpcOnlyTrustedAccounts: ["111122223333"] } }), expect: "mandatory", message: /enableDockerAccess` is "ENABLED"/ },
    { title: "aws-native Docker access enabled", policy: "sagemaker-studio-docker-disabled", type: NATIVE_DOMAIN, props: { ...compliantNativeDomain, domainSettings: { executionRoleIdentityConfig: "USER_PROFILE_NAME", dockerSettings: { enableDockerAccess: "ENABLED" } } }, expect: "mandatory", message: /ENABLED/ },
    { title: "unknown Docker access cannot be verified", policy: "sagemaker-studio-docker-disabled", type: DOMAIN, props: withDomainSettings({ dockerSettings: { enableDockerAccess: UNKNOWN } }), expect: "mandatory", message: /enableDockerAccess` is unknown during preview/ },

    // sagemaker-space-private (advisory)
    { title: "private space", policy: "sagemaker-space-private", type: SPACE, props: compliantSpace, expect: "pass" },
    { title: "space without sharing settings is not judged", policy: "sagemaker-space-private", type: SPACE, props: { domainId: "d-abc123def456", spaceName: "team" }, expect: "pass" },
    { title: "shared space is advisory", policy: "sagemaker-space-private", type: SPACE, props: { ...compliantSpace, ownershipSettings: undefined, spaceSharingSettings: { sharingType: "Shared" } }, expect: "advisory", message: /sharingType` is "Shared"/ },
    { title: "aws-native shared space", policy: "sagemaker-space-private", type: NATIVE_SPACE, props: { ...compliantNativeSpace, spaceSharingSettings: { sharingType: "Shared" } }, expect: "advisory", message: /Shared/ },
    { title: "unknown sharing type is reported at the policy's level", policy: "sagemaker-space-private", type: SPACE, props: { ...compliantSpace, spaceSharingSettings: { sharingType: UNKNOWN } }, expect: "advisory", message: /unknown during preview/ },
    { title: "shared spaces blocked when the level is raised", policy: "sagemaker-space-private", type: SPACE, props: { ...compliantSpace, spaceSharingSettings: { sharingType: "Shared" } }, config: { enforcementLevel: "mandatory" }, expect: "mandatory" },
];
