import { Checker } from "../lib/checker";
import { localStorageInstanceTypes } from "../lib/instance-storage";
import { defineResourcePolicy } from "../lib/policy";
import { globToRegExp } from "../lib/props";

const AREA = "Training, tuning and labeling jobs";

const TRAINING = "aws:sagemaker/trainingJob:TrainingJob";
const TUNING = "aws:sagemaker/hyperParameterTuningJob:HyperParameterTuningJob";
const LABELING = "aws:sagemaker/labelingJob:LabelingJob";
const FLOW = "aws:sagemaker/flowDefinition:FlowDefinition";
/*
 * aws-native names are the CloudFormation ones, checked against the pulumi-aws-native SDK:
 * AWS::SageMaker::ProcessingJob `NetworkConfig.{EnableNetworkIsolation, EnableInterContainerTrafficEncryption,
 * VpcConfig}`, `ProcessingOutputConfig.KmsKeyId`, `ProcessingResources.ClusterConfig.{InstanceType, VolumeKmsKeyId}`;
 * AWS::SageMaker::Cluster (HyperPod) `VpcConfig` and `InstanceGroups[].OverrideVpcConfig`
 * (`RestrictedInstanceGroups[].OverrideVpcConfig` is only seen in the SDK's replaceOnChanges list).
 * aws-native has no training, tuning, labeling or flow-definition resource.
 */
const PROCESSING = "aws-native:sagemaker:ProcessingJob";
const CLUSTER = "aws-native:sagemaker:Cluster";

/** Where a tuning job's training settings live: the single definition, or each of the list. */
const TUNING_DEFINITIONS = ["trainingJobDefinition", "trainingJobDefinitions[]"];
const AUTOMATED_LABELING = "labelingJobAlgorithmsConfig.labelingJobResourceConfig";

/**
 * Runs `check` on each object found at `scopes` (alternative paths, `[]` for each list element; `""` is
 * the resource itself) as if it were the resource, then files its findings under the scope's path.
 * When no scope holds anything, the first one is checked as an empty object, so that its settings are
 * reported as not set, unless `onlyWhenPresent`.
 */
function inScopes(c: Checker, scopes: readonly string[], check: (s: Checker) => void, onlyWhenPresent = false): void {
    if (scopes.length === 1 && scopes[0] === "") {
        check(c);
        return;
    }
    const found = scopes.flatMap(scope => c.all(scope)).filter(r => r.state !== "absent");
    if (found.length === 0 && !onlyWhenPresent) {
        found.push({ state: "known", path: scopes[0], value: {} });
    }
    for (const r of found) {
        if (r.state === "unknown") {
            c.unknown(r.path, `\`${r.path}\` is unknown during preview`);
            continue;
        }
        if (r.state !== "known") {
            continue;
        }
        const inner = new Checker(c.type, r.value as Record<string, unknown>);
        check(inner);
        const under = (path: string) => (path === "" ? r.path : `${r.path}.${path}`);
        for (const f of inner.findings) {
            // Every back-quoted part of a Checker message is a path relative to the scope.
            const message = f.message.replace(/`([^`]*)`/g, (_m, path: string) => `\`${under(path)}\``);
            c.findings.push({ ...f, path: under(f.path), message });
        }
    }
}

/** Property paths of a job's VPC settings. */
interface JobVpc {
    /** Where the job's settings live (see inScopes). */
    readonly scopes: readonly string[];
    /** Only when a scope is present (automated data labeling, which is optional). */
    readonly onlyWhenPresent?: boolean;
    /** The `{subnets, securityGroupIds}` object, relative to the scope. */
    readonly vpcConfig: string;
    /** VPC configs that replace it for part of the resource, checked where present. */
    readonly overrides?: readonly string[];
}

function requireVpc(c: Checker, vpcConfig: string): void {
    const at = (key: string) => (vpcConfig === "" ? key : `${vpcConfig}.${key}`);
    c.requireIds(at("subnets"), "subnet id", "subnet");
    c.requireIds(at("securityGroupIds"), "security group id", "securityGroup");
}

const VPC_TARGETS: Record<string, JobVpc> = {
    [TRAINING]: { scopes: [""], vpcConfig: "vpcConfig" },
    [TUNING]: { scopes: TUNING_DEFINITIONS, vpcConfig: "vpcConfig" },
    [LABELING]: { scopes: [AUTOMATED_LABELING], onlyWhenPresent: true, vpcConfig: "vpcConfig" },
    [PROCESSING]: { scopes: [""], vpcConfig: "networkConfig.vpcConfig" },
    [CLUSTER]: {
        scopes: [""], vpcConfig: "vpcConfig",
        overrides: ["instanceGroups[].overrideVpcConfig", "restrictedInstanceGroups[].overrideVpcConfig"],
    },
};

export const jobInVpc = defineResourcePolicy({
    name: "sagemaker-job-in-vpc",
    description: "SageMaker training, tuning, processing and automated-labeling jobs and HyperPod clusters must run in " +
        "subnets of a customer VPC, with security groups.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `vpcConfig.subnets` (private subnets of the ML VPC) and `vpcConfig.securityGroupIds` on the " +
        "training job; on a tuning job, in `trainingJobDefinition.vpcConfig` or in every `trainingJobDefinitions[].vpcConfig`; " +
        `on a labeling job with automated labeling, in \`${AUTOMATED_LABELING}.vpcConfig\`. aws-native: ` +
        "ProcessingJob `networkConfig.vpcConfig.{subnets, securityGroupIds}`; Cluster `vpcConfig.{subnets, " +
        "securityGroupIds}` (and the same in any `instanceGroups[].overrideVpcConfig`).",
    controls: {
        prowler: ["sagemaker_training_jobs_vpc_settings_configured"],
        other: ["sagemaker:VpcSubnets / VpcSecurityGroupIds condition keys (data-perimeter SCP, seed lab)"],
    },
    targets: VPC_TARGETS,
    check(c, t) {
        inScopes(c, t.scopes, job => requireVpc(job, t.vpcConfig), t.onlyWhenPresent);
        for (const override of t.overrides ?? []) {
            inScopes(c, [override], vpc => requireVpc(vpc, ""), true);
        }
    },
});

/** A boolean setting of a job that must be true: where the job's settings live, and its path there. */
interface JobSetting {
    readonly scopes: readonly string[];
    readonly path: string;
}

const ISOLATION_TARGETS: Record<string, JobSetting> = {
    [TRAINING]: { scopes: [""], path: "enableNetworkIsolation" },
    [TUNING]: { scopes: TUNING_DEFINITIONS, path: "enableNetworkIsolation" },
    [PROCESSING]: { scopes: [""], path: "networkConfig.enableNetworkIsolation" },
};

export const jobNetworkIsolation = defineResourcePolicy({
    name: "sagemaker-job-network-isolation",
    description: "SageMaker training, tuning and processing jobs must run with network isolation.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `enableNetworkIsolation: true` on the training job (unset means the containers can make outbound " +
        "network calls); on a tuning job, in `trainingJobDefinition` or in every `trainingJobDefinitions[]`. " +
        "aws-native ProcessingJob: `networkConfig.enableNetworkIsolation: true`.",
    controls: {
        prowler: ["sagemaker_training_jobs_network_isolation_enabled"],
        other: ["sagemaker:NetworkIsolation condition key"],
    },
    targets: ISOLATION_TARGETS,
    check(c, t) {
        inScopes(c, t.scopes, job => job.requireEquals(t.path, true, "network isolation is off"));
    },
});

const TRAFFIC_TARGETS: Record<string, JobSetting> = {
    [TRAINING]: { scopes: [""], path: "enableInterContainerTrafficEncryption" },
    [TUNING]: { scopes: TUNING_DEFINITIONS, path: "enableInterContainerTrafficEncryption" },
    [PROCESSING]: { scopes: [""], path: "networkConfig.enableInterContainerTrafficEncryption" },
};

export const jobTrafficEncryption = defineResourcePolicy({
    name: "sagemaker-job-traffic-encryption",
    description: "SageMaker training, tuning and processing jobs must encrypt the traffic between their containers.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: "Set `enableInterContainerTrafficEncryption: true` on the training job (unset means traffic between " +
        "the job's instances is not encrypted); on a tuning job, in `trainingJobDefinition` or in every " +
        "`trainingJobDefinitions[]`. aws-native ProcessingJob: `networkConfig.enableInterContainerTrafficEncryption: true`.",
    controls: {
        prowler: ["sagemaker_training_jobs_intercontainer_encryption_enabled"],
        other: ["sagemaker:InterContainerTrafficEncryption condition key"],
    },
    targets: TRAFFIC_TARGETS,
    check(c, t) {
        inScopes(c, t.scopes, job => job.requireEquals(t.path, true, "traffic between instances is not encrypted"));
    },
});

/** One KMS key of a job. */
interface KmsSlot {
    /** The object that holds the key, relative to the job (alternatives, see inScopes). */
    readonly at: readonly string[];
    readonly key: string;
    /** Only when the object is present (the output of a processing job that has none, automated labeling). */
    readonly onlyWhenPresent?: boolean;
    /** The volume's instance types, relative to `at`: SageMaker refuses a volume key for local NVMe storage. */
    readonly instanceTypes?: readonly string[];
}

interface JobKms {
    readonly scopes: readonly string[];
    readonly slots: readonly KmsSlot[];
}

const OUTPUT_DATA: KmsSlot = { at: ["outputDataConfig"], key: "kmsKeyId" };

const KMS_TARGETS: Record<string, JobKms> = {
    [TRAINING]: {
        scopes: [""],
        slots: [OUTPUT_DATA, { at: ["resourceConfig"], key: "volumeKmsKeyId", instanceTypes: ["instanceType", "instanceGroups[].instanceType"] }],
    },
    [TUNING]: {
        scopes: TUNING_DEFINITIONS,
        slots: [OUTPUT_DATA, {
            at: ["resourceConfig", "hyperParameterTuningResourceConfig"], key: "volumeKmsKeyId",
            instanceTypes: ["instanceType", "instanceGroups[].instanceType", "instanceConfigs[].instanceType"],
        }],
    },
    [LABELING]: {
        scopes: [""],
        slots: [{ at: ["outputConfig"], key: "kmsKeyId" }, { at: [AUTOMATED_LABELING], key: "volumeKmsKeyId", onlyWhenPresent: true }],
    },
    [PROCESSING]: {
        scopes: [""],
        slots: [
            { at: ["processingOutputConfig"], key: "kmsKeyId", onlyWhenPresent: true },
            { at: ["processingResources.clusterConfig"], key: "volumeKmsKeyId", instanceTypes: ["instanceType"] },
        ],
    },
};

export const jobKms = defineResourcePolicy({
    name: "sagemaker-job-kms",
    description: "SageMaker training, tuning, processing and labeling jobs must encrypt their output and their " +
        "storage volumes with customer-managed KMS keys.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Training job: set `outputDataConfig.kmsKeyId` and `resourceConfig.volumeKmsKeyId`. Tuning job: the " +
        "same in `trainingJobDefinition` or every `trainingJobDefinitions[]` (`hyperParameterTuningResourceConfig." +
        "volumeKmsKeyId` when that is used instead of `resourceConfig`). Labeling job: `outputConfig.kmsKeyId`, and " +
        `\`${AUTOMATED_LABELING}.volumeKmsKeyId\` with automated labeling. aws-native ProcessingJob: ` +
        "`processingOutputConfig.kmsKeyId` and `processingResources.clusterConfig.volumeKmsKeyId`. Instance types with " +
        "local NVMe storage (`localStorageInstanceTypes`) take no volume key: their storage is hardware-encrypted.",
    controls: {
        prowler: ["sagemaker_training_jobs_volume_and_output_encryption_enabled"],
        other: ["sagemaker:OutputKmsKeyArn / VolumeKmsKeyArn condition keys"],
    },
    config: {
        localStorageInstanceTypes,
    },
    targets: KMS_TARGETS,
    check(c, t, config) {
        const local = config.localStorageInstanceTypes.map(globToRegExp);
        const localStorage = (s: Checker, paths: readonly string[]) => paths.some(path => s.all(path).some(r =>
            r.state === "known" && typeof r.value === "string" && local.some(p => p.test(r.value as string))));
        inScopes(c, t.scopes, job => {
            for (const slot of t.slots) {
                inScopes(job, slot.at, s => {
                    if (!slot.instanceTypes || !localStorage(s, slot.instanceTypes)) {
                        s.requireId(slot.key, "KMS key", "kms");
                    }
                }, slot.onlyWhenPresent);
            }
        });
    },
});

export const trainingRemoteDebugDisabled = defineResourcePolicy({
    name: "sagemaker-training-remote-debug-disabled",
    description: "SageMaker training jobs must not allow remote debugging (a shell in the training containers).",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Remove `remoteDebugConfig` or set `remoteDebugConfig.enableRemoteDebug: false`.",
    controls: { other: ["sagemaker:EnableRemoteDebug condition key"] },
    targets: { [TRAINING]: "remoteDebugConfig.enableRemoteDebug" },
    check(c, path) {
        c.forbidEquals(path, true, "remote debugging gives an SSM shell inside the training containers; set it to false");
    },
});

/** The public crowd's work team: `arn:aws:sagemaker:<region>:394669845002:workteam/public-crowd/default`. */
const PUBLIC_CROWD = /:workteam\/public-crowd\//;

interface HumanTask {
    readonly price: string;
    readonly workteam: string;
}

const HUMAN_TASK_TARGETS: Record<string, HumanTask> = {
    [LABELING]: { price: "humanTaskConfig.publicWorkforceTaskPrice", workteam: "humanTaskConfig.workteamArn" },
    [FLOW]: { price: "humanLoopConfig.publicWorkforceTaskPrice", workteam: "humanLoopConfig.workteamArn" },
};

export const privateWorkforce = defineResourcePolicy({
    name: "sagemaker-private-workforce",
    description: "SageMaker labeling jobs and human review workflows must use a private work team, never the public " +
        "crowd (Amazon Mechanical Turk workers see the data).",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Remove `humanTaskConfig.publicWorkforceTaskPrice` (labeling job) or " +
        "`humanLoopConfig.publicWorkforceTaskPrice` (flow definition), and set `workteamArn` to a private work team " +
        "(`aws.sagemaker.Workteam`).",
    controls: { other: ["sagemaker:WorkteamType condition key (deny public-crowd)"] },
    targets: HUMAN_TASK_TARGETS,
    check(c, t) {
        const price = c.get(t.price);
        if (price.state === "known") {
            c.fail(price.path, `\`${price.path}\` is set, which sends the tasks to the public crowd; remove it`);
        } else if (price.state === "unknown") {
            c.unknown(price.path, `\`${price.path}\` is unknown during preview; it must not be set`);
        }
        // The public crowd's ARN is a literal; an unknown ARN is computed (a Workteam in the stack), so it is private.
        const team = c.get(t.workteam);
        if (team.state === "known" && typeof team.value === "string" && PUBLIC_CROWD.test(team.value)) {
            c.fail(team.path, `\`${team.path}\` is the public crowd work team; use a private work team`);
        }
    },
});

export const jobsPolicies = [
    jobInVpc, jobNetworkIsolation, jobTrafficEncryption, jobKms, trainingRemoteDebugDisabled, privateWorkforce,
];
