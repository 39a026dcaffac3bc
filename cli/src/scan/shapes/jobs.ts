/**
 * Jobs: training (DescribeTrainingJob) as `aws:sagemaker/trainingJob:TrainingJob`, tuning
 * (DescribeHyperParameterTuningJob) as `aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob`,
 * processing (DescribeProcessingJob) as `aws-native:sagemaker:ProcessingJob` (`@pulumi/aws` has no
 * processing job; the pack judges the aws-native one, whose names are CloudFormation's in camelCase),
 * transform (DescribeTransformJob) as `aws:sagemaker/transformJob:TransformJob`: no Pulumi provider
 * has a transform job, so the type follows `@pulumi/aws`'s naming for the policies that judge every
 * SageMaker type by property name (instance types, KMS key and subnet allowlists, tags), and the
 * pack reports it as a type it has not reviewed, which is the truth. Hyperparameters and environments
 * are left out: they can hold secrets, and no policy reads them.
 */
import type * as aws from "@pulumi/aws";
import type {
    DescribeHyperParameterTuningJobCommandOutput, DescribeProcessingJobCommandOutput, DescribeTrainingJobCommandOutput,
    DescribeTransformJobCommandOutput, HyperParameterAlgorithmSpecification, HyperParameterTrainingJobDefinition, OutputDataConfig, ResourceConfig,
    StoppingCondition, Tag,
} from "@aws-sdk/client-sagemaker";
import { Plain, shape, Shape, tagMap, vpcConfig } from "./common";

type TrainingInputs = Plain<aws.sagemaker.TrainingJobArgs>;
type TuningInputs = Plain<aws.sagemaker.HyperParameterTuningJobArgs>;
type Definition = NonNullable<TuningInputs["trainingJobDefinition"]> & NonNullable<TuningInputs["trainingJobDefinitions"]>[number];

function resourceConfig(r: ResourceConfig | undefined): TrainingInputs["resourceConfig"] & Definition["resourceConfig"] {
    return r && {
        instanceType: r.InstanceType,
        instanceCount: r.InstanceCount,
        volumeSizeInGb: r.VolumeSizeInGB,
        volumeKmsKeyId: r.VolumeKmsKeyId,
        keepAlivePeriodInSeconds: r.KeepAlivePeriodInSeconds,
        instanceGroups: r.InstanceGroups?.map(g => ({ instanceType: g.InstanceType, instanceCount: g.InstanceCount, instanceGroupName: g.InstanceGroupName })),
    };
}

function stoppingCondition(c: StoppingCondition | undefined): TrainingInputs["stoppingCondition"] & Definition["stoppingCondition"] {
    return c && { maxRuntimeInSeconds: c.MaxRuntimeInSeconds, maxWaitTimeInSeconds: c.MaxWaitTimeInSeconds, maxPendingTimeInSeconds: c.MaxPendingTimeInSeconds };
}

function algorithmSpecification(a: HyperParameterAlgorithmSpecification | undefined): TrainingInputs["algorithmSpecification"] & Definition["algorithmSpecification"] {
    return a && { trainingImage: a.TrainingImage, algorithmName: a.AlgorithmName, trainingInputMode: a.TrainingInputMode };
}

function outputDataConfig(o: OutputDataConfig | undefined): TrainingInputs["outputDataConfig"] & Definition["outputDataConfig"] {
    return o && { kmsKeyId: o.KmsKeyId, s3OutputPath: o.S3OutputPath, compressionType: o.CompressionType };
}

export function trainingJob(d: DescribeTrainingJobCommandOutput, tags?: Tag[]): Shape {
    const rules = (list: DescribeTrainingJobCommandOutput["DebugRuleConfigurations"]) => list?.map(r => ({
        ruleConfigurationName: r.RuleConfigurationName, ruleEvaluatorImage: r.RuleEvaluatorImage, instanceType: r.InstanceType,
    }));
    return shape("aws:sagemaker/trainingJob:TrainingJob", {
        trainingJobName: d.TrainingJobName,
        roleArn: d.RoleArn,
        algorithmSpecification: algorithmSpecification(d.AlgorithmSpecification),
        resourceConfig: resourceConfig(d.ResourceConfig),
        outputDataConfig: outputDataConfig(d.OutputDataConfig),
        vpcConfig: d.VpcConfig && vpcConfig(d.VpcConfig),
        enableNetworkIsolation: d.EnableNetworkIsolation,
        enableInterContainerTrafficEncryption: d.EnableInterContainerTrafficEncryption,
        enableManagedSpotTraining: d.EnableManagedSpotTraining,
        remoteDebugConfig: d.RemoteDebugConfig && { enableRemoteDebug: d.RemoteDebugConfig.EnableRemoteDebug },
        stoppingCondition: stoppingCondition(d.StoppingCondition),
        debugRuleConfigurations: rules(d.DebugRuleConfigurations),
        profilerRuleConfigurations: rules(d.ProfilerRuleConfigurations),
        tags: tagMap(tags),
    } satisfies TrainingInputs);
}

function definition(t: HyperParameterTrainingJobDefinition): Definition {
    const h = t.HyperParameterTuningResourceConfig;
    return {
        definitionName: t.DefinitionName,
        roleArn: t.RoleArn,
        algorithmSpecification: algorithmSpecification(t.AlgorithmSpecification),
        resourceConfig: resourceConfig(t.ResourceConfig),
        hyperParameterTuningResourceConfig: h && {
            instanceType: h.InstanceType,
            instanceCount: h.InstanceCount,
            volumeSizeInGb: h.VolumeSizeInGB,
            volumeKmsKeyId: h.VolumeKmsKeyId,
            allocationStrategy: h.AllocationStrategy,
            instanceConfigs: h.InstanceConfigs?.map(i => ({ instanceType: i.InstanceType, instanceCount: i.InstanceCount, volumeSizeInGb: i.VolumeSizeInGB })),
        },
        outputDataConfig: outputDataConfig(t.OutputDataConfig),
        vpcConfig: t.VpcConfig && vpcConfig(t.VpcConfig),
        enableNetworkIsolation: t.EnableNetworkIsolation,
        enableInterContainerTrafficEncryption: t.EnableInterContainerTrafficEncryption,
        enableManagedSpotTraining: t.EnableManagedSpotTraining,
        stoppingCondition: stoppingCondition(t.StoppingCondition),
    };
}

export function hyperParameterTuningJob(d: DescribeHyperParameterTuningJobCommandOutput, tags?: Tag[]): Shape {
    const c = d.HyperParameterTuningJobConfig;
    return shape("aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob", {
        name: d.HyperParameterTuningJobName,
        config: c && {
            strategy: c.Strategy,
            trainingJobEarlyStoppingType: c.TrainingJobEarlyStoppingType,
            resourceLimits: c.ResourceLimits && {
                maxParallelTrainingJobs: c.ResourceLimits.MaxParallelTrainingJobs,
                maxNumberOfTrainingJobs: c.ResourceLimits.MaxNumberOfTrainingJobs,
                maxRuntimeInSeconds: c.ResourceLimits.MaxRuntimeInSeconds,
            },
        },
        trainingJobDefinition: d.TrainingJobDefinition && definition(d.TrainingJobDefinition),
        trainingJobDefinitions: d.TrainingJobDefinitions?.map(definition),
        tags: tagMap(tags),
    } satisfies TuningInputs);
}

export function processingJob(d: DescribeProcessingJobCommandOutput, tags?: Tag[]): Shape {
    const cluster = d.ProcessingResources?.ClusterConfig;
    const network = d.NetworkConfig;
    return shape("aws-native:sagemaker:ProcessingJob", {
        processingJobName: d.ProcessingJobName,
        roleArn: d.RoleArn,
        appSpecification: d.AppSpecification && { imageUri: d.AppSpecification.ImageUri },
        processingResources: cluster && {
            clusterConfig: {
                instanceType: cluster.InstanceType, instanceCount: cluster.InstanceCount, volumeSizeInGb: cluster.VolumeSizeInGB, volumeKmsKeyId: cluster.VolumeKmsKeyId,
            },
        },
        processingOutputConfig: d.ProcessingOutputConfig && { kmsKeyId: d.ProcessingOutputConfig.KmsKeyId },
        networkConfig: network && {
            enableNetworkIsolation: network.EnableNetworkIsolation,
            enableInterContainerTrafficEncryption: network.EnableInterContainerTrafficEncryption,
            vpcConfig: vpcConfig(network.VpcConfig),
        },
        // aws-native tags are a list of {key, value}.
        tags: tags?.map(t => ({ key: t.Key, value: t.Value })),
    });
}

export function transformJob(d: DescribeTransformJobCommandOutput, tags?: Tag[]): Shape {
    return shape("aws:sagemaker/transformJob:TransformJob", {
        transformJobName: d.TransformJobName,
        modelName: d.ModelName,
        transformResources: d.TransformResources && {
            instanceType: d.TransformResources.InstanceType, instanceCount: d.TransformResources.InstanceCount, volumeKmsKeyId: d.TransformResources.VolumeKmsKeyId,
        },
        transformOutput: d.TransformOutput && { s3OutputPath: d.TransformOutput.S3OutputPath, kmsKeyId: d.TransformOutput.KmsKeyId },
        dataCaptureConfig: d.DataCaptureConfig && { destinationS3Uri: d.DataCaptureConfig.DestinationS3Uri, kmsKeyId: d.DataCaptureConfig.KmsKeyId },
        tags: tagMap(tags),
    });
}
