/** Notebook instances (DescribeNotebookInstance) as `aws:sagemaker/notebookInstance:NotebookInstance`. */
import type * as aws from "@pulumi/aws";
import type { DescribeNotebookInstanceCommandOutput, Tag } from "@aws-sdk/client-sagemaker";
import { Plain, shape, Shape, tagMap } from "./common";

export function notebookInstance(d: DescribeNotebookInstanceCommandOutput, tags?: Tag[]): Shape {
    return shape("aws:sagemaker/notebookInstance:NotebookInstance", {
        name: d.NotebookInstanceName,
        instanceType: d.InstanceType,
        roleArn: d.RoleArn,
        subnetId: d.SubnetId,
        securityGroups: d.SecurityGroups,
        // The API leaves DirectInternetAccess and RootAccess out only when they have their defaults (Enabled).
        directInternetAccess: d.DirectInternetAccess,
        rootAccess: d.RootAccess,
        kmsKeyId: d.KmsKeyId,
        instanceMetadataServiceConfiguration: d.InstanceMetadataServiceConfiguration && {
            minimumInstanceMetadataServiceVersion: d.InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion,
        },
        platformIdentifier: d.PlatformIdentifier,
        volumeSize: d.VolumeSizeInGB,
        lifecycleConfigName: d.NotebookInstanceLifecycleConfigName,
        defaultCodeRepository: d.DefaultCodeRepository,
        additionalCodeRepositories: d.AdditionalCodeRepositories,
        tags: tagMap(tags),
    } satisfies Plain<aws.sagemaker.NotebookInstanceArgs>);
}
