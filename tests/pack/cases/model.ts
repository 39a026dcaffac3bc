import { KMS_KEY, PolicyCase, SECURITY_GROUP, SUBNET, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL } from "../case";

const MODEL = "aws:sagemaker/model:Model";
const NATIVE = "aws-native:sagemaker:Model";

const PRIVATE_IMAGE = "registry.ml.internal:5000/fraud-model:1.4.2";
const ECR_IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-model:1.4.2";

/** A model that every model policy accepts (aws and aws-native use the same property names). */
export const compliantModel = {
    executionRoleArn: "arn:aws:iam::111122223333:role/ml-exec",
    enableNetworkIsolation: true,
    vpcConfig: { subnets: ["subnet-0abc1234", "subnet-0abc5678"], securityGroupIds: ["sg-0abc1234"] },
    primaryContainer: {
        image: PRIVATE_IMAGE,
        modelDataUrl: "s3://ml-models/fraud/model.tar.gz",
        imageConfig: { repositoryAccessMode: "Vpc" },
    },
};

export const compliantNativeModel = compliantModel;

const pipeline = (...modes: Array<string | undefined>) => ({
    ...compliantModel,
    primaryContainer: undefined,
    containers: modes.map((mode, i) => ({
        image: mode === "Vpc" ? PRIVATE_IMAGE : ECR_IMAGE,
        containerHostname: `step-${i}`,
        imageConfig: mode === undefined ? undefined : { repositoryAccessMode: mode },
    })),
});

export const cases: PolicyCase[] = [
    // sagemaker-model-in-vpc
    { title: "model in private subnets with security groups", policy: "sagemaker-model-in-vpc", type: MODEL, props: compliantModel, expect: "pass" },
    { title: "model without a VPC config", policy: "sagemaker-model-in-vpc", type: MODEL, props: { ...compliantModel, vpcConfig: undefined }, expect: "mandatory", message: /vpcConfig\.(subnets|securityGroupIds)` must list at least one/ },
    { title: "model with an empty security group list", policy: "sagemaker-model-in-vpc", type: MODEL, props: { ...compliantModel, vpcConfig: { subnets: ["subnet-0abc1234"], securityGroupIds: [] } }, expect: "mandatory", message: /vpcConfig\.securityGroupIds/ },
    { title: "aws-native model in a VPC", policy: "sagemaker-model-in-vpc", type: NATIVE, props: compliantNativeModel, expect: "pass" },
    { title: "aws-native model without subnets", policy: "sagemaker-model-in-vpc", type: NATIVE, props: { ...compliantNativeModel, vpcConfig: { securityGroupIds: ["sg-0abc1234"] } }, expect: "mandatory", message: /vpcConfig\.subnets/ },
    { title: "unknown subnets and security groups from resources in the stack", policy: "sagemaker-model-in-vpc", type: MODEL, props: { ...compliantModel, vpcConfig: { subnets: UNKNOWN_ARRAY, securityGroupIds: [UNKNOWN] } }, dependsOn: { vpcConfig: [SUBNET, SECURITY_GROUP] }, expect: "pass" },
    { title: "unknown subnets that do not come from a subnet", policy: "sagemaker-model-in-vpc", type: MODEL, props: { ...compliantModel, vpcConfig: { subnets: UNKNOWN_ARRAY, securityGroupIds: ["sg-0abc1234"] } }, dependsOn: { vpcConfig: [KMS_KEY] }, expect: "mandatory", message: /does not come from a subnet/ },
    { title: "exempted serverless-only model", policy: "sagemaker-model-in-vpc", type: MODEL, props: { ...compliantModel, vpcConfig: undefined }, config: { exemptions: [{ urn: "*Model::*", reason: "serverless endpoint, no VPC support", expires: "2999-12-31" }] }, expect: "advisory", message: /Exempted until 2999-12-31: serverless endpoint/ },

    // sagemaker-model-network-isolation
    { title: "model with network isolation", policy: "sagemaker-model-network-isolation", type: MODEL, props: compliantModel, expect: "pass" },
    { title: "unset network isolation means false", policy: "sagemaker-model-network-isolation", type: MODEL, props: { ...compliantModel, enableNetworkIsolation: undefined }, expect: "mandatory", message: /enableNetworkIsolation` is not set \(unset means false\)/ },
    { title: "network isolation off", policy: "sagemaker-model-network-isolation", type: MODEL, props: { ...compliantModel, enableNetworkIsolation: false }, expect: "mandatory", message: /enableNetworkIsolation` is false; it must be true/ },
    { title: "aws-native model without network isolation", policy: "sagemaker-model-network-isolation", type: NATIVE, props: { ...compliantNativeModel, enableNetworkIsolation: false }, expect: "mandatory", message: /enableNetworkIsolation/ },
    { title: "unknown network isolation cannot be verified", policy: "sagemaker-model-network-isolation", type: MODEL, props: { ...compliantModel, enableNetworkIsolation: UNKNOWN_BOOL }, expect: "mandatory", message: /cannot be verified before the update/ },
    { title: "a known violation blocks while other inputs are unknown", policy: "sagemaker-model-network-isolation", type: MODEL, props: { ...compliantModel, enableNetworkIsolation: false, vpcConfig: UNKNOWN }, expect: "mandatory", message: /is false/ },

    // sagemaker-model-private-registry (advisory)
    { title: "image from a registry in the VPC", policy: "sagemaker-model-private-registry", type: MODEL, props: compliantModel, expect: "pass" },
    { title: "ECR image in Platform mode is advisory", policy: "sagemaker-model-private-registry", type: MODEL, props: { ...compliantModel, primaryContainer: { image: ECR_IMAGE, imageConfig: { repositoryAccessMode: "Platform" } } }, expect: "advisory", message: /primaryContainer\.imageConfig\.repositoryAccessMode` is "Platform"; it should be "Vpc"/ },
    { title: "no image config means Platform", policy: "sagemaker-model-private-registry", type: MODEL, props: { ...compliantModel, primaryContainer: { image: ECR_IMAGE } }, expect: "advisory", message: /repositoryAccessMode` is not set \(unset means "Platform"/ },
    { title: "inference pipeline with every container in the VPC registry", policy: "sagemaker-model-private-registry", type: MODEL, props: pipeline("Vpc", "Vpc"), expect: "pass" },
    { title: "inference pipeline with one Platform container", policy: "sagemaker-model-private-registry", type: MODEL, props: pipeline("Vpc", undefined), expect: "advisory", message: /containers\[1\]\.imageConfig\.repositoryAccessMode/ },
    { title: "aws-native model in Platform mode", policy: "sagemaker-model-private-registry", type: NATIVE, props: { ...compliantNativeModel, primaryContainer: { image: ECR_IMAGE, imageConfig: { repositoryAccessMode: "Platform" } } }, expect: "advisory", message: /Platform/ },
    { title: "unknown containers are reported at the policy's level", policy: "sagemaker-model-private-registry", type: MODEL, props: { ...compliantModel, primaryContainer: undefined, containers: UNKNOWN_ARRAY }, expect: "advisory", message: /containers` is unknown during preview/ },
    { title: "switched off where ECR through VPC endpoints is the standard", policy: "sagemaker-model-private-registry", type: MODEL, props: { ...compliantModel, primaryContainer: { image: ECR_IMAGE } }, config: { enforcementLevel: "disabled" }, expect: "pass" },
];
