import { KEY_ARN, KMS_KEY, PolicyCase, SECURITY_GROUP, SUBNET, UNKNOWN, UNKNOWN_ARRAY } from "../case";
import { withPath } from "./monitoring";

const FLOW = "aws:sagemaker/flowDefinition:FlowDefinition";
const MODEL_CARD = "aws:sagemaker/modelCard:ModelCard";
const DEVICE_FLEET = "aws:sagemaker/deviceFleet:DeviceFleet";
const WORKFORCE = "aws:sagemaker/workforce:Workforce";
const NATIVE_MODEL_CARD = "aws-native:sagemaker:ModelCard";
const NATIVE_DEVICE_FLEET = "aws-native:sagemaker:DeviceFleet";
const NATIVE_EXPERIMENT = "aws-native:sagemaker:InferenceExperiment";
const NATIVE_WORKFORCE = "aws-native:sagemaker:Workforce";

const ROLE = "arn:aws:iam::111122223333:role/ml-artifacts";

/** A human review workflow (private work team, encrypted output) that every policy of the pack accepts. */
export const compliantFlowDefinition = {
    flowDefinitionName: "loan-review",
    roleArn: ROLE,
    humanLoopConfig: {
        humanTaskUiArn: "arn:aws:sagemaker:us-east-1:111122223333:human-task-ui/loan-review",
        workteamArn: "arn:aws:sagemaker:us-east-1:111122223333:workteam/private-crowd/reviewers",
        taskCount: 1,
        taskTitle: "Review loan decision",
        taskDescription: "Check the model's decision",
    },
    outputConfig: { s3OutputPath: "s3://ml-reviews/loans", kmsKeyId: KEY_ARN },
};

export const compliantModelCard = {
    modelCardName: "churn-xgb",
    modelCardStatus: "Draft",
    content: JSON.stringify({ model_overview: { model_description: "Churn classifier" } }),
    securityConfig: { kmsKeyId: KEY_ARN },
};

export const compliantNativeModelCard = {
    modelCardName: "churn-xgb",
    modelCardStatus: "Draft",
    content: { modelOverview: { modelDescription: "Churn classifier" } },
    securityConfig: { kmsKeyId: KEY_ARN },
};

export const compliantDeviceFleet = {
    deviceFleetName: "store-cameras",
    roleArn: ROLE,
    outputConfig: { s3OutputLocation: "s3://ml-edge/store-cameras", kmsKeyId: KEY_ARN },
};

export const compliantNativeDeviceFleet = compliantDeviceFleet;

export const compliantInferenceExperiment = {
    name: "churn-shadow",
    type: "ShadowMode",
    roleArn: ROLE,
    endpointName: "churn",
    kmsKey: KEY_ARN,
    modelVariants: [
        { modelName: "churn-v1", variantName: "prod", infrastructureConfig: { infrastructureType: "RealTimeInference", realTimeInferenceConfig: { instanceType: "ml.m5.xlarge", instanceCount: 2 } } },
        { modelName: "churn-v2", variantName: "shadow", infrastructureConfig: { infrastructureType: "RealTimeInference", realTimeInferenceConfig: { instanceType: "ml.m5.xlarge", instanceCount: 2 } } },
    ],
    shadowModeConfig: { sourceModelVariantName: "prod", shadowModelVariants: [{ shadowModelVariantName: "shadow", samplingPercentage: 50 }] },
    dataStorageConfig: { destination: "s3://ml-capture/churn-shadow", kmsKey: KEY_ARN },
};

/** A private workforce reachable only from the corporate network and the VPC. */
export const compliantWorkforce = {
    workforceName: "labelers",
    cognitoConfig: { clientId: "1example23456789", userPool: "us-east-1_EXAMPLE" },
    sourceIpConfig: { cidrs: ["10.0.0.0/8", "203.0.113.0/24"] },
    workforceVpcConfig: { vpcId: "vpc-0abc1234", subnets: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
};

export const compliantNativeWorkforce = compliantWorkforce;

const KMS = "sagemaker-artifact-kms";
const NETWORK = "sagemaker-workforce-private-network";

export const cases: PolicyCase[] = [
    // sagemaker-artifact-kms
    { title: "flow definition with an output key", policy: KMS, type: FLOW, props: compliantFlowDefinition, expect: "pass" },
    { title: "model card with a key", policy: KMS, type: MODEL_CARD, props: compliantModelCard, expect: "pass" },
    { title: "device fleet with an output key", policy: KMS, type: DEVICE_FLEET, props: compliantDeviceFleet, expect: "pass" },
    { title: "aws-native model card with a key", policy: KMS, type: NATIVE_MODEL_CARD, props: compliantNativeModelCard, expect: "pass" },
    { title: "aws-native device fleet with an output key", policy: KMS, type: NATIVE_DEVICE_FLEET, props: compliantNativeDeviceFleet, expect: "pass" },
    { title: "aws-native inference experiment with volume and capture keys", policy: KMS, type: NATIVE_EXPERIMENT, props: compliantInferenceExperiment, expect: "pass" },
    { title: "flow definition without an output key", policy: KMS, type: FLOW, props: withPath(compliantFlowDefinition, "outputConfig.kmsKeyId", undefined), expect: "mandatory", message: /`outputConfig.kmsKeyId` is not set; it must name a KMS key/ },
    { title: "model card without a security config", policy: KMS, type: MODEL_CARD, props: { ...compliantModelCard, securityConfig: undefined }, expect: "mandatory", message: /`securityConfig.kmsKeyId` is not set/ },
    { title: "device fleet with an empty key", policy: KMS, type: DEVICE_FLEET, props: withPath(compliantDeviceFleet, "outputConfig.kmsKeyId", ""), expect: "mandatory", message: /`outputConfig.kmsKeyId` is "", which is not a KMS key/ },
    { title: "aws-native model card without a key", policy: KMS, type: NATIVE_MODEL_CARD, props: withPath(compliantNativeModelCard, "securityConfig.kmsKeyId", undefined), expect: "mandatory", message: /securityConfig.kmsKeyId/ },
    { title: "aws-native device fleet without a key", policy: KMS, type: NATIVE_DEVICE_FLEET, props: withPath(compliantNativeDeviceFleet, "outputConfig.kmsKeyId", undefined), expect: "mandatory", message: /outputConfig.kmsKeyId/ },
    { title: "aws-native inference experiment without a volume key", policy: KMS, type: NATIVE_EXPERIMENT, props: { ...compliantInferenceExperiment, kmsKey: undefined }, expect: "mandatory", message: /`kmsKey` is not set; it must name a KMS key/ },
    { title: "aws-native inference experiment capturing data without a key", policy: KMS, type: NATIVE_EXPERIMENT, props: withPath(compliantInferenceExperiment, "dataStorageConfig.kmsKey", undefined), expect: "mandatory", message: /`dataStorageConfig.kmsKey` is not set/ },
    { title: "aws-native inference experiment without data capture needs no capture key", policy: KMS, type: NATIVE_EXPERIMENT, props: { ...compliantInferenceExperiment, dataStorageConfig: undefined }, expect: "pass" },
    { title: "unknown keys from KMS keys in the stack count as set", policy: KMS, type: NATIVE_EXPERIMENT, props: withPath({ ...compliantInferenceExperiment, kmsKey: UNKNOWN }, "dataStorageConfig.kmsKey", UNKNOWN), dependsOn: { kmsKey: ["aws-native:kms:Key"], dataStorageConfig: [KMS_KEY] }, expect: "pass" },
    { title: "unknown key with no KMS provenance blocks", policy: KMS, type: FLOW, props: withPath(compliantFlowDefinition, "outputConfig.kmsKeyId", UNKNOWN), dependsOn: { outputConfig: ["aws:s3/bucket:Bucket"] }, expect: "mandatory", message: /does not come from a KMS key or alias/ },
    { title: "a wrong shape counts as not set and does not throw", policy: KMS, type: MODEL_CARD, props: { ...compliantModelCard, securityConfig: [KEY_ARN] }, expect: "mandatory", message: /securityConfig.kmsKeyId` is not set/ },
    { title: "exempted model card is advisory", policy: KMS, type: MODEL_CARD, props: { ...compliantModelCard, securityConfig: undefined }, config: { exemptions: [{ urn: "*ModelCard*", reason: "public documentation only", expires: "2999-12-31" }] }, expect: "advisory", message: /public documentation only/ },
    // sagemaker-workforce-private-network (advisory)
    { title: "workforce limited to corporate ranges and the VPC", policy: NETWORK, type: WORKFORCE, props: compliantWorkforce, expect: "pass" },
    { title: "workforce reachable only through the VPC", policy: NETWORK, type: WORKFORCE, props: { ...compliantWorkforce, sourceIpConfig: undefined }, expect: "pass" },
    { title: "workforce limited to corporate ranges", policy: NETWORK, type: WORKFORCE, props: { ...compliantWorkforce, workforceVpcConfig: undefined }, expect: "pass" },
    { title: "aws-native workforce limited to corporate ranges", policy: NETWORK, type: NATIVE_WORKFORCE, props: compliantNativeWorkforce, expect: "pass" },
    { title: "workforce open to every address", policy: NETWORK, type: WORKFORCE, props: { ...compliantWorkforce, workforceVpcConfig: undefined, sourceIpConfig: undefined }, expect: "advisory", message: /neither `sourceIpConfig.cidrs` nor `workforceVpcConfig` is set/ },
    { title: "workforce allowing 0.0.0.0/0", policy: NETWORK, type: WORKFORCE, props: withPath(compliantWorkforce, "sourceIpConfig.cidrs", ["10.0.0.0/8", "0.0.0.0/0"]), expect: "advisory", message: /`sourceIpConfig.cidrs` allows \["0.0.0.0\/0"\]/ },
    { title: "aws-native workforce with an empty range list and no VPC", policy: NETWORK, type: NATIVE_WORKFORCE, props: { ...compliantWorkforce, workforceVpcConfig: undefined, sourceIpConfig: { cidrs: [] } }, expect: "advisory", message: /neither/ },
    { title: "workforce VPC config without security groups", policy: NETWORK, type: WORKFORCE, props: withPath(compliantWorkforce, "workforceVpcConfig.securityGroupIds", undefined), expect: "advisory", message: /`workforceVpcConfig.securityGroupIds` must list at least one security group id/ },
    { title: "unknown ranges are not reported", policy: NETWORK, type: WORKFORCE, props: { ...compliantWorkforce, workforceVpcConfig: undefined, sourceIpConfig: { cidrs: UNKNOWN_ARRAY } }, expect: "pass" },
    { title: "unknown workforce subnets and security groups from resources in the stack", policy: NETWORK, type: WORKFORCE, props: withPath(withPath(compliantWorkforce, "workforceVpcConfig.subnets", UNKNOWN_ARRAY), "workforceVpcConfig.securityGroupIds", [UNKNOWN]), dependsOn: { workforceVpcConfig: [SUBNET, SECURITY_GROUP] }, expect: "pass" },
    { title: "unknown workforce subnets that do not come from a subnet", policy: NETWORK, type: WORKFORCE, props: withPath(compliantWorkforce, "workforceVpcConfig.subnets", UNKNOWN_ARRAY), dependsOn: { workforceVpcConfig: [SECURITY_GROUP] }, expect: "advisory", message: /does not come from a subnet/ },
    { title: "advisory findings of an exempted workforce stay advisory", policy: NETWORK, type: WORKFORCE, props: { workforceName: "labelers" }, config: { exemptions: [{ urn: "*", reason: "pilot", expires: "2999-12-31" }] }, expect: "advisory", message: /Exempted until 2999-12-31: pilot/ },
];
