import { Checker } from "../lib/checker";
import { defineResourcePolicy } from "../lib/policy";

const AREA = "Model monitoring";

/** Property paths of a model-monitoring job, per resource type. */
interface MonitoringJob {
    /** The job's `networkConfig`. */
    readonly network: string;
    /** The output config's KMS key (the output config's name differs per definition type). */
    readonly outputKey: string;
    /** The processing cluster's volume KMS key. */
    readonly volumeKey: string;
    /**
     * Monitoring schedules only: the inline job definition, and the name of a separate definition. A
     * schedule that only names a definition is checked on that definition, not here.
     */
    readonly schedule?: { readonly definition: string; readonly definitionName: string };
}

const definition = (output: string): MonitoringJob => ({
    network: "networkConfig",
    outputKey: `${output}.kmsKeyId`,
    volumeKey: "jobResources.clusterConfig.volumeKmsKeyId",
});

const INLINE = "monitoringScheduleConfig.monitoringJobDefinition";

const schedule: MonitoringJob = {
    network: `${INLINE}.networkConfig`,
    outputKey: `${INLINE}.monitoringOutputConfig.kmsKeyId`,
    volumeKey: `${INLINE}.monitoringResources.clusterConfig.volumeKmsKeyId`,
    schedule: { definition: INLINE, definitionName: "monitoringScheduleConfig.monitoringJobDefinitionName" },
};

/*
 * aws-native names are the CloudFormation ones (AWS::SageMaker::*JobDefinition: `<Type>JobOutputConfig`,
 * `JobResources.ClusterConfig.VolumeKmsKeyId`, `NetworkConfig`; AWS::SageMaker::MonitoringSchedule:
 * `MonitoringScheduleConfig.MonitoringJobDefinition{,Name}`), checked against the pulumi-aws-native SDK.
 */
const MONITORING: Record<string, MonitoringJob> = {
    "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition": definition("dataQualityJobOutputConfig"),
    "aws:sagemaker/monitoringSchedule:MonitoringSchedule": schedule,
    "aws-native:sagemaker:DataQualityJobDefinition": definition("dataQualityJobOutputConfig"),
    "aws-native:sagemaker:ModelQualityJobDefinition": definition("modelQualityJobOutputConfig"),
    "aws-native:sagemaker:ModelBiasJobDefinition": definition("modelBiasJobOutputConfig"),
    "aws-native:sagemaker:ModelExplainabilityJobDefinition": definition("modelExplainabilityJobOutputConfig"),
    "aws-native:sagemaker:MonitoringSchedule": schedule,
};

/** False for a schedule that runs a separately defined job (`monitoringJobDefinitionName`) without an inline one. */
function definesJob(c: Checker, t: MonitoringJob): boolean {
    return !t.schedule || c.has(t.schedule.definition) || !c.has(t.schedule.definitionName);
}

export const monitoringNetworkIsolation = defineResourcePolicy({
    name: "sagemaker-monitoring-network-isolation",
    description: "SageMaker model-monitoring jobs (data quality, model quality, bias, explainability, schedules) must " +
        "run with network isolation.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `networkConfig.enableNetworkIsolation: true` on the job definition (unset means the containers " +
        "can make outbound network calls); on a monitoring schedule with an inline job, set " +
        `\`${INLINE}.networkConfig.enableNetworkIsolation: true\`. Same paths in aws and aws-native.`,
    controls: {
        securityHub: ["SageMaker.11", "SageMaker.12", "SageMaker.14", "SageMaker.20", "SageMaker.25"],
        awsConfig: [
            "sagemaker-data-quality-job-isolation", "sagemaker-model-bias-job-isolation",
            "sagemaker-monitoring-schedule-isolation", "sagemaker-model-explainability-job-network-isolation",
            "sagemaker-model-quality-job-definition-isolation",
        ],
        other: ["sagemaker:NetworkIsolation condition key"],
    },
    targets: MONITORING,
    check(c, t) {
        if (definesJob(c, t)) {
            c.requireEquals(`${t.network}.enableNetworkIsolation`, true, "network isolation is off");
        }
    },
});

export const monitoringTrafficEncryption = defineResourcePolicy({
    name: "sagemaker-monitoring-traffic-encryption",
    description: "SageMaker model-monitoring jobs must encrypt the traffic between their containers.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: "Set `networkConfig.enableInterContainerTrafficEncryption: true` on the job definition (unset means " +
        "traffic between the job's instances is not encrypted); on a monitoring schedule with an inline job, set " +
        `\`${INLINE}.networkConfig.enableInterContainerTrafficEncryption: true\`. Same paths in aws and aws-native.`,
    controls: {
        securityHub: ["SageMaker.9", "SageMaker.10", "SageMaker.13", "SageMaker.15", "SageMaker.22"],
        awsConfig: [
            "sagemaker-data-quality-job-encrypt-in-transit", "sagemaker-model-explainability-job-encrypt-in-transit",
            "sagemaker-model-quality-job-encrypt-in-transit", "sagemaker-model-bias-job-encrypt-in-transit",
            "sagemaker-monitoring-schedule-traffic-encryption",
        ],
        checkov: ["CKV_AWS_369"],
        other: ["sagemaker:InterContainerTrafficEncryption condition key"],
    },
    targets: MONITORING,
    check(c, t) {
        if (definesJob(c, t)) {
            c.requireEquals(`${t.network}.enableInterContainerTrafficEncryption`, true, "traffic between instances is not encrypted");
        }
    },
});

export const monitoringInVpc = defineResourcePolicy({
    name: "sagemaker-monitoring-in-vpc",
    description: "SageMaker model-monitoring jobs must run in subnets of a customer VPC, with security groups.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `networkConfig.vpcConfig.subnets` to private subnets of the ML VPC and " +
        "`networkConfig.vpcConfig.securityGroupIds` to the job security groups; on a monitoring schedule with an " +
        `inline job, under \`${INLINE}.networkConfig.vpcConfig\`. Same paths in aws and aws-native.`,
    controls: {
        other: ["sagemaker:VpcSubnets / VpcSecurityGroupIds condition keys (data-perimeter SCP, seed lab)"],
    },
    targets: MONITORING,
    check(c, t) {
        if (definesJob(c, t)) {
            c.requireIds(`${t.network}.vpcConfig.subnets`, "subnet id", "subnet");
            c.requireIds(`${t.network}.vpcConfig.securityGroupIds`, "security group id", "securityGroup");
        }
    },
});

export const monitoringKms = defineResourcePolicy({
    name: "sagemaker-monitoring-kms",
    description: "SageMaker model-monitoring jobs must encrypt their reports and their storage volumes with " +
        "customer-managed KMS keys.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set the output config's `kmsKeyId` (`dataQualityJobOutputConfig`, `modelQualityJobOutputConfig`, " +
        "`modelBiasJobOutputConfig` or `modelExplainabilityJobOutputConfig`) and " +
        "`jobResources.clusterConfig.volumeKmsKeyId` to customer-managed keys; on a monitoring schedule with an " +
        `inline job, \`${INLINE}.monitoringOutputConfig.kmsKeyId\` and ` +
        `\`${INLINE}.monitoringResources.clusterConfig.volumeKmsKeyId\`. Same paths in aws and aws-native.`,
    controls: {
        checkov: ["CKV_AWS_367", "CKV_AWS_368"],
        other: ["sagemaker:OutputKmsKeyArn / VolumeKmsKeyArn condition keys"],
    },
    targets: MONITORING,
    check(c, t) {
        if (definesJob(c, t)) {
            c.requireId(t.outputKey, "KMS key", "kms");
            c.requireId(t.volumeKey, "KMS key", "kms");
        }
    },
});

export const monitoringPolicies = [monitoringNetworkIsolation, monitoringTrafficEncryption, monitoringInVpc, monitoringKms];
