import { KEY_ARN, KMS_KEY, PolicyCase, UNKNOWN, UNKNOWN_BOOL, UNKNOWN_NUMBER } from "../case";

const EC = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const NATIVE = "aws-native:sagemaker:EndpointConfig";
const BUCKET = "aws:s3/bucket:Bucket";

const variant = (instanceType: string, extra: Record<string, unknown> = {}) => ({
    variantName: "AllTraffic", modelName: "fraud-model", instanceType, initialInstanceCount: 2, initialVariantWeight: 1, ...extra,
});
const serverless = { variantName: "AllTraffic", modelName: "fraud-model", serverlessConfig: { maxConcurrency: 5, memorySizeInMb: 2048 } };

const capture = {
    enableCapture: true,
    initialSamplingPercentage: 100,
    destinationS3Uri: "s3://ml-capture/fraud/",
    kmsKeyId: KEY_ARN,
    captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
};

/** An endpoint configuration (aws: the storage key is `kmsKeyArn`) that every endpoint policy accepts. */
export const compliantEndpointConfiguration = {
    kmsKeyArn: KEY_ARN,
    productionVariants: [variant("ml.m5.xlarge")],
    dataCaptureConfig: capture,
};

/** The aws-native endpoint configuration: the storage key is `kmsKeyId`. */
export const compliantEndpointConfig = {
    kmsKeyId: KEY_ARN,
    productionVariants: [variant("ml.m5.xlarge")],
    dataCaptureConfig: capture,
};

const withVariants = (...productionVariants: unknown[]) => ({ ...compliantEndpointConfiguration, productionVariants });
const noKey = (props: Record<string, unknown>) => ({ ...props, kmsKeyArn: undefined });
const REQUIRED = { required: true };

export const cases: PolicyCase[] = [
    // sagemaker-endpoint-config-kms
    { title: "no storage key on an instance family named local-storage in the config", policy: "sagemaker-endpoint-config-kms", type: EC, props: noKey(withVariants(variant("ml.m8gd.xlarge"))), config: { localStorageInstanceTypes: ["ml.m8gd.*"] }, expect: "pass" },
    { title: "the same family is EBS-backed by default, so the key is required", policy: "sagemaker-endpoint-config-kms", type: EC, props: noKey(withVariants(variant("ml.m8gd.xlarge"))), expect: "mandatory", message: /kmsKeyArn/ },
    { title: "storage, capture keys set", policy: "sagemaker-endpoint-config-kms", type: EC, props: compliantEndpointConfiguration, expect: "pass" },
    { title: "no storage key on an EBS-backed variant", policy: "sagemaker-endpoint-config-kms", type: EC, props: noKey(compliantEndpointConfiguration), expect: "mandatory", message: /kmsKeyArn` is not set: the ML storage volumes of `productionVariants\[0\]` \(ml\.m5\.xlarge\)/ },
    { title: "aws-native config with kmsKeyId", policy: "sagemaker-endpoint-config-kms", type: NATIVE, props: compliantEndpointConfig, expect: "pass" },
    { title: "aws-native config without kmsKeyId", policy: "sagemaker-endpoint-config-kms", type: NATIVE, props: { ...compliantEndpointConfig, kmsKeyId: undefined }, expect: "mandatory", message: /`kmsKeyId` is not set/ },
    { title: "a kmsKeyId on aws is not the storage key", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...noKey(compliantEndpointConfiguration), kmsKeyId: KEY_ARN }, expect: "mandatory", message: /kmsKeyArn/ },
    { title: "local NVMe storage needs no key (SageMaker rejects one)", policy: "sagemaker-endpoint-config-kms", type: EC, props: noKey(withVariants(variant("ml.g5.2xlarge"))), expect: "pass" },
    { title: "serverless variants need no storage key", policy: "sagemaker-endpoint-config-kms", type: EC, props: { productionVariants: [serverless] }, expect: "pass" },
    { title: "EBS-backed and local-storage variants mixed without a key", policy: "sagemaker-endpoint-config-kms", type: EC, props: noKey(withVariants(variant("ml.m5.xlarge"), variant("ml.p4d.24xlarge", { variantName: "gpu" }))), expect: "mandatory", message: /SageMaker rejects a key while any variant uses local instance storage \(`productionVariants\[1\]` \(ml\.p4d\.24xlarge\)\): move the EBS-backed variants/ },
    { title: "EBS-backed shadow variant needs the key", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...noKey(withVariants(variant("ml.g5.xlarge"))), shadowProductionVariants: [variant("ml.c5.xlarge", { variantName: "shadow" })] }, expect: "mandatory", message: /shadowProductionVariants\[0\]/ },
    { title: "data capture without a key", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...compliantEndpointConfiguration, dataCaptureConfig: { ...capture, kmsKeyId: undefined } }, expect: "mandatory", message: /dataCaptureConfig\.kmsKeyId` is not set: `dataCaptureConfig` is set/ },
    { title: "async inference output without a key", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...compliantEndpointConfiguration, asyncInferenceConfig: { outputConfig: { s3OutputPath: "s3://ml-async/out/" } } }, expect: "mandatory", message: /asyncInferenceConfig\.outputConfig\.kmsKeyId/ },
    { title: "storage volumes encrypted with the AWS managed key", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...compliantEndpointConfiguration, kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:alias/aws/sagemaker" }, expect: "mandatory", message: /`kmsKeyArn` is .*AWS managed key/ },
    { title: "a core dump key that is no key", policy: "sagemaker-endpoint-config-kms", type: EC, props: withVariants(variant("ml.m5.xlarge", { coreDumpConfig: { destinationS3Uri: "s3://ml-dumps/", kmsKeyId: "dumps" } })), expect: "mandatory", message: /coreDumpConfig\.kmsKeyId` is "dumps", which is not a key id/ },
    { title: "async inference output with a key", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...compliantEndpointConfiguration, asyncInferenceConfig: { outputConfig: { s3OutputPath: "s3://ml-async/out/", kmsKeyId: KEY_ARN } } }, expect: "pass" },
    { title: "core dumps without a key", policy: "sagemaker-endpoint-config-kms", type: EC, props: withVariants(variant("ml.m5.xlarge", { coreDumpConfig: { destinationS3Uri: "s3://ml-dumps/" } })), expect: "mandatory", message: /productionVariants\[0\]\.coreDumpConfig\.kmsKeyId` is not set/ },
    { title: "shadow variant core dumps without a key", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...compliantEndpointConfiguration, shadowProductionVariants: [variant("ml.m5.xlarge", { variantName: "shadow", coreDumpConfig: { destinationS3Uri: "s3://ml-dumps/" } })] }, expect: "mandatory", message: /shadowProductionVariants\[0\]\.coreDumpConfig\.kmsKeyId/ },
    { title: "core dumps with a key on a local-storage variant", policy: "sagemaker-endpoint-config-kms", type: EC, props: noKey(withVariants(variant("ml.g5.xlarge", { coreDumpConfig: { destinationS3Uri: "s3://ml-dumps/", kmsKeyId: KEY_ARN } }))), expect: "pass" },
    { title: "unknown storage key from a KMS key in the stack", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...compliantEndpointConfiguration, kmsKeyArn: UNKNOWN }, dependsOn: { kmsKeyArn: [KMS_KEY] }, expect: "pass" },
    { title: "unknown storage key with no KMS provenance", policy: "sagemaker-endpoint-config-kms", type: EC, props: { ...compliantEndpointConfiguration, kmsKeyArn: UNKNOWN }, dependsOn: { kmsKeyArn: [BUCKET] }, expect: "mandatory", message: /does not come from a KMS key or alias/ },
    { title: "unknown instance type and no key cannot be decided", policy: "sagemaker-endpoint-config-kms", type: EC, props: noKey(withVariants(variant(UNKNOWN))), expect: "mandatory", message: /`kmsKeyArn` is not set, and the instance type \(or serverless setting\) of `productionVariants\[0\]` is unknown.*cannot be verified before the update/ },
    { title: "unknown instance type with a key", policy: "sagemaker-endpoint-config-kms", type: EC, props: withVariants(variant(UNKNOWN)), expect: "pass" },
    { title: "unknown capture key from a KMS key in the stack", policy: "sagemaker-endpoint-config-kms", type: NATIVE, props: { ...compliantEndpointConfig, dataCaptureConfig: { ...capture, kmsKeyId: UNKNOWN } }, dependsOn: { dataCaptureConfig: [KMS_KEY] }, expect: "pass" },
    { title: "exempted endpoint configuration", policy: "sagemaker-endpoint-config-kms", type: EC, props: noKey(compliantEndpointConfiguration), config: { exemptions: [{ urn: "*EndpointConfiguration::*", reason: "new GPU family, key support pending", expires: "2999-12-31" }] }, expect: "advisory", message: /Exempted until 2999-12-31/ },

    // sagemaker-endpoint-data-capture (checks nothing unless `required`)
    { title: "data capture not required by default", policy: "sagemaker-endpoint-data-capture", type: EC, props: { ...compliantEndpointConfiguration, dataCaptureConfig: undefined }, expect: "pass" },
    { title: "required and configured", policy: "sagemaker-endpoint-data-capture", type: EC, props: compliantEndpointConfiguration, config: REQUIRED, expect: "pass" },
    { title: "required but not configured", policy: "sagemaker-endpoint-data-capture", type: EC, props: { ...compliantEndpointConfiguration, dataCaptureConfig: undefined }, config: REQUIRED, expect: "mandatory", message: /dataCaptureConfig` is not set: requests to the endpoint and its responses are not recorded/ },
    { title: "unset enableCapture means false on aws", policy: "sagemaker-endpoint-data-capture", type: EC, props: { ...compliantEndpointConfiguration, dataCaptureConfig: { ...capture, enableCapture: undefined } }, config: REQUIRED, expect: "mandatory", message: /enableCapture` is not set \(unset means false/ },
    { title: "capture turned off", policy: "sagemaker-endpoint-data-capture", type: EC, props: { ...compliantEndpointConfiguration, dataCaptureConfig: { ...capture, enableCapture: false } }, config: REQUIRED, expect: "mandatory", message: /enableCapture` is false; it must be true/ },
    { title: "unset enableCapture means enabled on aws-native", policy: "sagemaker-endpoint-data-capture", type: NATIVE, props: { ...compliantEndpointConfig, dataCaptureConfig: { ...capture, enableCapture: undefined } }, config: REQUIRED, expect: "pass" },
    { title: "aws-native capture turned off", policy: "sagemaker-endpoint-data-capture", type: NATIVE, props: { ...compliantEndpointConfig, dataCaptureConfig: { ...capture, enableCapture: false } }, config: REQUIRED, expect: "mandatory", message: /enableCapture` is false/ },
    { title: "empty capture destination", policy: "sagemaker-endpoint-data-capture", type: EC, props: { ...compliantEndpointConfiguration, dataCaptureConfig: { ...capture, destinationS3Uri: "" } }, config: REQUIRED, expect: "mandatory", message: /destinationS3Uri` is "", which is not an S3 URI/ },
    { title: "capture destination built from a bucket in the stack", policy: "sagemaker-endpoint-data-capture", type: EC, props: { ...compliantEndpointConfiguration, dataCaptureConfig: { ...capture, destinationS3Uri: UNKNOWN } }, dependsOn: { dataCaptureConfig: [BUCKET] }, config: REQUIRED, expect: "pass" },
    { title: "unknown enableCapture cannot be verified", policy: "sagemaker-endpoint-data-capture", type: EC, props: { ...compliantEndpointConfiguration, dataCaptureConfig: { ...capture, enableCapture: UNKNOWN_BOOL } }, config: REQUIRED, expect: "mandatory", message: /enableCapture` is unknown during preview/ },
    { title: "serverless endpoints cannot capture data", policy: "sagemaker-endpoint-data-capture", type: EC, props: { kmsKeyArn: KEY_ARN, productionVariants: [serverless] }, config: REQUIRED, expect: "mandatory", message: /Serverless Inference does not support it/ },

    // sagemaker-endpoint-instance-count (advisory)
    { title: "two instances per variant", policy: "sagemaker-endpoint-instance-count", type: EC, props: compliantEndpointConfiguration, expect: "pass" },
    { title: "a single instance is advisory", policy: "sagemaker-endpoint-instance-count", type: EC, props: withVariants(variant("ml.m5.xlarge", { initialInstanceCount: 1 })), expect: "advisory", message: /productionVariants\[0\]\.initialInstanceCount` is 1; it should be at least 2/ },
    { title: "serverless variants are skipped", policy: "sagemaker-endpoint-instance-count", type: EC, props: { productionVariants: [serverless] }, expect: "pass" },
    { title: "shadow variants are not production variants", policy: "sagemaker-endpoint-instance-count", type: EC, props: { ...compliantEndpointConfiguration, shadowProductionVariants: [variant("ml.m5.xlarge", { variantName: "shadow", initialInstanceCount: 1 })] }, expect: "pass" },
    { title: "aws-native single-instance variant", policy: "sagemaker-endpoint-instance-count", type: NATIVE, props: { ...compliantEndpointConfig, productionVariants: [variant("ml.m5.xlarge", { initialInstanceCount: 1 })] }, expect: "advisory", message: /initialInstanceCount/ },
    { title: "minimum from config: one instance allowed", policy: "sagemaker-endpoint-instance-count", type: EC, props: withVariants(variant("ml.m5.xlarge", { initialInstanceCount: 1 })), config: { minInstanceCount: 1 }, expect: "pass" },
    { title: "minimum from config: three instances required", policy: "sagemaker-endpoint-instance-count", type: EC, props: compliantEndpointConfiguration, config: { minInstanceCount: 3 }, expect: "advisory", message: /at least 3/ },
    { title: "unknown instance count is reported at the policy's level", policy: "sagemaker-endpoint-instance-count", type: EC, props: withVariants(variant("ml.m5.xlarge", { initialInstanceCount: UNKNOWN_NUMBER })), expect: "advisory", message: /initialInstanceCount` is unknown during preview/ },

    // sagemaker-endpoint-ssm-access-disabled
    { title: "SSM access left out", policy: "sagemaker-endpoint-ssm-access-disabled", type: EC, props: compliantEndpointConfiguration, expect: "pass" },
    { title: "SSM access explicitly off", policy: "sagemaker-endpoint-ssm-access-disabled", type: EC, props: withVariants(variant("ml.m5.xlarge", { enableSsmAccess: false })), expect: "pass" },
    { title: "SSM access on a production variant", policy: "sagemaker-endpoint-ssm-access-disabled", type: EC, props: withVariants(variant("ml.m5.xlarge", { enableSsmAccess: true })), expect: "mandatory", message: /productionVariants\[0\]\.enableSsmAccess` is true/ },
    { title: "SSM access on a shadow variant", policy: "sagemaker-endpoint-ssm-access-disabled", type: EC, props: { ...compliantEndpointConfiguration, shadowProductionVariants: [variant("ml.m5.xlarge", { variantName: "shadow", enableSsmAccess: true })] }, expect: "mandatory", message: /shadowProductionVariants\[0\]\.enableSsmAccess/ },
    { title: "aws-native SSM access", policy: "sagemaker-endpoint-ssm-access-disabled", type: NATIVE, props: { ...compliantEndpointConfig, productionVariants: [variant("ml.m5.xlarge", { enableSsmAccess: true })] }, expect: "mandatory", message: /enableSsmAccess/ },
    { title: "unknown SSM access cannot be verified", policy: "sagemaker-endpoint-ssm-access-disabled", type: EC, props: withVariants(variant("ml.m5.xlarge", { enableSsmAccess: UNKNOWN_BOOL })), expect: "mandatory", message: /enableSsmAccess` is unknown during preview/ },
    { title: "exempted debugging endpoint", policy: "sagemaker-endpoint-ssm-access-disabled", type: EC, props: withVariants(variant("ml.m5.xlarge", { enableSsmAccess: true })), config: { exemptions: [{ urn: "*EndpointConfiguration::*", reason: "incident INC-7 debugging", expires: "2999-12-31" }] }, expect: "advisory", message: /Exempted until 2999-12-31: incident INC-7/ },
];
