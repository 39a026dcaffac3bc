import { KEY_ARN, KMS_KEY, PolicyCase, SECURITY_GROUP, SUBNET, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL } from "../case";

/**
 * A deep copy of `props` with the dotted `path` set to `value` (removed when `value` is undefined); the
 * objects on the way are created. For case props that differ from a compliant object deep down.
 */
export function withPath(props: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    const copy = structuredClone(props);
    const keys = path.split(".");
    let at: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) {
        if (at[key] === null || typeof at[key] !== "object") {
            at[key] = {};
        }
        at = at[key] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) {
        delete at[last];
    } else {
        at[last] = value;
    }
    return copy;
}

const DQ = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition";
const SCHEDULE = "aws:sagemaker/monitoringSchedule:MonitoringSchedule";
const NATIVE_DQ = "aws-native:sagemaker:DataQualityJobDefinition";
const NATIVE_QUALITY = "aws-native:sagemaker:ModelQualityJobDefinition";
const NATIVE_BIAS = "aws-native:sagemaker:ModelBiasJobDefinition";
const NATIVE_EXPLAINABILITY = "aws-native:sagemaker:ModelExplainabilityJobDefinition";
const NATIVE_SCHEDULE = "aws-native:sagemaker:MonitoringSchedule";

const ROLE = "arn:aws:iam::111122223333:role/ml-monitoring";
const IMAGE = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer";
const INLINE = "monitoringScheduleConfig.monitoringJobDefinition";

/** A network config that every monitoring policy accepts. */
const network = {
    enableNetworkIsolation: true,
    enableInterContainerTrafficEncryption: true,
    vpcConfig: { subnets: ["subnet-0abc1234"], securityGroupIds: ["sg-0abc1234"] },
};

/** An aws data quality job definition that every monitoring policy accepts. */
export const compliantDataQualityJobDefinition = {
    roleArn: ROLE,
    dataQualityAppSpecification: { imageUri: IMAGE },
    dataQualityJobInput: { endpointInput: { endpointName: "churn" } },
    dataQualityJobOutputConfig: { kmsKeyId: KEY_ARN, monitoringOutputs: { s3Output: { s3Uri: "s3://ml-monitoring/churn" } } },
    jobResources: { clusterConfig: { instanceCount: 1, instanceType: "ml.m5.xlarge", volumeSizeInGb: 20, volumeKmsKeyId: KEY_ARN } },
    networkConfig: network,
};

/** aws-native definitions: a monitoring output list and `volumeSizeInGB` (CloudFormation spelling). */
const nativeDefinition = (kind: string) => ({
    roleArn: ROLE,
    [`${kind}AppSpecification`]: { imageUri: IMAGE },
    [`${kind}JobInput`]: { endpointInput: { endpointName: "churn", localPath: "/opt/ml/processing/input" } },
    [`${kind}JobOutputConfig`]: {
        kmsKeyId: KEY_ARN,
        monitoringOutputs: [{ s3Output: { s3Uri: "s3://ml-monitoring/churn", localPath: "/opt/ml/processing/output" } }],
    },
    jobResources: { clusterConfig: { instanceCount: 1, instanceType: "ml.m5.xlarge", volumeSizeInGB: 20, volumeKmsKeyId: KEY_ARN } },
    networkConfig: network,
});

export const compliantNativeDataQualityJobDefinition = nativeDefinition("dataQuality");
export const compliantModelQualityJobDefinition = nativeDefinition("modelQuality");
export const compliantModelBiasJobDefinition = nativeDefinition("modelBias");
export const compliantModelExplainabilityJobDefinition = nativeDefinition("modelExplainability");

/** An aws monitoring schedule with an inline job that every monitoring policy accepts. */
export const compliantMonitoringSchedule = {
    monitoringScheduleConfig: {
        monitoringType: "DataQuality",
        scheduleConfig: { scheduleExpression: "cron(0 * ? * * *)" },
        monitoringJobDefinition: {
            roleArn: ROLE,
            monitoringAppSpecification: { imageUri: IMAGE },
            monitoringInputs: { endpointInput: { endpointName: "churn", localPath: "/opt/ml/processing/input" } },
            monitoringOutputConfig: {
                kmsKeyId: KEY_ARN,
                monitoringOutputs: { s3Output: { s3Uri: "s3://ml-monitoring/churn", localPath: "/opt/ml/processing/output" } },
            },
            monitoringResources: { clusterConfig: { instanceCount: 1, instanceType: "ml.m5.xlarge", volumeSizeInGb: 20, volumeKmsKeyId: KEY_ARN } },
            networkConfig: network,
        },
    },
};

/** An aws-native monitoring schedule with an inline job that every monitoring policy accepts. */
export const compliantNativeMonitoringSchedule = {
    monitoringScheduleName: "churn-data-quality",
    monitoringScheduleConfig: {
        monitoringType: "DataQuality",
        scheduleConfig: { scheduleExpression: "cron(0 * ? * * *)" },
        monitoringJobDefinition: {
            roleArn: ROLE,
            monitoringAppSpecification: { imageUri: IMAGE },
            monitoringInputs: [{ endpointInput: { endpointName: "churn", localPath: "/opt/ml/processing/input" } }],
            monitoringOutputConfig: {
                kmsKeyId: KEY_ARN,
                monitoringOutputs: [{ s3Output: { s3Uri: "s3://ml-monitoring/churn", localPath: "/opt/ml/processing/output" } }],
            },
            monitoringResources: { clusterConfig: { instanceCount: 1, instanceType: "ml.m5.xlarge", volumeSizeInGB: 20, volumeKmsKeyId: KEY_ARN } },
            networkConfig: network,
        },
    },
};

/** Schedules that only name a separately defined job (checked on that definition). */
const namedSchedule = {
    monitoringScheduleConfig: { monitoringType: "ModelBias", monitoringJobDefinitionName: "churn-bias", scheduleConfig: { scheduleExpression: "cron(0 * ? * * *)" } },
};
const nativeNamedSchedule = { monitoringScheduleName: "churn-bias", ...namedSchedule };

const EXEMPT = { exemptions: [{ urn: "*::legacy-*", reason: "x", expires: "2999-12-31" }] };
const EXEMPT_ALL = { exemptions: [{ urn: "*", reason: "monitoring migration to the ML VPC", expires: "2999-12-31" }] };
const EXPIRED = { exemptions: [{ urn: "*", reason: "migration", expires: "2020-01-31" }] };

const ISOLATION = "sagemaker-monitoring-network-isolation";
const TRAFFIC = "sagemaker-monitoring-traffic-encryption";
const VPC = "sagemaker-monitoring-in-vpc";
const KMS = "sagemaker-monitoring-kms";

export const cases: PolicyCase[] = [
    // sagemaker-monitoring-network-isolation
    { title: "data quality job with network isolation", policy: ISOLATION, type: DQ, props: compliantDataQualityJobDefinition, expect: "pass" },
    { title: "monitoring schedule with an isolated inline job", policy: ISOLATION, type: SCHEDULE, props: compliantMonitoringSchedule, expect: "pass" },
    { title: "aws-native bias, quality and explainability jobs with network isolation", policy: ISOLATION, type: NATIVE_BIAS, props: compliantModelBiasJobDefinition, expect: "pass" },
    { title: "data quality job without a network config", policy: ISOLATION, type: DQ, props: { ...compliantDataQualityJobDefinition, networkConfig: undefined }, expect: "mandatory", message: /`networkConfig.enableNetworkIsolation` is not set \(unset means network isolation is off\)/ },
    { title: "data quality job with network isolation off", policy: ISOLATION, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.enableNetworkIsolation", false), expect: "mandatory", message: /`networkConfig.enableNetworkIsolation` is false; it must be true/ },
    { title: "aws-native data quality job without isolation", policy: ISOLATION, type: NATIVE_DQ, props: withPath(compliantNativeDataQualityJobDefinition, "networkConfig.enableNetworkIsolation", undefined), expect: "mandatory", message: /networkConfig.enableNetworkIsolation/ },
    { title: "aws-native model quality job with isolation off", policy: ISOLATION, type: NATIVE_QUALITY, props: withPath(compliantModelQualityJobDefinition, "networkConfig.enableNetworkIsolation", false), expect: "mandatory", message: /is false/ },
    { title: "aws-native model bias job without a network config", policy: ISOLATION, type: NATIVE_BIAS, props: { ...compliantModelBiasJobDefinition, networkConfig: undefined }, expect: "mandatory", message: /networkConfig.enableNetworkIsolation/ },
    { title: "aws-native explainability job with isolation off", policy: ISOLATION, type: NATIVE_EXPLAINABILITY, props: withPath(compliantModelExplainabilityJobDefinition, "networkConfig.enableNetworkIsolation", false), expect: "mandatory" },
    { title: "schedule whose inline job is not isolated", policy: ISOLATION, type: SCHEDULE, props: withPath(compliantMonitoringSchedule, `${INLINE}.networkConfig`, undefined), expect: "mandatory", message: /`monitoringScheduleConfig.monitoringJobDefinition.networkConfig.enableNetworkIsolation` is not set/ },
    { title: "aws-native schedule whose inline job is not isolated", policy: ISOLATION, type: NATIVE_SCHEDULE, props: withPath(compliantNativeMonitoringSchedule, `${INLINE}.networkConfig.enableNetworkIsolation`, false), expect: "mandatory", message: /monitoringJobDefinition.networkConfig.enableNetworkIsolation` is false/ },
    { title: "schedule that names a job definition is checked on the definition", policy: ISOLATION, type: SCHEDULE, props: namedSchedule, expect: "pass" },
    { title: "aws-native schedule that names a job definition", policy: ISOLATION, type: NATIVE_SCHEDULE, props: nativeNamedSchedule, expect: "pass" },
    { title: "schedule with neither an inline job nor a definition name", policy: ISOLATION, type: SCHEDULE, props: { monitoringScheduleConfig: { monitoringType: "DataQuality" } }, expect: "mandatory", message: /monitoringJobDefinition.networkConfig.enableNetworkIsolation` is not set/ },
    { title: "unknown isolation flag cannot be verified", policy: ISOLATION, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.enableNetworkIsolation", UNKNOWN_BOOL), expect: "mandatory", message: /unknown during preview; it must be true, so it cannot be verified/ },
    { title: "isolation off blocks while the keys are unknown", policy: ISOLATION, type: DQ, props: withPath(withPath(compliantDataQualityJobDefinition, "networkConfig.enableNetworkIsolation", false), "jobResources.clusterConfig.volumeKmsKeyId", UNKNOWN), expect: "mandatory", message: /is false/ },
    { title: "a wrong shape counts as not set and does not throw", policy: ISOLATION, type: DQ, props: { ...compliantDataQualityJobDefinition, networkConfig: "isolated" }, expect: "mandatory", message: /is not set/ },
    { title: "exempted monitoring job is advisory", policy: ISOLATION, type: DQ, props: { ...compliantDataQualityJobDefinition, networkConfig: undefined }, config: EXEMPT_ALL, expect: "advisory", message: /Exempted until 2999-12-31/ },
    { title: "an exemption for other resources does not apply", policy: ISOLATION, type: DQ, props: { ...compliantDataQualityJobDefinition, networkConfig: undefined }, config: EXEMPT, expect: "mandatory" },
    // sagemaker-monitoring-traffic-encryption
    { title: "data quality job with encrypted inter-container traffic", policy: TRAFFIC, type: DQ, props: compliantDataQualityJobDefinition, expect: "pass" },
    { title: "aws-native explainability job with encrypted traffic", policy: TRAFFIC, type: NATIVE_EXPLAINABILITY, props: compliantModelExplainabilityJobDefinition, expect: "pass" },
    { title: "data quality job without traffic encryption", policy: TRAFFIC, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.enableInterContainerTrafficEncryption", undefined), expect: "mandatory", message: /unset means traffic between instances is not encrypted/ },
    { title: "data quality job with traffic encryption off", policy: TRAFFIC, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.enableInterContainerTrafficEncryption", false), expect: "mandatory", message: /enableInterContainerTrafficEncryption` is false/ },
    { title: "aws-native model bias job without traffic encryption", policy: TRAFFIC, type: NATIVE_BIAS, props: withPath(compliantModelBiasJobDefinition, "networkConfig.enableInterContainerTrafficEncryption", false), expect: "mandatory" },
    { title: "aws-native model quality job without a network config", policy: TRAFFIC, type: NATIVE_QUALITY, props: { ...compliantModelQualityJobDefinition, networkConfig: undefined }, expect: "mandatory", message: /networkConfig.enableInterContainerTrafficEncryption/ },
    { title: "schedule whose inline job does not encrypt traffic", policy: TRAFFIC, type: SCHEDULE, props: withPath(compliantMonitoringSchedule, `${INLINE}.networkConfig.enableInterContainerTrafficEncryption`, false), expect: "mandatory", message: /monitoringJobDefinition.networkConfig.enableInterContainerTrafficEncryption/ },
    { title: "aws-native schedule with encrypted traffic", policy: TRAFFIC, type: NATIVE_SCHEDULE, props: compliantNativeMonitoringSchedule, expect: "pass" },
    { title: "schedule that names a job definition is not checked for traffic", policy: TRAFFIC, type: SCHEDULE, props: namedSchedule, expect: "pass" },
    { title: "unknown traffic encryption flag cannot be verified", policy: TRAFFIC, type: NATIVE_DQ, props: withPath(compliantNativeDataQualityJobDefinition, "networkConfig.enableInterContainerTrafficEncryption", UNKNOWN_BOOL), expect: "mandatory", message: /cannot be verified before the update/ },
    { title: "an expired exemption no longer applies", policy: TRAFFIC, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.enableInterContainerTrafficEncryption", false), config: EXPIRED, expect: "mandatory", message: /expired on 2020-01-31/ },
    // sagemaker-monitoring-in-vpc
    { title: "data quality job in subnets with security groups", policy: VPC, type: DQ, props: compliantDataQualityJobDefinition, expect: "pass" },
    { title: "aws-native model quality job in the VPC", policy: VPC, type: NATIVE_QUALITY, props: compliantModelQualityJobDefinition, expect: "pass" },
    { title: "data quality job without a VPC config", policy: VPC, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.vpcConfig", undefined), expect: "mandatory", message: /`networkConfig.vpcConfig.(subnets|securityGroupIds)` must list at least one/ },
    { title: "data quality job with an empty subnet list", policy: VPC, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.vpcConfig.subnets", []), expect: "mandatory", message: /`networkConfig.vpcConfig.subnets` must list at least one subnet id \(it is \[\]\)/ },
    { title: "an empty string is not a security group", policy: VPC, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.vpcConfig.securityGroupIds", [""]), expect: "mandatory", message: /securityGroupIds\[0\]` is "", which is not a security group id/ },
    { title: "aws-native bias job without a network config", policy: VPC, type: NATIVE_BIAS, props: { ...compliantModelBiasJobDefinition, networkConfig: undefined }, expect: "mandatory", message: /networkConfig.vpcConfig/ },
    { title: "aws-native explainability job without security groups", policy: VPC, type: NATIVE_EXPLAINABILITY, props: withPath(compliantModelExplainabilityJobDefinition, "networkConfig.vpcConfig.securityGroupIds", undefined), expect: "mandatory", message: /securityGroupIds/ },
    { title: "schedule whose inline job has no VPC", policy: VPC, type: SCHEDULE, props: withPath(compliantMonitoringSchedule, `${INLINE}.networkConfig.vpcConfig`, undefined), expect: "mandatory", message: /monitoringScheduleConfig.monitoringJobDefinition.networkConfig.vpcConfig/ },
    { title: "aws-native schedule whose inline job has no subnets", policy: VPC, type: NATIVE_SCHEDULE, props: withPath(compliantNativeMonitoringSchedule, `${INLINE}.networkConfig.vpcConfig.subnets`, []), expect: "mandatory", message: /vpcConfig.subnets/ },
    { title: "schedule that names a job definition is not checked for a VPC", policy: VPC, type: NATIVE_SCHEDULE, props: nativeNamedSchedule, expect: "pass" },
    { title: "unknown subnets and security groups from resources in the stack", policy: VPC, type: DQ, props: withPath(withPath(compliantDataQualityJobDefinition, "networkConfig.vpcConfig.subnets", UNKNOWN_ARRAY), "networkConfig.vpcConfig.securityGroupIds", [UNKNOWN]), dependsOn: { networkConfig: [SUBNET, SECURITY_GROUP] }, expect: "pass" },
    { title: "unknown inline job subnets from a subnet in the stack", policy: VPC, type: SCHEDULE, props: withPath(compliantMonitoringSchedule, `${INLINE}.networkConfig.vpcConfig.subnets`, [UNKNOWN]), dependsOn: { monitoringScheduleConfig: [SUBNET] }, expect: "pass" },
    { title: "unknown subnets that do not come from a subnet", policy: VPC, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.vpcConfig.subnets", UNKNOWN_ARRAY), dependsOn: { networkConfig: [KMS_KEY] }, expect: "mandatory", message: /does not come from a subnet/ },
    { title: "unknown security groups with no dependency", policy: VPC, type: NATIVE_DQ, props: withPath(compliantNativeDataQualityJobDefinition, "networkConfig.vpcConfig.securityGroupIds", UNKNOWN_ARRAY), expect: "mandatory", message: /does not come from a security group/ },
    { title: "exempted job without a VPC is advisory", policy: VPC, type: DQ, props: withPath(compliantDataQualityJobDefinition, "networkConfig.vpcConfig", undefined), config: EXEMPT_ALL, expect: "advisory", message: /monitoring migration to the ML VPC/ },
    // sagemaker-monitoring-kms
    { title: "data quality job with output and volume keys", policy: KMS, type: DQ, props: compliantDataQualityJobDefinition, expect: "pass" },
    { title: "schedule with output and volume keys", policy: KMS, type: SCHEDULE, props: compliantMonitoringSchedule, expect: "pass" },
    { title: "data quality job without an output key", policy: KMS, type: DQ, props: withPath(compliantDataQualityJobDefinition, "dataQualityJobOutputConfig.kmsKeyId", undefined), expect: "mandatory", message: /`dataQualityJobOutputConfig.kmsKeyId` is not set; it must name a KMS key/ },
    { title: "data quality job without a volume key", policy: KMS, type: DQ, props: withPath(compliantDataQualityJobDefinition, "jobResources.clusterConfig.volumeKmsKeyId", undefined), expect: "mandatory", message: /`jobResources.clusterConfig.volumeKmsKeyId` is not set/ },
    { title: "an empty key is not a key", policy: KMS, type: DQ, props: withPath(compliantDataQualityJobDefinition, "jobResources.clusterConfig.volumeKmsKeyId", " "), expect: "mandatory", message: /which is not a KMS key/ },
    { title: "aws-native model quality job without an output key", policy: KMS, type: NATIVE_QUALITY, props: withPath(compliantModelQualityJobDefinition, "modelQualityJobOutputConfig.kmsKeyId", undefined), expect: "mandatory", message: /`modelQualityJobOutputConfig.kmsKeyId`/ },
    { title: "aws-native bias job without an output key", policy: KMS, type: NATIVE_BIAS, props: withPath(compliantModelBiasJobDefinition, "modelBiasJobOutputConfig.kmsKeyId", undefined), expect: "mandatory", message: /`modelBiasJobOutputConfig.kmsKeyId`/ },
    { title: "aws-native explainability job without keys", policy: KMS, type: NATIVE_EXPLAINABILITY, props: withPath(withPath(compliantModelExplainabilityJobDefinition, "modelExplainabilityJobOutputConfig.kmsKeyId", undefined), "jobResources.clusterConfig.volumeKmsKeyId", undefined), expect: "mandatory", message: /(modelExplainabilityJobOutputConfig|jobResources.clusterConfig.volumeKmsKeyId)/ },
    { title: "schedule whose inline job has no output key", policy: KMS, type: SCHEDULE, props: withPath(compliantMonitoringSchedule, `${INLINE}.monitoringOutputConfig.kmsKeyId`, undefined), expect: "mandatory", message: /monitoringJobDefinition.monitoringOutputConfig.kmsKeyId` is not set/ },
    { title: "aws-native schedule whose inline job has no volume key", policy: KMS, type: NATIVE_SCHEDULE, props: withPath(compliantNativeMonitoringSchedule, `${INLINE}.monitoringResources.clusterConfig.volumeKmsKeyId`, undefined), expect: "mandatory", message: /monitoringResources.clusterConfig.volumeKmsKeyId` is not set/ },
    { title: "schedule that names a job definition is not checked for keys", policy: KMS, type: SCHEDULE, props: namedSchedule, expect: "pass" },
    { title: "unknown keys from a KMS key in the stack count as set", policy: KMS, type: DQ, props: withPath(withPath(compliantDataQualityJobDefinition, "dataQualityJobOutputConfig.kmsKeyId", UNKNOWN), "jobResources.clusterConfig.volumeKmsKeyId", UNKNOWN), dependsOn: { dataQualityJobOutputConfig: [KMS_KEY], jobResources: ["aws:kms/alias:Alias"] }, expect: "pass" },
    { title: "unknown inline job key from an aws-native KMS key", policy: KMS, type: NATIVE_SCHEDULE, props: withPath(compliantNativeMonitoringSchedule, `${INLINE}.monitoringOutputConfig.kmsKeyId`, UNKNOWN), dependsOn: { monitoringScheduleConfig: ["aws-native:kms:Key"] }, expect: "pass" },
    { title: "unknown key with no KMS provenance blocks", policy: KMS, type: DQ, props: withPath(compliantDataQualityJobDefinition, "jobResources.clusterConfig.volumeKmsKeyId", UNKNOWN), dependsOn: { jobResources: [SUBNET] }, expect: "mandatory", message: /does not come from a KMS key or alias/ },
    { title: "exempted job without keys is advisory", policy: KMS, type: NATIVE_DQ, props: withPath(compliantNativeDataQualityJobDefinition, "dataQualityJobOutputConfig.kmsKeyId", undefined), config: EXEMPT_ALL, expect: "advisory", message: /Exempted until/ },
];
