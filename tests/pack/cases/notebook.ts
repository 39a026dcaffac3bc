import { KEY_ARN, KMS_KEY, PolicyCase, SECURITY_GROUP, SUBNET, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../case";

const NB = "aws:sagemaker/notebookInstance:NotebookInstance";
const NATIVE = "aws-native:sagemaker:NotebookInstance";

/** A notebook instance that every notebook policy accepts. */
export const compliantNotebook = {
    instanceType: "ml.t3.medium",
    roleArn: "arn:aws:iam::111122223333:role/ml-exec",
    subnetId: "subnet-0abc1234",
    securityGroups: ["sg-0abc1234"],
    directInternetAccess: "Disabled",
    rootAccess: "Disabled",
    kmsKeyId: KEY_ARN,
    platformIdentifier: "notebook-al2023-v1",
    instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: "2" },
};

export const cases: PolicyCase[] = [
    // sagemaker-notebook-in-vpc
    { title: "notebook in a subnet with security groups", policy: "sagemaker-notebook-in-vpc", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "notebook without a subnet", policy: "sagemaker-notebook-in-vpc", type: NB, props: { ...compliantNotebook, subnetId: undefined }, expect: "mandatory", message: /subnetId/ },
    { title: "an empty string is not a subnet", policy: "sagemaker-notebook-in-vpc", type: NB, props: { ...compliantNotebook, subnetId: "" }, expect: "mandatory", message: /subnetId/ },
    { title: "notebook with an empty security group list", policy: "sagemaker-notebook-in-vpc", type: NB, props: { ...compliantNotebook, securityGroups: [] }, expect: "mandatory", message: /securityGroups/ },
    { title: "aws-native notebook without security groups", policy: "sagemaker-notebook-in-vpc", type: NATIVE, props: { ...compliantNotebook, securityGroups: undefined }, expect: "mandatory", message: /securityGroupIds/ },
    { title: "unknown subnet and security groups from resources in the stack", policy: "sagemaker-notebook-in-vpc", type: NB, props: { ...compliantNotebook, subnetId: UNKNOWN, securityGroups: UNKNOWN_ARRAY }, dependsOn: { subnetId: [SUBNET], securityGroups: [SECURITY_GROUP] }, expect: "pass" },
    { title: "unknown subnet that does not come from a subnet", policy: "sagemaker-notebook-in-vpc", type: NB, props: { ...compliantNotebook, subnetId: UNKNOWN }, dependsOn: { subnetId: [KMS_KEY] }, expect: "mandatory", message: /does not come from a subnet/ },
    // sagemaker-notebook-no-direct-internet (mandatory: the change replaces an existing notebook, so it is never remediated)
    { title: "direct internet access disabled", policy: "sagemaker-notebook-no-direct-internet", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "direct internet access enabled blocks, saying the change replaces the instance", policy: "sagemaker-notebook-no-direct-internet", type: NB, props: { ...compliantNotebook, directInternetAccess: "Enabled" }, expect: "mandatory", message: /"Enabled"; it must be "Disabled"\. Changing it on an existing notebook instance replaces the instance: .*ML storage volume/ },
    { title: "configured at the remediate level it still blocks: there is no safe fix", policy: "sagemaker-notebook-no-direct-internet", type: NATIVE, props: { ...compliantNotebook, directInternetAccess: "Enabled" }, config: { enforcementLevel: "remediate" }, expect: "mandatory", message: /replaces the instance/ },
    { title: "unset direct internet access means Enabled", policy: "sagemaker-notebook-no-direct-internet", type: NB, props: { ...compliantNotebook, directInternetAccess: undefined }, expect: "mandatory", message: /unset means "Enabled"/ },
    { title: "a known bad value blocks while other inputs are unknown", policy: "sagemaker-notebook-no-direct-internet", type: NB, props: { ...compliantNotebook, directInternetAccess: "Enabled", kmsKeyId: UNKNOWN, subnetId: UNKNOWN }, expect: "mandatory" },
    { title: "unknown direct internet access cannot be verified", policy: "sagemaker-notebook-no-direct-internet", type: NB, props: { ...compliantNotebook, directInternetAccess: UNKNOWN }, expect: "mandatory", message: /cannot be verified before the update/ },
    // sagemaker-notebook-kms
    { title: "notebook with a KMS key", policy: "sagemaker-notebook-kms", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "notebook without a KMS key", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: undefined }, expect: "mandatory", message: /kmsKeyId/ },
    { title: "unknown key from a KMS key in the stack counts as set", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: UNKNOWN }, dependsOn: { kmsKeyId: [KMS_KEY] }, expect: "pass" },
    { title: "unknown key from an alias in the stack counts as set", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: UNKNOWN }, dependsOn: { kmsKeyId: ["aws:kms/alias:Alias"] }, expect: "pass" },
    { title: "unknown key with no KMS provenance blocks", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: UNKNOWN }, expect: "mandatory", message: /does not come from a KMS key or alias/ },
    { title: "any string is not a KMS key", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: "foo" }, expect: "mandatory", message: /"foo", which is not a key id, key ARN, alias name \(`alias\/\.\.\.`\) or alias ARN of a KMS key/ },
    { title: "the AWS managed key is not customer-managed", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: "alias/aws/sagemaker" }, expect: "mandatory", message: /names an AWS managed key/ },
    { title: "the AWS managed key's alias ARN is not customer-managed either", policy: "sagemaker-notebook-kms", type: NATIVE, props: { ...compliantNotebook, kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:alias/aws/sagemaker" }, expect: "mandatory", message: /AWS managed key/ },
    ...["1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab", "alias/ml/notebooks",
        "arn:aws:kms:us-east-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", "arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/ml-data"]
        .map((kmsKeyId): PolicyCase => ({ title: `a key named by ${kmsKeyId}`, policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId }, expect: "pass" })),
    { title: "a key ARN with a malformed key id", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/abc" }, expect: "mandatory", message: /is not a key id/ },
    { title: "exempted notebook is reported as advisory", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: undefined }, config: { exemptions: [{ urn: "*NotebookInstance::*", reason: "vendor appliance", expires: "2999-12-31" }] }, expect: "advisory", message: /Exempted until 2999-12-31: vendor appliance/ },
    { title: "an expired exemption no longer applies", policy: "sagemaker-notebook-kms", type: NB, props: { ...compliantNotebook, kmsKeyId: undefined }, config: { exemptions: [{ urn: "*", reason: "migration", expires: "2020-01-31" }] }, expect: "mandatory", message: /expired on 2020-01-31/ },
    // sagemaker-notebook-root-access-disabled
    { title: "root access disabled", policy: "sagemaker-notebook-root-access-disabled", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "root access enabled is remediated", policy: "sagemaker-notebook-root-access-disabled", type: NB, props: { ...compliantNotebook, rootAccess: "Enabled" }, expect: "remediated" },
    { title: "root access unset blocks at mandatory", policy: "sagemaker-notebook-root-access-disabled", type: NATIVE, props: { ...compliantNotebook, rootAccess: undefined }, config: { enforcementLevel: "mandatory" }, expect: "mandatory" },
    { title: "unknown root access is not remediated and cannot be verified", policy: "sagemaker-notebook-root-access-disabled", type: NB, props: { ...compliantNotebook, rootAccess: UNKNOWN }, expect: "mandatory", message: /cannot be verified before the update/ },
    // sagemaker-notebook-imdsv2
    { title: "IMDSv2 only", policy: "sagemaker-notebook-imdsv2", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "IMDSv1 allowed is remediated", policy: "sagemaker-notebook-imdsv2", type: NB, props: { ...compliantNotebook, instanceMetadataServiceConfiguration: undefined }, expect: "remediated" },
    { title: "IMDSv1 blocks at mandatory", policy: "sagemaker-notebook-imdsv2", type: NB, props: { ...compliantNotebook, instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: "1" } }, config: { enforcementLevel: "mandatory" }, expect: "mandatory" },
    { title: "unknown IMDS settings cannot be verified", policy: "sagemaker-notebook-imdsv2", type: NB, props: { ...compliantNotebook, instanceMetadataServiceConfiguration: UNKNOWN_OBJECT }, expect: "mandatory", message: /unknown during preview/ },
    // sagemaker-notebook-supported-platform
    { title: "supported platform", policy: "sagemaker-notebook-supported-platform", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "old platform is advisory", policy: "sagemaker-notebook-supported-platform", type: NB, props: { ...compliantNotebook, platformIdentifier: "notebook-al1-v1" }, expect: "advisory", message: /notebook-al1-v1/ },
    { title: "platform list from config", policy: "sagemaker-notebook-supported-platform", type: NB, props: { ...compliantNotebook, platformIdentifier: "notebook-al2-v3" }, config: { supportedPlatforms: ["notebook-al2-v3", "notebook-al2023-v1"] }, expect: "pass" },
    { title: "unknown platform is reported at the policy's level", policy: "sagemaker-notebook-supported-platform", type: NB, props: { ...compliantNotebook, platformIdentifier: UNKNOWN }, expect: "advisory", message: /unknown during preview/ },
];
