/**
 * For every guardrail statement, one request it denies and one it allows (the same action, the
 * context differing only in what the guardrail is about). The allowed request passes every other
 * guardrail too, so it proves the guardrails together still let compliant work through.
 */
export const ACCOUNT = "222233334444";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0c7f1e2a-5b6d-4c3e-8f9a-1b2c3d4e5f60`;
const arn = (resource: string, service = "sagemaker") => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

/** A compliant SageMaker job request: in the VPC, encrypted, isolated, on an approved instance type. */
const JOB = {
    "sagemaker:VpcSubnets": ["subnet-0abc1234"],
    "sagemaker:VpcSecurityGroupIds": ["sg-0abc1234"],
    "sagemaker:VolumeKmsKeyArn": KEY,
    "sagemaker:OutputKmsKeyArn": KEY,
    "sagemaker:InstanceTypes": ["ml.m5.xlarge"],
    "sagemaker:NetworkIsolation": "true",
    "sagemaker:InterContainerTrafficEncryption": "true",
};
const without = (context: Record<string, string | string[]>, key: string) =>
    Object.fromEntries(Object.entries(context).filter(([k]) => k !== key));

const NOTEBOOK = {
    "sagemaker:VpcSubnets": ["subnet-0abc1234"], "sagemaker:VpcSecurityGroupIds": ["sg-0abc1234"],
    "sagemaker:VolumeKmsKeyArn": KEY, "sagemaker:InstanceTypes": ["ml.t3.medium"],
    "sagemaker:DirectInternetAccess": "Disabled", "sagemaker:RootAccess": "Disabled",
};
const DOMAIN = {
    "sagemaker:VpcSubnets": ["subnet-0abc1234"], "sagemaker:VpcSecurityGroupIds": ["sg-0abc1234"],
    "sagemaker:VolumeKmsKeyArn": KEY, "sagemaker:InstanceTypes": ["system", "ml.t3.medium"],
    "sagemaker:AppNetworkAccessType": "VpcOnly",
};
const AUTOML = without(without(without(JOB, "sagemaker:InstanceTypes"), "sagemaker:NetworkIsolation"), "sagemaker:VpcSubnets");

export interface Example {
    action: string;
    resource: string;
    allowed: Record<string, string | string[]>;
    denied: Record<string, string | string[]>;
    /** The principal when it matters (the SCP's admin exception). */
    principal?: string;
}

export const EXAMPLES: Record<string, Example> = {
    DenySageMakerWithoutVpcSubnets: { action: "sagemaker:CreateTrainingJob", resource: arn("training-job/t"), allowed: JOB, denied: without(JOB, "sagemaker:VpcSubnets") },
    DenySageMakerWithoutSecurityGroups: { action: "sagemaker:CreateModel", resource: arn("model/m"), allowed: { "sagemaker:VpcSubnets": ["subnet-0abc1234"], "sagemaker:VpcSecurityGroupIds": ["sg-0abc1234"], "sagemaker:NetworkIsolation": "true" }, denied: { "sagemaker:VpcSubnets": ["subnet-0abc1234"], "sagemaker:NetworkIsolation": "true" } },
    DenySageMakerVolumesWithoutKms: { action: "sagemaker:CreateProcessingJob", resource: arn("processing-job/p"), allowed: { ...without(JOB, "sagemaker:VolumeKmsKeyArn"), "sagemaker:InstanceTypes": ["ml.g5.2xlarge"] }, denied: without(JOB, "sagemaker:VolumeKmsKeyArn") },
    DenySageMakerStorageWithoutKms: { action: "sagemaker:CreateDomain", resource: arn("domain/d"), allowed: DOMAIN, denied: without(DOMAIN, "sagemaker:VolumeKmsKeyArn") },
    DenySageMakerOutputWithoutKms: { action: "sagemaker:CreateTransformJob", resource: arn("transform-job/t"), allowed: { "sagemaker:VolumeKmsKeyArn": KEY, "sagemaker:OutputKmsKeyArn": KEY, "sagemaker:InstanceTypes": ["ml.m5.large"] }, denied: { "sagemaker:VolumeKmsKeyArn": KEY, "sagemaker:InstanceTypes": ["ml.m5.large"] } },
    DenyNotebookInternetAccess: { action: "sagemaker:CreateNotebookInstance", resource: arn("notebook-instance/n"), allowed: NOTEBOOK, denied: without(NOTEBOOK, "sagemaker:DirectInternetAccess") },
    DenyNotebookRootAccess: { action: "sagemaker:CreateNotebookInstance", resource: arn("notebook-instance/n"), allowed: NOTEBOOK, denied: { ...NOTEBOOK, "sagemaker:RootAccess": "Enabled" } },
    DenyNotebookRootAccessOnUpdate: { action: "sagemaker:UpdateNotebookInstance", resource: arn("notebook-instance/n"), allowed: { "sagemaker:InstanceTypes": ["ml.t3.large"] }, denied: { "sagemaker:RootAccess": "Enabled" } },
    DenyStudioDomainNotVpcOnly: { action: "sagemaker:CreateDomain", resource: arn("domain/d"), allowed: DOMAIN, denied: { ...DOMAIN, "sagemaker:AppNetworkAccessType": "PublicInternetOnly" } },
    DenyStudioDomainNotVpcOnlyOnUpdate: { action: "sagemaker:UpdateDomain", resource: arn("domain/d"), allowed: {}, denied: { "sagemaker:AppNetworkAccessType": "PublicInternetOnly" } },
    DenyUnapprovedInstanceTypes: { action: "sagemaker:CreateTrainingJob", resource: arn("training-job/t"), allowed: JOB, denied: { ...JOB, "sagemaker:InstanceTypes": ["ml.m5.xlarge", "ml.p5.48xlarge"] } },
    DenySageMakerWithoutNetworkIsolation: { action: "sagemaker:CreateTrainingJob", resource: arn("training-job/t"), allowed: JOB, denied: { ...JOB, "sagemaker:NetworkIsolation": "false" } },
    DenySageMakerWithoutInterContainerEncryption: { action: "sagemaker:CreateAutoMLJobV2", resource: arn("automl-job/a"), allowed: { ...AUTOML, "sagemaker:VpcSubnets": ["subnet-0abc1234"] }, denied: { ...AUTOML, "sagemaker:VpcSubnets": ["subnet-0abc1234"], "sagemaker:InterContainerTrafficEncryption": "false" } },
    ProtectAuditAndDetection: { action: "cloudtrail:StopLogging", resource: arn("trail/org-trail", "cloudtrail"), allowed: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/PlatformAdmin` }, denied: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole` } },
};
