/** Feature groups (DescribeFeatureGroup) as `aws:sagemaker/featureGroup:FeatureGroup`. */
import type * as aws from "@pulumi/aws";
import type { DescribeFeatureGroupCommandOutput, Tag } from "@aws-sdk/client-sagemaker";
import { Plain, shape, Shape, tagMap } from "./common";

export function featureGroup(d: DescribeFeatureGroupCommandOutput, tags?: Tag[]): Shape {
    const offline = d.OfflineStoreConfig;
    const online = d.OnlineStoreConfig;
    return shape("aws:sagemaker/featureGroup:FeatureGroup", {
        featureGroupName: d.FeatureGroupName,
        description: d.Description,
        roleArn: d.RoleArn,
        recordIdentifierFeatureName: d.RecordIdentifierFeatureName,
        eventTimeFeatureName: d.EventTimeFeatureName,
        offlineStoreConfig: offline && {
            disableGlueTableCreation: offline.DisableGlueTableCreation,
            tableFormat: offline.TableFormat,
            s3StorageConfig: offline.S3StorageConfig && { s3Uri: offline.S3StorageConfig.S3Uri, kmsKeyId: offline.S3StorageConfig.KmsKeyId },
        },
        onlineStoreConfig: online && {
            enableOnlineStore: online.EnableOnlineStore,
            storageType: online.StorageType,
            securityConfig: online.SecurityConfig && { kmsKeyId: online.SecurityConfig.KmsKeyId },
        },
        tags: tagMap(tags),
    } satisfies Plain<aws.sagemaker.FeatureGroupArgs>);
}
