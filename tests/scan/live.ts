/**
 * Describe* responses of live SageMaker resources, as the API reference documents them (typed by the
 * AWS SDK, so a misspelt member does not compile): for every kind mlgov scan reads, one set up as the
 * guardrails want and one as a data scientist's notebook SDK call leaves it, with the policies the
 * second must fail.
 */
import type * as SM from "@aws-sdk/client-sagemaker";

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";
export const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"];
export const GROUPS = ["sg-0123456789abcdef0"];
export const VPC = { Subnets: SUBNETS, SecurityGroupIds: GROUPS };
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/ml-jobs`;
export const TAGS: SM.Tag[] = [{ Key: "owner", Value: "alice" }, { Key: "cost-center", Value: "cc-4711" }];
const META = { $metadata: {} };
const arn = (type: string, name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/${name}`;
const SPEC = { InstanceType: "ml.t3.medium" as const, SageMakerImageArn: `arn:aws:sagemaker:${REGION}:470317259841:image/sagemaker-distribution-cpu` };

export interface LiveCase<D> {
    readonly good: D;
    readonly bad: D;
    /** Policies the bad one fails at the mandatory level (the pack's default config). */
    readonly badPolicies: readonly string[];
}

export const NOTEBOOK: LiveCase<SM.DescribeNotebookInstanceCommandOutput> = {
    good: {
        ...META, NotebookInstanceName: "alice-nb", NotebookInstanceArn: arn("notebook-instance", "alice-nb"), NotebookInstanceStatus: "InService",
        InstanceType: "ml.t3.medium", SubnetId: SUBNETS[0], SecurityGroups: GROUPS, RoleArn: ROLE, KmsKeyId: KEY, DirectInternetAccess: "Disabled",
        RootAccess: "Disabled", VolumeSizeInGB: 20, PlatformIdentifier: "notebook-al2023-v1",
        InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: "2" }, CreationTime: new Date("2026-05-04T08:00:00Z"),
    },
    // What CreateNotebookInstance with only a name, type and role leaves (the API leaves the defaults out).
    bad: {
        ...META, NotebookInstanceName: "bob-nb", NotebookInstanceArn: arn("notebook-instance", "bob-nb"), NotebookInstanceStatus: "InService",
        InstanceType: "ml.p3.2xlarge", RoleArn: ROLE, DirectInternetAccess: "Enabled", VolumeSizeInGB: 5,
    },
    badPolicies: [
        "sagemaker-approved-instance-types", "sagemaker-notebook-imdsv2", "sagemaker-notebook-in-vpc", "sagemaker-notebook-kms",
        "sagemaker-notebook-no-direct-internet", "sagemaker-notebook-root-access-disabled",
    ],
};

export const DOMAIN: LiveCase<SM.DescribeDomainCommandOutput> = {
    good: {
        ...META, DomainId: "d-abcdefgh1234", DomainArn: arn("domain", "d-abcdefgh1234"), DomainName: "ml", Status: "InService", AuthMode: "SSO",
        AppNetworkAccessType: "VpcOnly", VpcId: "vpc-0123456789abcdef0", SubnetIds: SUBNETS, KmsKeyId: KEY,
        DefaultUserSettings: {
            ExecutionRole: `arn:aws:iam::${ACCOUNT}:role/ml-studio`, SecurityGroups: GROUPS, SharingSettings: { NotebookOutputOption: "Disabled" },
            JupyterServerAppSettings: { DefaultResourceSpec: { ...SPEC, InstanceType: "system" } },
            KernelGatewayAppSettings: { DefaultResourceSpec: SPEC }, JupyterLabAppSettings: { DefaultResourceSpec: SPEC },
        },
        DefaultSpaceSettings: { ExecutionRole: `arn:aws:iam::${ACCOUNT}:role/ml-studio`, SecurityGroups: GROUPS },
        DomainSettings: { ExecutionRoleIdentityConfig: "USER_PROFILE_NAME", SecurityGroupIds: GROUPS, DockerSettings: { EnableDockerAccess: "DISABLED" } },
    },
    // The console's quick setup: public internet, no key, no source identity, cell output shared in S3 without a key.
    bad: {
        ...META, DomainId: "d-quicksetup01", DomainArn: arn("domain", "d-quicksetup01"), DomainName: "quick", Status: "InService", AuthMode: "IAM",
        AppNetworkAccessType: "PublicInternetOnly", VpcId: "vpc-0fedcba9876543210", SubnetIds: SUBNETS,
        DefaultUserSettings: {
            ExecutionRole: `arn:aws:iam::${ACCOUNT}:role/AmazonSageMaker-ExecutionRole`, SecurityGroups: [],
            SharingSettings: { NotebookOutputOption: "Allowed", S3OutputPath: "s3://sagemaker-studio-shared/" },
            KernelGatewayAppSettings: { DefaultResourceSpec: { ...SPEC, InstanceType: "ml.p3.8xlarge" } },
        },
        DomainSettings: { DockerSettings: { EnableDockerAccess: "ENABLED" } },
    },
    badPolicies: [
        "sagemaker-approved-instance-types", "sagemaker-domain-kms", "sagemaker-domain-source-identity", "sagemaker-domain-vpc-only",
        "sagemaker-studio-docker-disabled", "sagemaker-studio-security-groups", "sagemaker-studio-sharing-encrypted",
    ],
};

export const USER_PROFILE: LiveCase<SM.DescribeUserProfileCommandOutput> = {
    good: {
        ...META, DomainId: "d-abcdefgh1234", UserProfileName: "alice", UserProfileArn: arn("user-profile", "d-abcdefgh1234/alice"), Status: "InService",
        UserSettings: { ExecutionRole: `arn:aws:iam::${ACCOUNT}:role/ml-studio`, SecurityGroups: GROUPS },
    },
    bad: {
        ...META, DomainId: "d-abcdefgh1234", UserProfileName: "bob", UserProfileArn: arn("user-profile", "d-abcdefgh1234/bob"), Status: "InService",
        UserSettings: { SecurityGroups: [], SharingSettings: { NotebookOutputOption: "Allowed", S3OutputPath: "s3://shared/" } },
    },
    badPolicies: ["sagemaker-studio-security-groups", "sagemaker-studio-sharing-encrypted"],
};

export const SPACE: LiveCase<SM.DescribeSpaceCommandOutput> = {
    good: {
        ...META, DomainId: "d-abcdefgh1234", SpaceName: "alice-lab", SpaceArn: arn("space", "d-abcdefgh1234/alice-lab"), Status: "InService",
        OwnershipSettings: { OwnerUserProfileName: "alice" }, SpaceSharingSettings: { SharingType: "Private" },
        SpaceSettings: { AppType: "JupyterLab", JupyterLabAppSettings: { DefaultResourceSpec: SPEC } },
    },
    bad: {
        ...META, DomainId: "d-abcdefgh1234", SpaceName: "gpu-lab", SpaceArn: arn("space", "d-abcdefgh1234/gpu-lab"), Status: "InService",
        OwnershipSettings: { OwnerUserProfileName: "bob" }, SpaceSharingSettings: { SharingType: "Shared" },
        SpaceSettings: { AppType: "JupyterLab", JupyterLabAppSettings: { DefaultResourceSpec: { ...SPEC, InstanceType: "ml.p4d.24xlarge" } } },
    },
    badPolicies: ["sagemaker-approved-instance-types"],
};

export const APP: LiveCase<SM.DescribeAppCommandOutput> = {
    good: {
        ...META, DomainId: "d-abcdefgh1234", SpaceName: "alice-lab", AppType: "JupyterLab", AppName: "default",
        AppArn: arn("app", "d-abcdefgh1234/alice-lab/jupyterlab/default"), Status: "InService", ResourceSpec: SPEC,
    },
    bad: {
        ...META, DomainId: "d-abcdefgh1234", SpaceName: "gpu-lab", AppType: "JupyterLab", AppName: "default",
        AppArn: arn("app", "d-abcdefgh1234/gpu-lab/jupyterlab/default"), Status: "InService", ResourceSpec: { ...SPEC, InstanceType: "ml.p4d.24xlarge" },
    },
    badPolicies: ["sagemaker-approved-instance-types"],
};

export const MODEL: LiveCase<SM.DescribeModelCommandOutput> = {
    good: {
        ...META, ModelName: "churn-xgb", ModelArn: arn("model", "churn-xgb"), CreationTime: new Date(), ExecutionRoleArn: ROLE, VpcConfig: VPC, EnableNetworkIsolation: true,
        PrimaryContainer: {
            Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/churn:1`, ModelDataUrl: "s3://ml-models/churn/model.tar.gz", ImageConfig: { RepositoryAccessMode: "Vpc" },
            Environment: { SECRET_TOKEN: "must-not-be-sent" },
        },
    },
    bad: {
        ...META, ModelName: "churn-quick", ModelArn: arn("model", "churn-quick"), CreationTime: new Date(), ExecutionRoleArn: ROLE, EnableNetworkIsolation: false,
        PrimaryContainer: { Image: "683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1", ModelDataUrl: "s3://ml-models/churn/model.tar.gz" },
    },
    badPolicies: ["sagemaker-model-in-vpc", "sagemaker-model-network-isolation"],
};

export const ENDPOINT_CONFIG: LiveCase<SM.DescribeEndpointConfigCommandOutput> = {
    good: {
        ...META, EndpointConfigName: "churn-cfg", EndpointConfigArn: arn("endpoint-config", "churn-cfg"), KmsKeyId: KEY, CreationTime: new Date(),
        ProductionVariants: [{ VariantName: "main", ModelName: "churn-xgb", InstanceType: "ml.m5.large", InitialInstanceCount: 2, InitialVariantWeight: 1 }],
        // EnableCapture left out: the API's default is on (DataCaptureConfig).
        DataCaptureConfig: { InitialSamplingPercentage: 100, DestinationS3Uri: "s3://ml-capture/churn", KmsKeyId: KEY, CaptureOptions: [{ CaptureMode: "Input" }, { CaptureMode: "Output" }] },
    },
    bad: {
        ...META, EndpointConfigName: "churn-quick", EndpointConfigArn: arn("endpoint-config", "churn-quick"), CreationTime: new Date(),
        ProductionVariants: [{ VariantName: "main", ModelName: "churn-quick", InstanceType: "ml.m5.large", InitialInstanceCount: 1, EnableSSMAccess: true }],
        AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://ml-async/out" } },
    },
    badPolicies: ["sagemaker-endpoint-config-kms", "sagemaker-endpoint-ssm-access-disabled"],
};

export const ENDPOINT: LiveCase<SM.DescribeEndpointCommandOutput> = {
    good: {
        ...META, EndpointName: "churn", EndpointArn: arn("endpoint", "churn"), EndpointConfigName: "churn-cfg", EndpointStatus: "InService",
        CreationTime: new Date(), LastModifiedTime: new Date(),
    },
    bad: {
        ...META, EndpointName: "churn-quick", EndpointArn: arn("endpoint", "churn-quick"), EndpointConfigName: "churn-quick", EndpointStatus: "InService",
        CreationTime: new Date(), LastModifiedTime: new Date(),
    },
    // Endpoints have no setting of their own (the pack judges their configuration).
    badPolicies: [],
};

const TRAINING_DEFINITION = {
    RoleArn: ROLE, AlgorithmSpecification: { TrainingImage: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/train:1`, TrainingInputMode: "File" as const },
    ResourceConfig: { InstanceType: "ml.m5.xlarge" as const, InstanceCount: 2, VolumeSizeInGB: 50, VolumeKmsKeyId: KEY },
    OutputDataConfig: { S3OutputPath: "s3://ml-models/out", KmsKeyId: KEY }, StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    VpcConfig: VPC, EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true,
};
const QUICK_DEFINITION = {
    RoleArn: ROLE, AlgorithmSpecification: { TrainingImage: "683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1", TrainingInputMode: "File" as const },
    ResourceConfig: { InstanceType: "ml.p3.2xlarge" as const, InstanceCount: 1, VolumeSizeInGB: 30 },
    OutputDataConfig: { S3OutputPath: "s3://ml-models/out" }, StoppingCondition: { MaxRuntimeInSeconds: 3600 },
};
const JOB_POLICIES = [
    "sagemaker-approved-instance-types", "sagemaker-job-in-vpc", "sagemaker-job-traffic-encryption", "sagemaker-job-kms", "sagemaker-job-network-isolation",
];

export const TRAINING_JOB: LiveCase<SM.DescribeTrainingJobCommandOutput> = {
    good: {
        ...META, ...TRAINING_DEFINITION, TrainingJobName: "churn-xgb-0504", TrainingJobArn: arn("training-job", "churn-xgb-0504"), TrainingJobStatus: "Completed",
        SecondaryStatus: "Completed", ModelArtifacts: { S3ModelArtifacts: "s3://ml-models/out/model.tar.gz" }, CreationTime: new Date(),
        HyperParameters: { api_key: "must-not-be-sent" }, RemoteDebugConfig: { EnableRemoteDebug: false },
    },
    bad: {
        ...META, ...QUICK_DEFINITION, TrainingJobName: "churn-quick-0504", TrainingJobArn: arn("training-job", "churn-quick-0504"), TrainingJobStatus: "InProgress",
        SecondaryStatus: "Training", ModelArtifacts: { S3ModelArtifacts: "" }, CreationTime: new Date(), RemoteDebugConfig: { EnableRemoteDebug: true },
    },
    badPolicies: [...JOB_POLICIES, "sagemaker-training-remote-debug-disabled"],
};

export const TUNING_JOB: LiveCase<SM.DescribeHyperParameterTuningJobCommandOutput> = {
    good: {
        ...META, HyperParameterTuningJobName: "churn-hpo", HyperParameterTuningJobArn: arn("hyper-parameter-tuning-job", "churn-hpo"),
        HyperParameterTuningJobStatus: "Completed", CreationTime: new Date(), TrainingJobStatusCounters: {}, ObjectiveStatusCounters: {},
        HyperParameterTuningJobConfig: { Strategy: "Bayesian", ResourceLimits: { MaxParallelTrainingJobs: 2, MaxNumberOfTrainingJobs: 10 } },
        TrainingJobDefinition: { ...TRAINING_DEFINITION, StaticHyperParameters: { api_key: "must-not-be-sent" } },
    },
    bad: {
        ...META, HyperParameterTuningJobName: "churn-hpo-quick", HyperParameterTuningJobArn: arn("hyper-parameter-tuning-job", "churn-hpo-quick"),
        HyperParameterTuningJobStatus: "InProgress", CreationTime: new Date(), TrainingJobStatusCounters: {}, ObjectiveStatusCounters: {},
        HyperParameterTuningJobConfig: { Strategy: "Random", ResourceLimits: { MaxParallelTrainingJobs: 4 } },
        TrainingJobDefinitions: [{ ...TRAINING_DEFINITION, DefinitionName: "ok" }, { ...QUICK_DEFINITION, DefinitionName: "quick" }],
    },
    badPolicies: JOB_POLICIES,
};

export const PROCESSING_JOB: LiveCase<SM.DescribeProcessingJobCommandOutput> = {
    good: {
        ...META, ProcessingJobName: "churn-features", ProcessingJobArn: arn("processing-job", "churn-features"), ProcessingJobStatus: "Completed", RoleArn: ROLE,
        CreationTime: new Date(), AppSpecification: { ImageUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/features:1` }, StoppingCondition: { MaxRuntimeInSeconds: 600 },
        ProcessingResources: { ClusterConfig: { InstanceType: "ml.m5.xlarge", InstanceCount: 1, VolumeSizeInGB: 30, VolumeKmsKeyId: KEY } },
        ProcessingOutputConfig: { Outputs: [], KmsKeyId: KEY },
        NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true, VpcConfig: VPC },
    },
    bad: {
        ...META, ProcessingJobName: "churn-quick", ProcessingJobArn: arn("processing-job", "churn-quick"), ProcessingJobStatus: "InProgress", RoleArn: ROLE,
        CreationTime: new Date(), AppSpecification: { ImageUri: "ubuntu:latest" },
        ProcessingResources: { ClusterConfig: { InstanceType: "ml.p3.2xlarge", InstanceCount: 1, VolumeSizeInGB: 30 } },
        ProcessingOutputConfig: { Outputs: [] },
    },
    badPolicies: JOB_POLICIES,
};

export const TRANSFORM_JOB: LiveCase<SM.DescribeTransformJobCommandOutput> = {
    good: {
        ...META, TransformJobName: "churn-batch", TransformJobArn: arn("transform-job", "churn-batch"), TransformJobStatus: "Completed", ModelName: "churn-xgb",
        CreationTime: new Date(), TransformInput: { DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://ml-data/in" } } },
        TransformOutput: { S3OutputPath: "s3://ml-data/out", KmsKeyId: KEY }, TransformResources: { InstanceType: "ml.m5.large", InstanceCount: 1, VolumeKmsKeyId: KEY },
    },
    bad: {
        ...META, TransformJobName: "churn-batch-quick", TransformJobArn: arn("transform-job", "churn-batch-quick"), TransformJobStatus: "InProgress", ModelName: "churn-quick",
        CreationTime: new Date(), TransformInput: { DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://ml-data/in" } } },
        TransformOutput: { S3OutputPath: "s3://ml-data/out" }, TransformResources: { InstanceType: "ml.p3.2xlarge", InstanceCount: 1 },
    },
    // No policy of the pack reviews transform jobs beyond those that judge every SageMaker type.
    badPolicies: ["sagemaker-approved-instance-types"],
};

export const MONITORING_SCHEDULE: LiveCase<SM.DescribeMonitoringScheduleCommandOutput> = {
    good: {
        ...META, MonitoringScheduleName: "churn-quality", MonitoringScheduleArn: arn("monitoring-schedule", "churn-quality"), MonitoringScheduleStatus: "Scheduled",
        CreationTime: new Date(), LastModifiedTime: new Date(), MonitoringType: "DataQuality",
        MonitoringScheduleConfig: {
            ScheduleConfig: { ScheduleExpression: "cron(0 * ? * * *)" },
            MonitoringJobDefinition: {
                RoleArn: ROLE, MonitoringAppSpecification: { ImageUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/monitor:1` },
                MonitoringInputs: [{ EndpointInput: { EndpointName: "churn", LocalPath: "/opt/ml/processing/input" } }],
                MonitoringOutputConfig: { KmsKeyId: KEY, MonitoringOutputs: [{ S3Output: { S3Uri: "s3://ml-monitor/out", LocalPath: "/opt/ml/processing/output" } }] },
                MonitoringResources: { ClusterConfig: { InstanceType: "ml.m5.large", InstanceCount: 1, VolumeSizeInGB: 20, VolumeKmsKeyId: KEY } },
                NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true, VpcConfig: VPC },
            },
        },
    },
    bad: {
        ...META, MonitoringScheduleName: "churn-quick", MonitoringScheduleArn: arn("monitoring-schedule", "churn-quick"), MonitoringScheduleStatus: "Scheduled",
        CreationTime: new Date(), LastModifiedTime: new Date(), MonitoringType: "DataQuality",
        MonitoringScheduleConfig: {
            ScheduleConfig: { ScheduleExpression: "cron(0 * ? * * *)" },
            MonitoringJobDefinition: {
                RoleArn: ROLE, MonitoringAppSpecification: { ImageUri: "monitor:latest" },
                MonitoringInputs: [{ EndpointInput: { EndpointName: "churn-quick", LocalPath: "/opt/ml/processing/input" } }],
                MonitoringOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: "s3://ml-monitor/out", LocalPath: "/opt/ml/processing/output" } }] },
                MonitoringResources: { ClusterConfig: { InstanceType: "ml.m5.large", InstanceCount: 1, VolumeSizeInGB: 20 } },
            },
        },
    },
    badPolicies: ["sagemaker-monitoring-in-vpc", "sagemaker-monitoring-traffic-encryption", "sagemaker-monitoring-kms", "sagemaker-monitoring-network-isolation"],
};

export const FEATURE_GROUP: LiveCase<SM.DescribeFeatureGroupCommandOutput> = {
    good: {
        ...META, FeatureGroupName: "customers", FeatureGroupArn: arn("feature-group", "customers"), FeatureGroupStatus: "Created", Description: "Customer features",
        RecordIdentifierFeatureName: "id", EventTimeFeatureName: "ts", CreationTime: new Date(), NextToken: undefined as unknown as string,
        FeatureDefinitions: [{ FeatureName: "id", FeatureType: "String" }, { FeatureName: "ts", FeatureType: "String" }], RoleArn: ROLE,
        OfflineStoreConfig: { S3StorageConfig: { S3Uri: "s3://ml-features/", KmsKeyId: KEY } },
        OnlineStoreConfig: { EnableOnlineStore: true, SecurityConfig: { KmsKeyId: KEY } },
    },
    bad: {
        ...META, FeatureGroupName: "customers-quick", FeatureGroupArn: arn("feature-group", "customers-quick"), FeatureGroupStatus: "Created",
        RecordIdentifierFeatureName: "id", EventTimeFeatureName: "ts", CreationTime: new Date(), NextToken: undefined as unknown as string,
        FeatureDefinitions: [{ FeatureName: "id", FeatureType: "String" }, { FeatureName: "ts", FeatureType: "String" }], RoleArn: ROLE,
        OfflineStoreConfig: { S3StorageConfig: { S3Uri: "s3://ml-features/" } }, OnlineStoreConfig: { EnableOnlineStore: true },
    },
    badPolicies: ["sagemaker-feature-group-kms"],
};
