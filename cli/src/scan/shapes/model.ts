/** Models (DescribeModel) as `aws:sagemaker/model:Model`. Container environments are left out: they can hold secrets, and no policy reads them. */
import type * as aws from "@pulumi/aws";
import type { ContainerDefinition, DescribeModelCommandOutput, Tag } from "@aws-sdk/client-sagemaker";
import { Plain, shape, Shape, tagMap, vpcConfig } from "./common";

type ModelInputs = Plain<aws.sagemaker.ModelArgs>;

function container(c: ContainerDefinition): NonNullable<ModelInputs["primaryContainer"]> {
    return {
        containerHostname: c.ContainerHostname,
        image: c.Image,
        imageConfig: c.ImageConfig && {
            repositoryAccessMode: c.ImageConfig.RepositoryAccessMode,
            repositoryAuthConfig: c.ImageConfig.RepositoryAuthConfig && {
                repositoryCredentialsProviderArn: c.ImageConfig.RepositoryAuthConfig.RepositoryCredentialsProviderArn,
            },
        },
        mode: c.Mode,
        modelDataUrl: c.ModelDataUrl,
        modelPackageName: c.ModelPackageName,
        inferenceSpecificationName: c.InferenceSpecificationName,
    };
}

export function model(d: DescribeModelCommandOutput, tags?: Tag[]): Shape {
    return shape("aws:sagemaker/model:Model", {
        name: d.ModelName,
        executionRoleArn: d.ExecutionRoleArn,
        primaryContainer: d.PrimaryContainer && container(d.PrimaryContainer),
        containers: d.Containers?.map(container),
        inferenceExecutionConfig: d.InferenceExecutionConfig?.Mode ? { mode: d.InferenceExecutionConfig.Mode } : undefined,
        vpcConfig: d.VpcConfig && vpcConfig(d.VpcConfig),
        enableNetworkIsolation: d.EnableNetworkIsolation,
        tags: tagMap(tags),
    } satisfies ModelInputs);
}
