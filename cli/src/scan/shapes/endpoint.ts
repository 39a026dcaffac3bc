/**
 * Endpoint configurations (DescribeEndpointConfig) as `aws:sagemaker/endpointConfiguration:EndpointConfiguration`,
 * endpoints (DescribeEndpoint) as `aws:sagemaker/endpoint:Endpoint`.
 */
import type * as aws from "@pulumi/aws";
import type { DescribeEndpointCommandOutput, DescribeEndpointConfigCommandOutput, ProductionVariant, Tag } from "@aws-sdk/client-sagemaker";
import { Plain, shape, Shape, tagMap } from "./common";

type ConfigInputs = Plain<aws.sagemaker.EndpointConfigurationArgs>;

/** One variant (the provider's production and shadow variants have the same members). */
function variant(v: ProductionVariant): NonNullable<ConfigInputs["productionVariants"]>[number] & NonNullable<ConfigInputs["shadowProductionVariants"]>[number] {
    return {
        variantName: v.VariantName,
        modelName: v.ModelName,
        initialInstanceCount: v.InitialInstanceCount,
        instanceType: v.InstanceType,
        acceleratorType: v.AcceleratorType,
        initialVariantWeight: v.InitialVariantWeight,
        volumeSizeInGb: v.VolumeSizeInGB,
        enableSsmAccess: v.EnableSSMAccess,
        inferenceAmiVersion: v.InferenceAmiVersion,
        coreDumpConfig: v.CoreDumpConfig && { destinationS3Uri: v.CoreDumpConfig.DestinationS3Uri, kmsKeyId: v.CoreDumpConfig.KmsKeyId },
        serverlessConfig: v.ServerlessConfig && {
            maxConcurrency: v.ServerlessConfig.MaxConcurrency,
            memorySizeInMb: v.ServerlessConfig.MemorySizeInMB,
            provisionedConcurrency: v.ServerlessConfig.ProvisionedConcurrency,
        },
        managedInstanceScaling: v.ManagedInstanceScaling && {
            status: v.ManagedInstanceScaling.Status,
            minInstanceCount: v.ManagedInstanceScaling.MinInstanceCount,
            maxInstanceCount: v.ManagedInstanceScaling.MaxInstanceCount,
        },
    };
}

export function endpointConfiguration(d: DescribeEndpointConfigCommandOutput, tags?: Tag[]): Shape {
    const capture = d.DataCaptureConfig;
    return shape("aws:sagemaker/endpointConfiguration:EndpointConfiguration", {
        name: d.EndpointConfigName,
        // Terraform's name for the storage volumes' key (the API's KmsKeyId).
        kmsKeyArn: d.KmsKeyId,
        executionRoleArn: d.ExecutionRoleArn,
        productionVariants: d.ProductionVariants?.map(variant),
        shadowProductionVariants: d.ShadowProductionVariants?.map(variant),
        dataCaptureConfig: capture && {
            // The API's default is capture on (DataCaptureConfig, API reference); the provider's is off, so the live value is spelled out.
            enableCapture: capture.EnableCapture ?? true,
            initialSamplingPercentage: capture.InitialSamplingPercentage,
            destinationS3Uri: capture.DestinationS3Uri,
            kmsKeyId: capture.KmsKeyId,
            captureOptions: capture.CaptureOptions?.map(o => ({ captureMode: o.CaptureMode })) ?? [],
        },
        asyncInferenceConfig: d.AsyncInferenceConfig && {
            clientConfig: d.AsyncInferenceConfig.ClientConfig && {
                maxConcurrentInvocationsPerInstance: d.AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance,
            },
            outputConfig: {
                kmsKeyId: d.AsyncInferenceConfig.OutputConfig?.KmsKeyId,
                s3OutputPath: d.AsyncInferenceConfig.OutputConfig?.S3OutputPath,
                s3FailurePath: d.AsyncInferenceConfig.OutputConfig?.S3FailurePath,
            },
        },
        tags: tagMap(tags),
    } satisfies ConfigInputs);
}

export function endpoint(d: DescribeEndpointCommandOutput, tags?: Tag[]): Shape {
    return shape("aws:sagemaker/endpoint:Endpoint", {
        name: d.EndpointName,
        endpointConfigName: d.EndpointConfigName,
        tags: tagMap(tags),
    } satisfies Plain<aws.sagemaker.EndpointArgs>);
}
