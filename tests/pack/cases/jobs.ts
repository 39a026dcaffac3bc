import { KEY_ARN, KMS_KEY, PolicyCase, SECURITY_GROUP, SUBNET, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_OBJECT } from "../case";
import { compliantFlowDefinition } from "./artifacts";
import { withPath } from "./monitoring";

const TRAINING = "aws:sagemaker/trainingJob:TrainingJob";
const TUNING = "aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob";
const LABELING = "aws:sagemaker/labelingJob:LabelingJob";
const FLOW = "aws:sagemaker/flowDefinition:FlowDefinition";
const PROCESSING = "aws-native:sagemaker:ProcessingJob";
const CLUSTER = "aws-native:sagemaker:Cluster";

const ROLE = "arn:aws:iam::111122223333:role/ml-training";
const IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
const vpcConfig = { subnets: ["subnet-0abc1234", "subnet-0def5678"], securityGroupIds: ["sg-0abc1234"] };
const PRIVATE_TEAM = "arn:aws:sagemaker:us-east-1:111122223333:workteam/private-crowd/labelers";
const PUBLIC_CROWD = "arn:aws:sagemaker:us-east-1:394669845002:workteam/public-crowd/default";
const AUTOMATED = "labelingJobAlgorithmsConfig.labelingJobResourceConfig";

/** The training settings a job and each tuning definition need to pass every job policy. */
const training = {
    roleArn: ROLE,
    algorithmSpecification: { trainingImage: IMAGE, trainingInputMode: "File" },
    outputDataConfig: { s3OutputPath: "s3://ml-models/churn", kmsKeyId: KEY_ARN },
    resourceConfig: { instanceCount: 2, instanceType: "ml.m5.xlarge", volumeSizeInGb: 30, volumeKmsKeyId: KEY_ARN },
    stoppingCondition: { maxRuntimeInSeconds: 3600 },
    vpcConfig,
    enableNetworkIsolation: true,
    enableInterContainerTrafficEncryption: true,
};

/** A training job that every job policy accepts. */
export const compliantTrainingJob = {
    ...training,
    trainingJobName: "churn-xgb",
    inputDataConfigs: [{ channelName: "train", dataSource: { s3DataSource: { s3DataType: "S3Prefix", s3Uri: "s3://ml-data/churn/train" } } }],
    remoteDebugConfig: { enableRemoteDebug: false },
};

/** A tuning job (one training definition) that every job policy accepts. */
export const compliantHyperParameterTuningJob = {
    name: "churn-hpo",
    config: {
        strategy: "Bayesian",
        objective: { type: "Maximize", metricName: "validation:auc" },
        resourceLimits: { maxParallelTrainingJobs: 2, maxNumberOfTrainingJobs: 10 },
    },
    trainingJobDefinition: training,
};

/** The same tuning job with a list of training definitions. */
const tuningWithDefinitions = {
    name: "churn-hpo-multi",
    config: compliantHyperParameterTuningJob.config,
    trainingJobDefinitions: [{ ...training, definitionName: "xgb" }, { ...training, definitionName: "linear" }],
};

/** A labeling job with automated labeling and a private work team that every job policy accepts. */
export const compliantLabelingJob = {
    labelingJobName: "churn-images",
    labelAttributeName: "label",
    roleArn: ROLE,
    inputConfig: { dataSource: { s3DataSource: { manifestS3Uri: "s3://ml-data/churn/manifest.json" } } },
    outputConfig: { s3OutputPath: "s3://ml-labels/churn", kmsKeyId: KEY_ARN },
    humanTaskConfig: {
        workteamArn: PRIVATE_TEAM,
        uiConfig: { uiTemplateS3Uri: "s3://ml-labels/templates/image.liquid.html" },
        preHumanTaskLambdaArn: "arn:aws:lambda:us-east-1:432418664414:function:PRE-ImageMultiClass",
        annotationConsolidationConfig: { annotationConsolidationLambdaArn: "arn:aws:lambda:us-east-1:432418664414:function:ACS-ImageMultiClass" },
        taskTitle: "Classify images",
        taskDescription: "Pick the class of each image",
        numberOfHumanWorkersPerDataObject: 1,
        taskTimeLimitInSeconds: 600,
    },
    labelingJobAlgorithmsConfig: {
        labelingJobAlgorithmSpecificationArn: "arn:aws:sagemaker:us-east-1:027400017018:labeling-job-algorithm-specification/image-classification",
        labelingJobResourceConfig: { volumeKmsKeyId: KEY_ARN, vpcConfig },
    },
};

/** The same labeling job without automated labeling: only human workers, no ML instances. */
const manualLabelingJob = { ...compliantLabelingJob, labelingJobAlgorithmsConfig: undefined };

/** An aws-native processing job that every job policy accepts. */
export const compliantProcessingJob = {
    roleArn: ROLE,
    appSpecification: { imageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/feature-prep:1.0" },
    processingResources: { clusterConfig: { instanceCount: 2, instanceType: "ml.m5.xlarge", volumeSizeInGb: 30, volumeKmsKeyId: KEY_ARN } },
    processingOutputConfig: {
        kmsKeyId: KEY_ARN,
        outputs: [{ outputName: "features", s3Output: { s3Uri: "s3://ml-data/churn/features", localPath: "/opt/ml/processing/output", s3UploadMode: "EndOfJob" } }],
    },
    networkConfig: { enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true, vpcConfig },
};

/** An aws-native HyperPod cluster that every job policy accepts. */
export const compliantCluster = {
    clusterName: "llm-pretrain",
    instanceGroups: [{
        instanceGroupName: "workers", instanceType: "ml.g5.8xlarge", instanceCount: 2,
        executionRole: ROLE, lifeCycleConfig: { sourceS3Uri: "s3://ml-hyperpod/lifecycle", onCreate: "on_create.sh" },
    }],
    vpcConfig,
};

const EXEMPT_ALL = { exemptions: [{ urn: "*", reason: "benchmark job, no data", expires: "2999-12-31" }] };
const EXPIRED = { exemptions: [{ urn: "*", reason: "migration", expires: "2020-01-31" }] };

const VPC = "sagemaker-job-in-vpc";
const ISOLATION = "sagemaker-job-network-isolation";
const TRAFFIC = "sagemaker-job-traffic-encryption";
const KMS = "sagemaker-job-kms";
const DEBUG = "sagemaker-training-remote-debug-disabled";
const WORKFORCE = "sagemaker-private-workforce";

export const cases: PolicyCase[] = [
    // sagemaker-job-in-vpc
    { title: "training job in subnets with security groups", policy: VPC, type: TRAINING, props: compliantTrainingJob, expect: "pass" },
    { title: "tuning job whose definition is in the VPC", policy: VPC, type: TUNING, props: compliantHyperParameterTuningJob, expect: "pass" },
    { title: "tuning job whose definitions are all in the VPC", policy: VPC, type: TUNING, props: tuningWithDefinitions, expect: "pass" },
    { title: "labeling job whose automated labeling runs in the VPC", policy: VPC, type: LABELING, props: compliantLabelingJob, expect: "pass" },
    { title: "labeling job without automated labeling runs no instances", policy: VPC, type: LABELING, props: manualLabelingJob, expect: "pass" },
    { title: "aws-native processing job in the VPC", policy: VPC, type: PROCESSING, props: compliantProcessingJob, expect: "pass" },
    { title: "aws-native HyperPod cluster in the VPC", policy: VPC, type: CLUSTER, props: compliantCluster, expect: "pass" },
    { title: "training job without a VPC config", policy: VPC, type: TRAINING, props: { ...compliantTrainingJob, vpcConfig: undefined }, expect: "mandatory", message: /`vpcConfig.(subnets|securityGroupIds)` must list at least one (subnet|security group) id \(it is not set\)/ },
    { title: "training job with an empty subnet list", policy: VPC, type: TRAINING, props: withPath(compliantTrainingJob, "vpcConfig.subnets", []), expect: "mandatory", message: /`vpcConfig.subnets` must list at least one subnet id \(it is \[\]\)/ },
    { title: "tuning job whose second definition has no VPC", policy: VPC, type: TUNING, props: withPath(tuningWithDefinitions, "trainingJobDefinitions", [training, { ...training, vpcConfig: undefined }]), expect: "mandatory", message: /`trainingJobDefinitions\[1\]\.vpcConfig\.(subnets|securityGroupIds)` must list/ },
    { title: "tuning job whose definition has an empty security group", policy: VPC, type: TUNING, props: withPath(compliantHyperParameterTuningJob, "trainingJobDefinition.vpcConfig.securityGroupIds", [""]), expect: "mandatory", message: /`trainingJobDefinition.vpcConfig.securityGroupIds\[0\]` is "", which is not a security group id/ },
    { title: "tuning job without any training definition", policy: VPC, type: TUNING, props: { ...compliantHyperParameterTuningJob, trainingJobDefinition: undefined }, expect: "mandatory", message: /`trainingJobDefinition.vpcConfig.(subnets|securityGroupIds)`/ },
    { title: "automated labeling outside a VPC", policy: VPC, type: LABELING, props: withPath(compliantLabelingJob, `${AUTOMATED}.vpcConfig`, undefined), expect: "mandatory", message: /`labelingJobAlgorithmsConfig.labelingJobResourceConfig.vpcConfig.(subnets|securityGroupIds)`/ },
    { title: "aws-native processing job without a network config", policy: VPC, type: PROCESSING, props: { ...compliantProcessingJob, networkConfig: undefined }, expect: "mandatory", message: /`networkConfig.vpcConfig.(subnets|securityGroupIds)`/ },
    { title: "aws-native HyperPod cluster in the service VPC", policy: VPC, type: CLUSTER, props: { ...compliantCluster, vpcConfig: undefined }, expect: "mandatory", message: /`vpcConfig.(subnets|securityGroupIds)`/ },
    { title: "aws-native HyperPod instance group overriding with no subnets", policy: VPC, type: CLUSTER, props: withPath(compliantCluster, "instanceGroups", [{ ...compliantCluster.instanceGroups[0], overrideVpcConfig: { subnets: [], securityGroupIds: ["sg-0abc1234"] } }]), expect: "mandatory", message: /`instanceGroups\[0\]\.overrideVpcConfig\.subnets` must list at least one subnet id/ },
    { title: "unknown subnets and security groups from resources in the stack", policy: VPC, type: TRAINING, props: { ...compliantTrainingJob, vpcConfig: { subnets: UNKNOWN_ARRAY, securityGroupIds: [UNKNOWN, "sg-0abc1234"] } }, dependsOn: { vpcConfig: [SUBNET, SECURITY_GROUP] }, expect: "pass" },
    { title: "unknown tuning definition subnets from a subnet in the stack", policy: VPC, type: TUNING, props: withPath(tuningWithDefinitions, "trainingJobDefinitions", [training, { ...training, vpcConfig: { subnets: [UNKNOWN], securityGroupIds: ["sg-0abc1234"] } }]), dependsOn: { trainingJobDefinitions: [SUBNET] }, expect: "pass" },
    { title: "unknown subnets that do not come from a subnet", policy: VPC, type: TRAINING, props: withPath(compliantTrainingJob, "vpcConfig.subnets", UNKNOWN_ARRAY), dependsOn: { vpcConfig: [KMS_KEY] }, expect: "mandatory", message: /`vpcConfig.subnets` \(subnet id\) is unknown during preview, and it does not come from a subnet/ },
    { title: "unknown processing security groups with no dependency", policy: VPC, type: PROCESSING, props: withPath(compliantProcessingJob, "networkConfig.vpcConfig.securityGroupIds", UNKNOWN_ARRAY), expect: "mandatory", message: /does not come from a security group/ },
    { title: "an unknown definition list cannot be verified", policy: VPC, type: TUNING, props: { ...tuningWithDefinitions, trainingJobDefinitions: UNKNOWN_ARRAY }, expect: "mandatory", message: /`trainingJobDefinitions` is unknown during preview, so it cannot be verified/ },
    { title: "an unknown automated-labeling config cannot be verified", policy: VPC, type: LABELING, props: withPath(compliantLabelingJob, AUTOMATED, UNKNOWN_OBJECT), expect: "mandatory", message: /labelingJobResourceConfig` is unknown during preview/ },
    { title: "a wrong shape counts as not set and does not throw", policy: VPC, type: TUNING, props: { ...compliantHyperParameterTuningJob, trainingJobDefinition: "xgb" }, expect: "mandatory", message: /trainingJobDefinition.vpcConfig/ },
    { title: "exempted job without a VPC is advisory", policy: VPC, type: TRAINING, props: { ...compliantTrainingJob, vpcConfig: undefined }, config: EXEMPT_ALL, expect: "advisory", message: /Exempted until 2999-12-31: benchmark job, no data/ },
    // sagemaker-job-network-isolation
    { title: "training job with network isolation", policy: ISOLATION, type: TRAINING, props: compliantTrainingJob, expect: "pass" },
    { title: "tuning definitions with network isolation", policy: ISOLATION, type: TUNING, props: tuningWithDefinitions, expect: "pass" },
    { title: "aws-native processing job with network isolation", policy: ISOLATION, type: PROCESSING, props: compliantProcessingJob, expect: "pass" },
    { title: "training job without network isolation", policy: ISOLATION, type: TRAINING, props: { ...compliantTrainingJob, enableNetworkIsolation: undefined }, expect: "mandatory", message: /`enableNetworkIsolation` is not set \(unset means network isolation is off\); set it to true/ },
    { title: "training job with network isolation off", policy: ISOLATION, type: TRAINING, props: { ...compliantTrainingJob, enableNetworkIsolation: false }, expect: "mandatory", message: /`enableNetworkIsolation` is false; it must be true/ },
    { title: "tuning definition with network isolation off", policy: ISOLATION, type: TUNING, props: withPath(compliantHyperParameterTuningJob, "trainingJobDefinition.enableNetworkIsolation", false), expect: "mandatory", message: /`trainingJobDefinition.enableNetworkIsolation` is false/ },
    { title: "one tuning definition of two without network isolation", policy: ISOLATION, type: TUNING, props: withPath(tuningWithDefinitions, "trainingJobDefinitions", [training, { ...training, enableNetworkIsolation: undefined }]), expect: "mandatory", message: /`trainingJobDefinitions\[1\]\.enableNetworkIsolation` is not set/ },
    { title: "aws-native processing job without a network config", policy: ISOLATION, type: PROCESSING, props: { ...compliantProcessingJob, networkConfig: undefined }, expect: "mandatory", message: /`networkConfig.enableNetworkIsolation` is not set/ },
    { title: "unknown isolation flag cannot be verified", policy: ISOLATION, type: TRAINING, props: { ...compliantTrainingJob, enableNetworkIsolation: UNKNOWN_BOOL }, expect: "mandatory", message: /`enableNetworkIsolation` is unknown during preview; it must be true, so it cannot be verified/ },
    { title: "isolation off blocks while the keys are unknown", policy: ISOLATION, type: TRAINING, props: withPath({ ...compliantTrainingJob, enableNetworkIsolation: false }, "outputDataConfig.kmsKeyId", UNKNOWN), expect: "mandatory", message: /is false/ },
    { title: "an expired exemption no longer applies", policy: ISOLATION, type: TRAINING, props: { ...compliantTrainingJob, enableNetworkIsolation: false }, config: EXPIRED, expect: "mandatory", message: /expired on 2020-01-31/ },
    // sagemaker-job-traffic-encryption
    { title: "training job with encrypted inter-container traffic", policy: TRAFFIC, type: TRAINING, props: compliantTrainingJob, expect: "pass" },
    { title: "aws-native processing job with encrypted traffic", policy: TRAFFIC, type: PROCESSING, props: compliantProcessingJob, expect: "pass" },
    { title: "training job without traffic encryption", policy: TRAFFIC, type: TRAINING, props: { ...compliantTrainingJob, enableInterContainerTrafficEncryption: undefined }, expect: "mandatory", message: /unset means traffic between instances is not encrypted/ },
    { title: "tuning definition with traffic encryption off", policy: TRAFFIC, type: TUNING, props: withPath(compliantHyperParameterTuningJob, "trainingJobDefinition.enableInterContainerTrafficEncryption", false), expect: "mandatory", message: /`trainingJobDefinition.enableInterContainerTrafficEncryption` is false/ },
    { title: "aws-native processing job with traffic encryption off", policy: TRAFFIC, type: PROCESSING, props: withPath(compliantProcessingJob, "networkConfig.enableInterContainerTrafficEncryption", false), expect: "mandatory", message: /`networkConfig.enableInterContainerTrafficEncryption` is false/ },
    { title: "unknown traffic encryption flag cannot be verified", policy: TRAFFIC, type: TUNING, props: withPath(compliantHyperParameterTuningJob, "trainingJobDefinition.enableInterContainerTrafficEncryption", UNKNOWN_BOOL), expect: "mandatory", message: /cannot be verified before the update/ },
    { title: "exempted job without traffic encryption is advisory", policy: TRAFFIC, type: PROCESSING, props: { ...compliantProcessingJob, networkConfig: undefined }, config: EXEMPT_ALL, expect: "advisory", message: /Exempted until/ },
    // sagemaker-job-kms
    { title: "training job with output and volume keys", policy: KMS, type: TRAINING, props: compliantTrainingJob, expect: "pass" },
    { title: "tuning jobs with output and volume keys", policy: KMS, type: TUNING, props: tuningWithDefinitions, expect: "pass" },
    { title: "labeling job with output and automated-labeling keys", policy: KMS, type: LABELING, props: compliantLabelingJob, expect: "pass" },
    { title: "aws-native processing job with output and volume keys", policy: KMS, type: PROCESSING, props: compliantProcessingJob, expect: "pass" },
    { title: "training job without an output key", policy: KMS, type: TRAINING, props: withPath(compliantTrainingJob, "outputDataConfig.kmsKeyId", undefined), expect: "mandatory", message: /`outputDataConfig.kmsKeyId` is not set; it must name a KMS key/ },
    { title: "training job without an output config", policy: KMS, type: TRAINING, props: { ...compliantTrainingJob, outputDataConfig: undefined }, expect: "mandatory", message: /`outputDataConfig.kmsKeyId` is not set/ },
    { title: "training job without a volume key", policy: KMS, type: TRAINING, props: withPath(compliantTrainingJob, "resourceConfig.volumeKmsKeyId", undefined), expect: "mandatory", message: /`resourceConfig.volumeKmsKeyId` is not set; it must name a KMS key/ },
    { title: "training on local NVMe storage needs no volume key", policy: KMS, type: TRAINING, props: withPath(withPath(compliantTrainingJob, "resourceConfig.volumeKmsKeyId", undefined), "resourceConfig.instanceType", "ml.p4d.24xlarge"), expect: "pass" },
    { title: "a heterogeneous cluster with a local-storage group needs no volume key", policy: KMS, type: TRAINING, props: withPath(compliantTrainingJob, "resourceConfig", { instanceGroups: [{ instanceGroupName: "gpu", instanceType: "ml.g5.12xlarge", instanceCount: 2 }], volumeSizeInGb: 30 }), expect: "pass" },
    { title: "local-storage families come from config", policy: KMS, type: TRAINING, props: withPath(withPath(compliantTrainingJob, "resourceConfig.volumeKmsKeyId", undefined), "resourceConfig.instanceType", "ml.g5.2xlarge"), config: { localStorageInstanceTypes: ["ml.m5d.*"] }, expect: "mandatory", message: /resourceConfig.volumeKmsKeyId/ },
    { title: "an output key is required on local storage too", policy: KMS, type: TRAINING, props: withPath(withPath(compliantTrainingJob, "outputDataConfig.kmsKeyId", undefined), "resourceConfig.instanceType", "ml.p4d.24xlarge"), expect: "mandatory", message: /`outputDataConfig.kmsKeyId`/ },
    { title: "tuning definition using a tuning resource config without a volume key", policy: KMS, type: TUNING, props: withPath(compliantHyperParameterTuningJob, "trainingJobDefinition", { ...training, resourceConfig: undefined, hyperParameterTuningResourceConfig: { instanceConfigs: [{ instanceType: "ml.m5.xlarge", instanceCount: 1, volumeSizeInGb: 30 }] } }), expect: "mandatory", message: /`trainingJobDefinition.hyperParameterTuningResourceConfig.volumeKmsKeyId` is not set/ },
    { title: "tuning definition list with one output key missing", policy: KMS, type: TUNING, props: withPath(tuningWithDefinitions, "trainingJobDefinitions", [withPath(training, "outputDataConfig.kmsKeyId", undefined), training]), expect: "mandatory", message: /`trainingJobDefinitions\[0\]\.outputDataConfig\.kmsKeyId` is not set/ },
    { title: "labeling job without an output key", policy: KMS, type: LABELING, props: withPath(manualLabelingJob, "outputConfig.kmsKeyId", undefined), expect: "mandatory", message: /`outputConfig.kmsKeyId` is not set/ },
    { title: "automated labeling without a volume key", policy: KMS, type: LABELING, props: withPath(compliantLabelingJob, `${AUTOMATED}.volumeKmsKeyId`, undefined), expect: "mandatory", message: /`labelingJobAlgorithmsConfig.labelingJobResourceConfig.volumeKmsKeyId` is not set/ },
    { title: "labeling job without automated labeling needs no volume key", policy: KMS, type: LABELING, props: manualLabelingJob, expect: "pass" },
    { title: "aws-native processing job without a volume key", policy: KMS, type: PROCESSING, props: withPath(compliantProcessingJob, "processingResources.clusterConfig.volumeKmsKeyId", undefined), expect: "mandatory", message: /`processingResources.clusterConfig.volumeKmsKeyId` is not set/ },
    { title: "aws-native processing output without a key", policy: KMS, type: PROCESSING, props: withPath(compliantProcessingJob, "processingOutputConfig.kmsKeyId", undefined), expect: "mandatory", message: /`processingOutputConfig.kmsKeyId` is not set/ },
    { title: "aws-native processing job without outputs needs no output key", policy: KMS, type: PROCESSING, props: { ...compliantProcessingJob, processingOutputConfig: undefined }, expect: "pass" },
    { title: "aws-native processing on local NVMe storage needs no volume key", policy: KMS, type: PROCESSING, props: withPath(withPath(compliantProcessingJob, "processingResources.clusterConfig.volumeKmsKeyId", undefined), "processingResources.clusterConfig.instanceType", "ml.m5d.2xlarge"), expect: "pass" },
    { title: "unknown keys from KMS keys in the stack count as set", policy: KMS, type: TRAINING, props: withPath(withPath(compliantTrainingJob, "outputDataConfig.kmsKeyId", UNKNOWN), "resourceConfig.volumeKmsKeyId", UNKNOWN), dependsOn: { outputDataConfig: [KMS_KEY], resourceConfig: ["aws:kms/alias:Alias"] }, expect: "pass" },
    { title: "unknown tuning definition key from a KMS key", policy: KMS, type: TUNING, props: withPath(compliantHyperParameterTuningJob, "trainingJobDefinition.resourceConfig.volumeKmsKeyId", UNKNOWN), dependsOn: { trainingJobDefinition: [KMS_KEY] }, expect: "pass" },
    { title: "unknown key with no KMS provenance blocks", policy: KMS, type: TUNING, props: withPath(compliantHyperParameterTuningJob, "trainingJobDefinition.outputDataConfig.kmsKeyId", UNKNOWN), expect: "mandatory", message: /`trainingJobDefinition.outputDataConfig.kmsKeyId` \(KMS key\) is unknown during preview, and it does not come from a KMS key or alias/ },
    { title: "exempted job without keys is advisory", policy: KMS, type: LABELING, props: withPath(compliantLabelingJob, "outputConfig.kmsKeyId", undefined), config: { ...EXEMPT_ALL, localStorageInstanceTypes: [] }, expect: "advisory", message: /Exempted until/ },
    // sagemaker-training-remote-debug-disabled
    { title: "training job with remote debugging off", policy: DEBUG, type: TRAINING, props: compliantTrainingJob, expect: "pass" },
    { title: "training job without a remote debug config", policy: DEBUG, type: TRAINING, props: { ...compliantTrainingJob, remoteDebugConfig: undefined }, expect: "pass" },
    { title: "training job with remote debugging on", policy: DEBUG, type: TRAINING, props: withPath(compliantTrainingJob, "remoteDebugConfig.enableRemoteDebug", true), expect: "mandatory", message: /`remoteDebugConfig.enableRemoteDebug` is true; remote debugging gives an SSM shell/ },
    { title: "unknown remote debug flag cannot be verified", policy: DEBUG, type: TRAINING, props: withPath(compliantTrainingJob, "remoteDebugConfig.enableRemoteDebug", UNKNOWN_BOOL), expect: "mandatory", message: /must not be true, so it cannot be verified/ },
    { title: "exempted remote debugging is advisory", policy: DEBUG, type: TRAINING, props: withPath(compliantTrainingJob, "remoteDebugConfig.enableRemoteDebug", true), config: EXEMPT_ALL, expect: "advisory", message: /Exempted until/ },
    // sagemaker-private-workforce
    { title: "labeling job with a private work team", policy: WORKFORCE, type: LABELING, props: compliantLabelingJob, expect: "pass" },
    { title: "flow definition with a private work team", policy: WORKFORCE, type: FLOW, props: compliantFlowDefinition, expect: "pass" },
    { title: "labeling job paying the public crowd", policy: WORKFORCE, type: LABELING, props: withPath(compliantLabelingJob, "humanTaskConfig.publicWorkforceTaskPrice", { amountInUsd: { cents: 3, tenthFractionsOfACent: 6 } }), expect: "mandatory", message: /`humanTaskConfig.publicWorkforceTaskPrice` is set, which sends the tasks to the public crowd/ },
    { title: "flow definition sent to the public crowd", policy: WORKFORCE, type: FLOW, props: withPath(withPath(compliantFlowDefinition, "humanLoopConfig.workteamArn", PUBLIC_CROWD), "humanLoopConfig.publicWorkforceTaskPrice", { amountInUsd: { cents: 1 } }), expect: "mandatory", message: /public crowd/ },
    { title: "public crowd work team without a price", policy: WORKFORCE, type: LABELING, props: withPath(compliantLabelingJob, "humanTaskConfig.workteamArn", PUBLIC_CROWD), expect: "mandatory", message: /`humanTaskConfig.workteamArn` is the public crowd work team/ },
    { title: "a work team created in the stack is private", policy: WORKFORCE, type: FLOW, props: withPath(compliantFlowDefinition, "humanLoopConfig.workteamArn", UNKNOWN), dependsOn: { humanLoopConfig: ["aws:sagemaker/workteam:Workteam"] }, expect: "pass" },
    { title: "an unknown public price cannot be verified", policy: WORKFORCE, type: LABELING, props: withPath(compliantLabelingJob, "humanTaskConfig.publicWorkforceTaskPrice", UNKNOWN_OBJECT), expect: "mandatory", message: /must not be set, so it cannot be verified/ },
    { title: "exempted public crowd job is advisory", policy: WORKFORCE, type: LABELING, props: withPath(compliantLabelingJob, "humanTaskConfig.workteamArn", PUBLIC_CROWD), config: { exemptions: [{ urn: "*LabelingJob*", reason: "public data set", expires: "2999-12-31" }] }, expect: "advisory", message: /public data set/ },
];
