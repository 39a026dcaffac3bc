import { stringList } from "../lib/config";
import { defineResourcePolicy, forTypes } from "../lib/policy";

const AREA = "Notebook instances";

/** Property names of a notebook instance, per provider. */
interface Notebook {
    readonly subnet: string;
    readonly securityGroups: string;
}

const NOTEBOOKS: Record<string, Notebook> = {
    "aws:sagemaker/notebookInstance:NotebookInstance": { subnet: "subnetId", securityGroups: "securityGroups" },
    "aws-native:sagemaker:NotebookInstance": { subnet: "subnetId", securityGroups: "securityGroupIds" },
};

export const notebookInVpc = defineResourcePolicy({
    name: "sagemaker-notebook-in-vpc",
    description: "SageMaker notebook instances must run in a subnet of a customer VPC, with security groups.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `subnetId` to a private subnet of the ML VPC and `securityGroups` to the notebook " +
        "security groups (aws-native: `subnetId`, `securityGroupIds`).",
    controls: {
        securityHub: ["SageMaker.2"],
        awsConfig: ["sagemaker-notebook-instance-inside-vpc"],
        checkov: ["CKV_AWS_306"],
        prowler: ["sagemaker_notebook_instance_vpc_settings_configured"],
        controlTower: ["CT.SAGEMAKER.PR.2"],
    },
    targets: NOTEBOOKS,
    check(c, t) {
        c.requireId(t.subnet, "subnet id", "subnet");
        c.requireIds(t.securityGroups, "security group id", "securityGroup");
    },
});

/*
 * `directInternetAccess` forces a replacement of an existing notebook instance (lib/replacement.ts):
 * the instance and its ML storage volume are deleted and recreated. A fix at the remediate level
 * would do that to a running notebook without asking, so this policy blocks instead.
 */
const REPLACES_NOTEBOOK = "Changing it on an existing notebook instance replaces the instance: Pulumi deletes it and " +
    "its ML storage volume (the notebooks and data under /home/ec2-user/SageMaker) and creates a new one, so copy the " +
    "data out first (to S3 or a Git repository)";

export const notebookNoDirectInternet = defineResourcePolicy({
    name: "sagemaker-notebook-no-direct-internet",
    description: "SageMaker notebook instances must not have direct internet access.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `directInternetAccess: \"Disabled\"` (unset means \"Enabled\") with `subnetId` and `securityGroups`; " +
        "reach AWS services through the VPC endpoints. On an existing notebook instance the change replaces the " +
        "instance and deletes its ML storage volume: copy the notebooks and data out first. There is no remediate " +
        "level for this policy for that reason.",
    controls: {
        securityHub: ["SageMaker.1"],
        awsConfig: ["sagemaker-notebook-no-direct-internet-access"],
        checkov: ["CKV_AWS_122"],
        prowler: ["sagemaker_notebook_instance_without_direct_internet_access_configured"],
        controlTower: ["CT.SAGEMAKER.PR.1"],
    },
    targets: forTypes(Object.keys(NOTEBOOKS), "directInternetAccess"),
    check(c, path) {
        c.requireEquals(path, "Disabled", "\"Enabled\"", REPLACES_NOTEBOOK);
    },
});

/** What updating `rootAccess` or the IMDS setting does to a running notebook instance. */
const RESTARTS_NOTEBOOK = "On an existing notebook instance this is an update in place, not a replacement (neither " +
    "input is ForceNew in the `aws` provider nor create-only in AWS::SageMaker::NotebookInstance), and the ML storage " +
    "volume is kept; but SageMaker updates only a stopped instance, so the `aws` provider stops a running instance, " +
    "updates it and starts it again: open notebooks and running kernels are interrupted.";

export const notebookRootAccessDisabled = defineResourcePolicy({
    name: "sagemaker-notebook-root-access-disabled",
    description: "Users must not have root access on SageMaker notebook instances.",
    area: AREA,
    severity: "high",
    enforcementLevel: "remediate",
    remediation: "Set `rootAccess: \"Disabled\"` (unset means \"Enabled\"). The remediate level sets it for you.",
    controls: {
        securityHub: ["SageMaker.3"],
        awsConfig: ["sagemaker-notebook-instance-root-access-check"],
        checkov: ["CKV_AWS_307"],
        prowler: ["sagemaker_notebook_instance_root_access_disabled"],
        controlTower: ["CT.SAGEMAKER.PR.3"],
    },
    targets: forTypes(Object.keys(NOTEBOOKS), "rootAccess"),
    check(c, path) {
        c.requireEquals(path, "Disabled", "\"Enabled\"");
    },
    remediate: { fixes: path => [{ path, value: "Disabled" }], effect: RESTARTS_NOTEBOOK },
});

export const notebookKms = defineResourcePolicy({
    name: "sagemaker-notebook-kms",
    description: "SageMaker notebook instance storage must be encrypted with a customer-managed KMS key.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `kmsKeyId` to the ARN of a customer-managed key (it cannot be changed later: the " +
        "notebook is replaced).",
    controls: {
        securityHub: ["SageMaker.21"],
        awsConfig: ["sagemaker-notebook-instance-kms-key-configured", "sagemaker-notebook-instance-storage-vol-kms-encrypted"],
        checkov: ["CKV_AWS_22", "CKV_AWS_187"],
        prowler: ["sagemaker_notebook_instance_encryption_enabled"],
    },
    targets: forTypes(Object.keys(NOTEBOOKS), "kmsKeyId"),
    check(c, path) {
        c.requireId(path, "KMS key", "kms");
    },
});

const IMDS = "instanceMetadataServiceConfiguration.minimumInstanceMetadataServiceVersion";

export const notebookImdsV2 = defineResourcePolicy({
    name: "sagemaker-notebook-imdsv2",
    description: "SageMaker notebook instances must only accept IMDSv2.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "remediate",
    remediation: `Set \`${IMDS}: "2"\`. The remediate level sets it for you.`,
    controls: { checkov: ["CKV_AWS_371"] },
    targets: forTypes(Object.keys(NOTEBOOKS), IMDS),
    check(c, path) {
        c.requireEquals(path, "2", "IMDSv1 is allowed");
    },
    remediate: { fixes: path => [{ path, value: "2" }], effect: RESTARTS_NOTEBOOK },
});

export const notebookSupportedPlatform = defineResourcePolicy({
    name: "sagemaker-notebook-supported-platform",
    description: "SageMaker notebook instances should run on a supported platform.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "advisory",
    remediation: "Set `platformIdentifier` to a supported platform (by default `notebook-al2023-v1`).",
    controls: {
        securityHub: ["SageMaker.8"],
        awsConfig: ["sagemaker-notebook-instance-platform-version"],
    },
    config: {
        supportedPlatforms: stringList("Notebook platform identifiers that are supported.", ["notebook-al2023-v1"]),
    },
    targets: forTypes(Object.keys(NOTEBOOKS), "platformIdentifier"),
    check(c, path, config) {
        c.requireOneOf(path, config.supportedPlatforms, "the service picks an older default platform");
    },
});

export const notebookPolicies = [
    notebookInVpc, notebookNoDirectInternet, notebookRootAccessDisabled, notebookKms, notebookImdsV2,
    notebookSupportedPlatform,
];
