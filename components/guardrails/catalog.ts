import { LOCAL_STORAGE_INSTANCE_TYPES } from "../../policypacks/ml-guardrails/src/facts";

/** The choices a guardrail depends on; the component's and the program's arguments fill them in. */
export interface GuardrailOptions {
    /** Instance types SageMaker may use (`ml.m5.*` allows a family; `system` is Studio's own app). */
    readonly approvedInstanceTypes: readonly string[];
    /** Deny jobs, models and monitoring that do not enable network isolation. */
    readonly requireNetworkIsolation: boolean;
    /** Deny jobs and monitoring that do not encrypt traffic between their instances. */
    readonly requireInterContainerEncryption: boolean;
}

/** Where a guardrail is rendered: the execution roles' IAM policy and the SCP, or the SCP only. */
export type Rendering = "iam" | "scp";

/** An IAM condition block: operator -> key -> value(s). */
export type ConditionBlock = Record<string, Record<string, string | readonly string[]>>;

/**
 * One preventive guardrail, written once: the IAM managed policy, the service control policy and
 * docs/guardrails.md are rendered from it, and tests/guardrails checks it against the Service
 * Authorization Reference (every action exists and supports the keys the condition uses; every action
 * that supports `coverageKey` is either listed or excluded with a reason).
 */
export interface Guardrail {
    /** Statement id in the rendered policies. */
    readonly sid: string;
    readonly title: string;
    /** Why, for the docs. */
    readonly rationale: string;
    readonly renderings: readonly Rendering[];
    /** IAM actions denied when the condition holds. */
    readonly actions: readonly string[];
    /** The condition key whose supporting actions this guardrail must cover (completeness check). */
    readonly coverageKey?: string;
    /** Actions that support `coverageKey` but are left out on purpose, with the reason (documented). */
    readonly excluded?: Readonly<Record<string, string>>;
    /** The deny condition; `undefined` turns the guardrail off for these options. */
    readonly condition: (options: GuardrailOptions) => ConditionBlock | undefined;
    /** The SCP exempts the organization's platform admin role (`aws:PrincipalArn`). */
    readonly adminException?: true;
}

const sm = (...actions: string[]) => actions.map(a => `sagemaker:${a}`);

/** Create actions whose network is not the request's own: they inherit it from a model or a domain. */
const INHERITS_NETWORK: Record<string, string> = {
    "sagemaker:CreateEndpointConfig": "hosting takes its VPC from the model (CreateModel is denied without one)",
    "sagemaker:CreateJob": "not a SageMaker AI workload API the platform uses; review before adding",
};

/** The create actions that place compute or storage in the request's own subnets and security groups. */
const PLACED_IN_A_VPC = sm(
    "CreateAutoMLJob", "CreateAutoMLJobV2", "CreateCluster", "CreateDataQualityJobDefinition", "CreateDomain",
    "CreateHyperParameterTuningJob", "CreateModel", "CreateModelBiasJobDefinition", "CreateModelExplainabilityJobDefinition",
    "CreateModelQualityJobDefinition", "CreateMonitoringSchedule", "CreateNotebookInstance", "CreateProcessingJob",
    "CreateTrainingJob",
);

/** Update actions: the request carries the key only when the update changes that setting. */
const UPDATE_WITHOUT_KEY = "an update that does not change the setting carries no value for the key";

export const GUARDRAILS: readonly Guardrail[] = [
    {
        sid: "DenySageMakerWithoutVpcSubnets",
        title: "No SageMaker job, model, notebook, domain or cluster outside VPC subnets",
        rationale: "Work without `VpcConfig` runs in the SageMaker service network with internet access; the lab's " +
            "\"training job without VPC settings gets AccessDenied\".",
        renderings: ["iam", "scp"],
        actions: PLACED_IN_A_VPC,
        coverageKey: "sagemaker:VpcSubnets",
        excluded: {
            ...INHERITS_NETWORK,
            "sagemaker:UpdateCluster": UPDATE_WITHOUT_KEY,
            "sagemaker:UpdateDomain": UPDATE_WITHOUT_KEY,
            "sagemaker:UpdateMonitoringSchedule": UPDATE_WITHOUT_KEY,
        },
        condition: () => ({ Null: { "sagemaker:VpcSubnets": "true" } }),
    },
    {
        sid: "DenySageMakerWithoutSecurityGroups",
        title: "No SageMaker job, model, notebook, domain or cluster without security groups",
        rationale: "Security groups are what limits the ENIs SageMaker places in the VPC; a separate statement from " +
            "the subnet guardrail, so that either one missing is denied.",
        renderings: ["iam", "scp"],
        actions: PLACED_IN_A_VPC,
        coverageKey: "sagemaker:VpcSecurityGroupIds",
        excluded: {
            ...INHERITS_NETWORK,
            "sagemaker:CreateUserProfile": "a user profile inherits the domain's security groups when it names none",
            "sagemaker:UpdateCluster": UPDATE_WITHOUT_KEY,
            "sagemaker:UpdateDomain": UPDATE_WITHOUT_KEY,
            "sagemaker:UpdateMonitoringSchedule": UPDATE_WITHOUT_KEY,
            "sagemaker:UpdateUserProfile": UPDATE_WITHOUT_KEY,
        },
        condition: () => ({ Null: { "sagemaker:VpcSecurityGroupIds": "true" } }),
    },
    {
        sid: "DenySageMakerVolumesWithoutKms",
        title: "No SageMaker storage volume without a customer-managed key (except instance types with local NVMe storage)",
        rationale: "`sagemaker:VolumeKmsKeyArn` is the current key (the retired `VolumeKmsKey` no longer applies). " +
            "Instance types with local NVMe storage are encrypted in hardware and SageMaker rejects a key for them, " +
            "so a request whose instance types are all such types is not denied.",
        renderings: ["iam", "scp"],
        actions: sm(
            "CreateDataQualityJobDefinition", "CreateHyperParameterTuningJob", "CreateModelBiasJobDefinition",
            "CreateModelExplainabilityJobDefinition", "CreateModelQualityJobDefinition", "CreateMonitoringSchedule",
            "CreateNotebookInstance", "CreateProcessingJob", "CreateTrainingJob", "CreateTransformJob",
        ),
        coverageKey: "sagemaker:VolumeKmsKeyArn",
        excluded: {
            "sagemaker:CreateAutoMLJob": "covered by DenySageMakerStorageWithoutKms (no instance types in the request)",
            "sagemaker:CreateAutoMLJobV2": "covered by DenySageMakerStorageWithoutKms (no instance types in the request)",
            "sagemaker:CreateLabelingJob": "covered by DenySageMakerStorageWithoutKms (no instance types in the request)",
            "sagemaker:CreateDomain": "covered by DenySageMakerStorageWithoutKms (the home file system always takes a key)",
            "sagemaker:CreateEndpointConfig": "serverless and local-storage variants reject a key; the ml-guardrails pack " +
                "checks endpoint configurations variant by variant",
            "sagemaker:UpdateMonitoringSchedule": UPDATE_WITHOUT_KEY,
        },
        condition: () => ({
            "Null": { "sagemaker:VolumeKmsKeyArn": "true" },
            "ForAnyValue:StringNotLike": { "sagemaker:InstanceTypes": LOCAL_STORAGE_INSTANCE_TYPES },
        }),
    },
    {
        sid: "DenySageMakerStorageWithoutKms",
        title: "No Studio domain, AutoML or labeling job without a storage key",
        rationale: "These requests name no instance types (or none that could have local storage), so the " +
            "local-storage exception does not apply.",
        renderings: ["iam", "scp"],
        actions: sm("CreateAutoMLJob", "CreateAutoMLJobV2", "CreateDomain", "CreateLabelingJob"),
        condition: () => ({ Null: { "sagemaker:VolumeKmsKeyArn": "true" } }),
    },
    {
        sid: "DenySageMakerOutputWithoutKms",
        title: "No SageMaker job output without a customer-managed key",
        rationale: "`sagemaker:OutputKmsKeyArn` (not the retired `OutputKmsKey`): model artifacts, processing and " +
            "transform outputs and monitoring reports are encrypted with a key the organization controls.",
        renderings: ["iam", "scp"],
        actions: sm(
            "CreateAutoMLJob", "CreateAutoMLJobV2", "CreateDataQualityJobDefinition", "CreateHyperParameterTuningJob",
            "CreateLabelingJob", "CreateModelBiasJobDefinition", "CreateModelExplainabilityJobDefinition",
            "CreateModelQualityJobDefinition", "CreateMonitoringSchedule", "CreateProcessingJob", "CreateTrainingJob",
            "CreateTransformJob",
        ),
        coverageKey: "sagemaker:OutputKmsKeyArn",
        excluded: {
            "sagemaker:CreateJob": INHERITS_NETWORK["sagemaker:CreateJob"],
            "sagemaker:UpdateMonitoringSchedule": UPDATE_WITHOUT_KEY,
        },
        condition: () => ({ Null: { "sagemaker:OutputKmsKeyArn": "true" } }),
    },
    {
        sid: "DenyNotebookInternetAccess",
        title: "No notebook instance with direct internet access",
        rationale: "Unset means Enabled, so anything but `Disabled` is denied.",
        renderings: ["iam", "scp"],
        actions: sm("CreateNotebookInstance"),
        coverageKey: "sagemaker:DirectInternetAccess",
        condition: () => ({ StringNotEquals: { "sagemaker:DirectInternetAccess": "Disabled" } }),
    },
    {
        sid: "DenyNotebookRootAccess",
        title: "No notebook instance with root access",
        rationale: "Unset means Enabled on creation; an update may only leave it alone or disable it.",
        renderings: ["iam", "scp"],
        actions: sm("CreateNotebookInstance"),
        coverageKey: "sagemaker:RootAccess",
        excluded: { "sagemaker:UpdateNotebookInstance": "covered by DenyNotebookRootAccessOnUpdate" },
        condition: () => ({ StringNotEquals: { "sagemaker:RootAccess": "Disabled" } }),
    },
    {
        sid: "DenyNotebookRootAccessOnUpdate",
        title: "No update that enables root access on a notebook instance",
        rationale: "An update that does not touch root access carries no value and is allowed.",
        renderings: ["iam", "scp"],
        actions: sm("UpdateNotebookInstance"),
        condition: () => ({ StringEquals: { "sagemaker:RootAccess": "Enabled" } }),
    },
    {
        sid: "DenyStudioDomainNotVpcOnly",
        title: "No Studio domain that is not VpcOnly",
        rationale: "Unset means PublicInternetOnly on creation; an update may only leave it alone or set VpcOnly.",
        renderings: ["iam", "scp"],
        actions: sm("CreateDomain"),
        coverageKey: "sagemaker:AppNetworkAccessType",
        excluded: { "sagemaker:UpdateDomain": "covered by DenyStudioDomainNotVpcOnlyOnUpdate" },
        condition: () => ({ StringNotEquals: { "sagemaker:AppNetworkAccessType": "VpcOnly" } }),
    },
    {
        sid: "DenyStudioDomainNotVpcOnlyOnUpdate",
        title: "No update that takes a Studio domain out of VpcOnly",
        rationale: "An update that does not change the network access type carries no value and is allowed: the key " +
            "must be present (`Null: false`), since a negated operator such as `StringNotEquals`, and any `…IfExists`, " +
            "is true for a missing key.",
        renderings: ["iam", "scp"],
        actions: sm("UpdateDomain"),
        condition: () => ({
            Null: { "sagemaker:AppNetworkAccessType": "false" },
            StringNotEquals: { "sagemaker:AppNetworkAccessType": "VpcOnly" },
        }),
    },
    {
        sid: "DenyUnapprovedInstanceTypes",
        title: "No instance type outside the approved list",
        rationale: "Cost and capability control on every action that names instance types (Studio apps, notebooks, " +
            "jobs, endpoints, clusters); `system` is Studio's own default app.",
        renderings: ["iam", "scp"],
        actions: sm(
            "CreateApp", "CreateCluster", "CreateDataQualityJobDefinition", "CreateDomain", "CreateEndpointConfig",
            "CreateHyperParameterTuningJob", "CreateModelBiasJobDefinition", "CreateModelExplainabilityJobDefinition",
            "CreateModelQualityJobDefinition", "CreateMonitoringSchedule", "CreateNotebookInstance",
            "CreateProcessingJob", "CreateSpace", "CreateTrainingJob", "CreateTransformJob", "CreateUserProfile",
            "UpdateCluster", "UpdateDomain", "UpdateMonitoringSchedule", "UpdateNotebookInstance", "UpdateSpace",
            "UpdateTrainingJob", "UpdateUserProfile",
        ),
        coverageKey: "sagemaker:InstanceTypes",
        condition: o => ({ "ForAnyValue:StringNotLike": { "sagemaker:InstanceTypes": o.approvedInstanceTypes } }),
    },
    {
        sid: "DenySageMakerWithoutNetworkIsolation",
        title: "No job, model or monitoring without network isolation (configurable)",
        rationale: "Isolated containers make no outbound calls, so a compromised image or dependency cannot exfiltrate " +
            "data. Absent means not isolated, hence `BoolIfExists`.",
        renderings: ["iam", "scp"],
        actions: sm(
            "CreateDataQualityJobDefinition", "CreateHyperParameterTuningJob", "CreateModel",
            "CreateModelBiasJobDefinition", "CreateModelExplainabilityJobDefinition", "CreateModelQualityJobDefinition",
            "CreateMonitoringSchedule", "CreateProcessingJob", "CreateTrainingJob",
        ),
        coverageKey: "sagemaker:NetworkIsolation",
        excluded: {
            "sagemaker:CreateEndpointConfig": "network isolation of hosting is the model's setting (CreateModel)",
            "sagemaker:UpdateMonitoringSchedule": UPDATE_WITHOUT_KEY,
        },
        condition: o => (o.requireNetworkIsolation ? { BoolIfExists: { "sagemaker:NetworkIsolation": "false" } } : undefined),
    },
    {
        sid: "DenySageMakerWithoutInterContainerEncryption",
        title: "No distributed job or monitoring without inter-container traffic encryption (configurable)",
        rationale: "Traffic between the instances of one job crosses the network in clear text otherwise. Absent means " +
            "not encrypted, hence `BoolIfExists`.",
        renderings: ["iam", "scp"],
        actions: sm(
            "CreateAutoMLJob", "CreateAutoMLJobV2", "CreateDataQualityJobDefinition", "CreateHyperParameterTuningJob",
            "CreateModelBiasJobDefinition", "CreateModelExplainabilityJobDefinition", "CreateModelQualityJobDefinition",
            "CreateMonitoringSchedule", "CreateProcessingJob", "CreateTrainingJob",
        ),
        coverageKey: "sagemaker:InterContainerTrafficEncryption",
        excluded: { "sagemaker:UpdateMonitoringSchedule": UPDATE_WITHOUT_KEY },
        condition: o => (o.requireInterContainerEncryption
            ? { BoolIfExists: { "sagemaker:InterContainerTrafficEncryption": "false" } }
            : undefined),
    },
    {
        sid: "ProtectAuditAndDetection",
        title: "No stopping or deleting CloudTrail, Config, GuardDuty, Security Hub or Macie, and no leaving the organization",
        rationale: "The detective controls must outlive a compromised account admin; only the named platform admin " +
            "role may change them (the SCP adds that exception).",
        renderings: ["scp"],
        actions: [
            "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
            "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel",
            "config:DeleteConfigRule", "config:DeleteConformancePack",
            "guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:DisassociateFromAdministratorAccount",
            "guardduty:DisassociateFromMasterAccount",
            "securityhub:DisableSecurityHub", "securityhub:BatchDisableStandards",
            "securityhub:DisassociateFromAdministratorAccount", "securityhub:DisassociateFromMasterAccount",
            "macie2:DisableMacie", "macie2:DisassociateFromAdministratorAccount", "macie2:DisassociateFromMasterAccount",
            "organizations:LeaveOrganization",
        ],
        condition: () => ({}),
        adminException: true,
    },
];
