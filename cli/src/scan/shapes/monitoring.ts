/** Monitoring schedules (DescribeMonitoringSchedule) as `aws:sagemaker/monitoringSchedule:MonitoringSchedule`. */
import type * as aws from "@pulumi/aws";
import type { DescribeMonitoringScheduleCommandOutput, MonitoringJobDefinition, Tag } from "@aws-sdk/client-sagemaker";
import { Plain, shape, Shape, tagMap, vpcConfig } from "./common";

type ScheduleInputs = Plain<aws.sagemaker.MonitoringScheduleArgs>;
type JobDefinition = NonNullable<NonNullable<ScheduleInputs["monitoringScheduleConfig"]>["monitoringJobDefinition"]>;

/** An inline job definition (a schedule that names a separate definition has none; the pack checks that one on its own). */
function jobDefinition(j: MonitoringJobDefinition | undefined): JobDefinition | undefined {
    const cluster = j?.MonitoringResources?.ClusterConfig;
    return j && {
        roleArn: j.RoleArn,
        monitoringAppSpecification: j.MonitoringAppSpecification && { imageUri: j.MonitoringAppSpecification.ImageUri },
        monitoringOutputConfig: j.MonitoringOutputConfig && { kmsKeyId: j.MonitoringOutputConfig.KmsKeyId },
        monitoringResources: cluster && {
            clusterConfig: { instanceType: cluster.InstanceType, instanceCount: cluster.InstanceCount, volumeSizeInGb: cluster.VolumeSizeInGB, volumeKmsKeyId: cluster.VolumeKmsKeyId },
        },
        networkConfig: j.NetworkConfig && {
            enableNetworkIsolation: j.NetworkConfig.EnableNetworkIsolation,
            enableInterContainerTrafficEncryption: j.NetworkConfig.EnableInterContainerTrafficEncryption,
            vpcConfig: vpcConfig(j.NetworkConfig.VpcConfig),
        },
    };
}

export function monitoringSchedule(d: DescribeMonitoringScheduleCommandOutput, tags?: Tag[]): Shape {
    const c = d.MonitoringScheduleConfig;
    return shape("aws:sagemaker/monitoringSchedule:MonitoringSchedule", {
        name: d.MonitoringScheduleName,
        monitoringScheduleConfig: c && {
            monitoringJobDefinitionName: c.MonitoringJobDefinitionName,
            monitoringType: c.MonitoringType ?? d.MonitoringType,
            scheduleConfig: c.ScheduleConfig && { scheduleExpression: c.ScheduleConfig.ScheduleExpression },
            monitoringJobDefinition: jobDefinition(c.MonitoringJobDefinition),
        },
        tags: tagMap(tags),
    } satisfies ScheduleInputs);
}
