/**
 * Studio: domains, user profiles, spaces and apps (Describe* responses) as their `aws:sagemaker/*`
 * inputs. The settings carried are those that say where Studio runs, with which keys, roles, security
 * groups and instance types, and what it shares.
 */
import type * as aws from "@pulumi/aws";
import type {
    DefaultSpaceSettings, DescribeAppCommandOutput, DescribeDomainCommandOutput, DescribeSpaceCommandOutput, DescribeUserProfileCommandOutput,
    SharingSettings, Tag, UserSettings,
} from "@aws-sdk/client-sagemaker";
import { appSettings, Plain, resourceSpec, shape, Shape, tagMap } from "./common";

type DomainInputs = Plain<aws.sagemaker.DomainArgs>;

function sharing(s: SharingSettings | undefined): NonNullable<DomainInputs["defaultUserSettings"]>["sharingSettings"] {
    return s && { notebookOutputOption: s.NotebookOutputOption, s3KmsKeyId: s.S3KmsKeyId, s3OutputPath: s.S3OutputPath };
}

/** A domain's default user settings, or a user profile's own (the provider gives both the same members). */
function userSettings(u: UserSettings | undefined): DomainInputs["defaultUserSettings"] & Plain<aws.sagemaker.UserProfileArgs>["userSettings"] {
    return u && {
        executionRole: u.ExecutionRole,
        securityGroups: u.SecurityGroups,
        sharingSettings: sharing(u.SharingSettings),
        jupyterServerAppSettings: appSettings(u.JupyterServerAppSettings),
        kernelGatewayAppSettings: appSettings(u.KernelGatewayAppSettings),
        jupyterLabAppSettings: appSettings(u.JupyterLabAppSettings),
        codeEditorAppSettings: appSettings(u.CodeEditorAppSettings),
        canvasAppSettings: u.CanvasAppSettings?.WorkspaceSettings && {
            workspaceSettings: { s3ArtifactPath: u.CanvasAppSettings.WorkspaceSettings.S3ArtifactPath, s3KmsKeyId: u.CanvasAppSettings.WorkspaceSettings.S3KmsKeyId },
        },
        studioWebPortal: u.StudioWebPortal,
        defaultLandingUri: u.DefaultLandingUri,
        autoMountHomeEfs: u.AutoMountHomeEFS,
    };
}

function defaultSpaceSettings(s: DefaultSpaceSettings | undefined): DomainInputs["defaultSpaceSettings"] {
    return s && {
        executionRole: s.ExecutionRole,
        securityGroups: s.SecurityGroups,
        jupyterServerAppSettings: appSettings(s.JupyterServerAppSettings),
        kernelGatewayAppSettings: appSettings(s.KernelGatewayAppSettings),
        jupyterLabAppSettings: appSettings(s.JupyterLabAppSettings),
    };
}

export function domain(d: DescribeDomainCommandOutput, tags?: Tag[]): Shape {
    return shape("aws:sagemaker/domain:Domain", {
        domainName: d.DomainName,
        authMode: d.AuthMode,
        // Absent means PublicInternetOnly (CreateDomain API reference), which the pack reads the same way.
        appNetworkAccessType: d.AppNetworkAccessType,
        appSecurityGroupManagement: d.AppSecurityGroupManagement,
        vpcId: d.VpcId,
        subnetIds: d.SubnetIds,
        kmsKeyId: d.KmsKeyId,
        defaultUserSettings: userSettings(d.DefaultUserSettings),
        defaultSpaceSettings: defaultSpaceSettings(d.DefaultSpaceSettings),
        domainSettings: d.DomainSettings && {
            executionRoleIdentityConfig: d.DomainSettings.ExecutionRoleIdentityConfig,
            securityGroupIds: d.DomainSettings.SecurityGroupIds,
            dockerSettings: d.DomainSettings.DockerSettings && {
                enableDockerAccess: d.DomainSettings.DockerSettings.EnableDockerAccess,
                vpcOnlyTrustedAccounts: d.DomainSettings.DockerSettings.VpcOnlyTrustedAccounts,
            },
        },
        tags: tagMap(tags),
    } satisfies DomainInputs);
}

export function userProfile(d: DescribeUserProfileCommandOutput, tags?: Tag[]): Shape {
    return shape("aws:sagemaker/userProfile:UserProfile", {
        domainId: d.DomainId,
        userProfileName: d.UserProfileName,
        singleSignOnUserIdentifier: d.SingleSignOnUserIdentifier,
        singleSignOnUserValue: d.SingleSignOnUserValue,
        userSettings: userSettings(d.UserSettings),
        tags: tagMap(tags),
    } satisfies Plain<aws.sagemaker.UserProfileArgs>);
}

export function space(d: DescribeSpaceCommandOutput, tags?: Tag[]): Shape {
    const s = d.SpaceSettings;
    return shape("aws:sagemaker/space:Space", {
        domainId: d.DomainId,
        spaceName: d.SpaceName,
        spaceDisplayName: d.SpaceDisplayName,
        ownershipSettings: d.OwnershipSettings && { ownerUserProfileName: d.OwnershipSettings.OwnerUserProfileName },
        spaceSharingSettings: d.SpaceSharingSettings && { sharingType: d.SpaceSharingSettings.SharingType },
        spaceSettings: s && {
            appType: s.AppType,
            jupyterServerAppSettings: appSettings(s.JupyterServerAppSettings),
            kernelGatewayAppSettings: appSettings(s.KernelGatewayAppSettings),
            jupyterLabAppSettings: appSettings(s.JupyterLabAppSettings),
            codeEditorAppSettings: appSettings(s.CodeEditorAppSettings),
        },
        tags: tagMap(tags),
    } satisfies Plain<aws.sagemaker.SpaceArgs>);
}

export function app(d: DescribeAppCommandOutput, tags?: Tag[]): Shape {
    return shape("aws:sagemaker/app:App", {
        domainId: d.DomainId,
        appName: d.AppName,
        appType: d.AppType,
        userProfileName: d.UserProfileName,
        spaceName: d.SpaceName,
        resourceSpec: resourceSpec(d.ResourceSpec),
        tags: tagMap(tags),
    } satisfies Plain<aws.sagemaker.AppArgs>);
}
