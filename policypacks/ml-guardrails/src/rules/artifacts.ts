import { defineResourcePolicy, forTypes } from "../lib/policy";
import { show } from "../lib/props";

const AREA = "Other SageMaker artifacts";

/** One KMS key an artifact must name; `when`: only when that path holds something. */
interface ArtifactKey {
    readonly key: string;
    readonly when?: string;
}

/*
 * aws-native names are the CloudFormation ones, checked against the pulumi-aws-native SDK: ModelCard
 * `SecurityConfig.KmsKeyId`, DeviceFleet `OutputConfig.KmsKeyId` (EdgeOutputConfig), InferenceExperiment
 * `KmsKey` and `DataStorageConfig.KmsKey`. aws-native has no FlowDefinition; aws has no InferenceExperiment.
 */
const ARTIFACT_KEYS: Record<string, readonly ArtifactKey[]> = {
    "aws:sagemaker/flowDefinition:FlowDefinition": [{ key: "outputConfig.kmsKeyId" }],
    "aws:sagemaker/modelCard:ModelCard": [{ key: "securityConfig.kmsKeyId" }],
    "aws:sagemaker/deviceFleet:DeviceFleet": [{ key: "outputConfig.kmsKeyId" }],
    "aws-native:sagemaker:ModelCard": [{ key: "securityConfig.kmsKeyId" }],
    "aws-native:sagemaker:DeviceFleet": [{ key: "outputConfig.kmsKeyId" }],
    "aws-native:sagemaker:InferenceExperiment": [{ key: "kmsKey" }, { key: "dataStorageConfig.kmsKey", when: "dataStorageConfig" }],
};

export const artifactKms = defineResourcePolicy({
    name: "sagemaker-artifact-kms",
    description: "SageMaker human-review outputs, model cards, edge device fleet outputs and inference experiments must " +
        "be encrypted with customer-managed KMS keys.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: "Set the customer-managed key: FlowDefinition and DeviceFleet `outputConfig.kmsKeyId`; ModelCard " +
        "`securityConfig.kmsKeyId` (aws and aws-native); aws-native InferenceExperiment `kmsKey` (the endpoint's " +
        "storage volumes) and, when it captures data, `dataStorageConfig.kmsKey`.",
    controls: {
        securityHub: ["SageMaker.23", "SageMaker.24"],
        awsConfig: ["sagemaker-inf-experiment-instance-storage-kms-encrypted", "sagemaker-inf-experiment-data-storage-kms-encrypted"],
        checkov: ["CKV_AWS_372"],
    },
    targets: ARTIFACT_KEYS,
    check(c, keys) {
        for (const { key, when } of keys) {
            if (when === undefined || c.has(when)) {
                c.requireId(key, "KMS key", "kms");
            }
        }
    },
});

const WORKFORCES = ["aws:sagemaker/workforce:Workforce", "aws-native:sagemaker:Workforce"];
const OPEN_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

export const workforcePrivateNetwork = defineResourcePolicy({
    name: "sagemaker-workforce-private-network",
    description: "SageMaker private workforces should only let workers in from known networks (a VPC or listed IP ranges).",
    area: AREA,
    severity: "medium",
    enforcementLevel: "advisory",
    remediation: "Set `sourceIpConfig.cidrs` to the corporate IP ranges (not `0.0.0.0/0`), or `workforceVpcConfig` " +
        "with `subnets` and `securityGroupIds` (and `vpcId`) so that workers reach the labeling portal through the VPC. " +
        "Same paths in aws and aws-native.",
    controls: { other: ["catalog N16: private workforce reachable only through the VPC or from listed IP ranges"] },
    targets: forTypes(WORKFORCES, true),
    check(c) {
        const inVpc = c.has("workforceVpcConfig");
        if (inVpc) {
            c.requireIds("workforceVpcConfig.subnets", "subnet id", "subnet");
            c.requireIds("workforceVpcConfig.securityGroupIds", "security group id", "securityGroup");
        }
        const cidrs = c.get("sourceIpConfig.cidrs");
        const list = cidrs.state === "known" && Array.isArray(cidrs.value) ? cidrs.value : [];
        const open = list.filter(cidr => typeof cidr === "string" && OPEN_CIDRS.has(cidr.trim()));
        if (open.length > 0) {
            c.fail(cidrs.path, `\`${cidrs.path}\` allows ${show(open)}, which is any address; list the corporate ranges`);
        } else if (!inVpc && cidrs.state !== "unknown" && list.length === 0) {
            c.fail("sourceIpConfig", "neither `sourceIpConfig.cidrs` nor `workforceVpcConfig` is set: workers can sign in " +
                "to the labeling portal from any address");
        }
    },
});

export const artifactsPolicies = [artifactKms, workforcePrivateNetwork];
