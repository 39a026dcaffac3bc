import { Checker } from "../lib/checker";
import { defineResourcePolicy, forTypes } from "../lib/policy";
import { read, Read, show } from "../lib/props";

const AREA = "Models";

/*
 * `aws:sagemaker/model:Model` (@pulumi/aws 7.48, sagemaker/model.d.ts) and `aws-native:sagemaker:Model`
 * (AWS::SageMaker::Model: VpcConfig.{Subnets, SecurityGroupIds}, EnableNetworkIsolation,
 * PrimaryContainer / Containers[].ImageConfig.RepositoryAccessMode) use the same camelCase paths.
 */
const MODEL_TYPES = ["aws:sagemaker/model:Model", "aws-native:sagemaker:Model"];

const SERVERLESS_NOTE = "Serverless Inference supports neither a VPC nor network isolation: a model served only by a " +
    "serverless endpoint is recorded with an exemption of this policy.";

export const modelInVpc = defineResourcePolicy({
    name: "sagemaker-model-in-vpc",
    description: "SageMaker models must run their containers in a customer VPC, with subnets and security groups.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set `vpcConfig.subnets` to private subnets of the ML VPC and `vpcConfig.securityGroupIds` to the " +
        "inference security groups (same names on aws-native; note `subnets`, not `subnetIds`). " + SERVERLESS_NOTE,
    controls: {
        awsConfig: ["sagemaker-model-in-vpc"],
        prowler: ["sagemaker_models_vpc_settings_configured"],
        other: ["data-perimeter SCP: deny CreateModel when sagemaker:VpcSubnets is null"],
    },
    targets: forTypes(MODEL_TYPES, true),
    check(c) {
        c.requireIds("vpcConfig.subnets", "subnet id", "subnet");
        c.requireIds("vpcConfig.securityGroupIds", "security group id", "securityGroup");
    },
});

export const modelNetworkIsolation = defineResourcePolicy({
    name: "sagemaker-model-network-isolation",
    description: "SageMaker models must run with network isolation: their containers make no outbound network calls.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: "Set `enableNetworkIsolation: true` (unset means false). The container then reads its model artifacts " +
        "only from `modelDataUrl` / `modelDataSource` staged by SageMaker, so download models from hubs at build time, " +
        "not at start-up. Same name on aws-native. " + SERVERLESS_NOTE,
    controls: {
        securityHub: ["SageMaker.5"],
        awsConfig: ["sagemaker-model-isolation-enabled"],
        checkov: ["CKV_AWS_370"],
        prowler: ["sagemaker_models_network_isolation_enabled"],
        other: ["sagemaker:NetworkIsolation condition key"],
    },
    targets: forTypes(MODEL_TYPES, "enableNetworkIsolation"),
    check(c, path) {
        c.requireEquals(path, true, "false");
    },
});

const ACCESS_MODE = "imageConfig.repositoryAccessMode";

/** A container's `imageConfig.repositoryAccessMode` should be "Vpc"; unset (or no `imageConfig`) means "Platform". */
function checkAccessMode(c: Checker, container: Read): void {
    if (container.state === "unknown") {
        c.unknown(container.path, `\`${container.path}\` is unknown during preview; its \`${ACCESS_MODE}\` should be "Vpc"`);
        return;
    }
    if (container.state !== "known") {
        return;
    }
    // Checker paths have no index syntax, so the element is read from its own value.
    const mode = read(container.value, ACCESS_MODE);
    const path = `${container.path}.${ACCESS_MODE}`;
    if (mode.state === "unknown") {
        c.unknown(path, `\`${path}\` is unknown during preview; it should be "Vpc"`);
    } else if (mode.state === "absent") {
        c.fail(path, `\`${path}\` is not set (unset means "Platform": the image is pulled from ECR); set it to "Vpc"`);
    } else if (mode.value !== "Vpc") {
        c.fail(path, `\`${path}\` is ${show(mode.value)}; it should be "Vpc"`);
    }
}

export const modelPrivateRegistry = defineResourcePolicy({
    name: "sagemaker-model-private-registry",
    description: "SageMaker model containers should pull their images from a registry inside the VPC " +
        "(advisory: ECR images reached through the VPC's ECR endpoints are already private).",
    area: AREA,
    severity: "medium",
    enforcementLevel: "advisory",
    remediation: "This mirrors Security Hub SageMaker.16/19, which fail unless `imageConfig.repositoryAccessMode` is " +
        "\"Vpc\". It is advisory because \"Platform\" mode (the default) with an ECR image pulled through the VPC's " +
        "ecr.api / ecr.dkr interface endpoints never leaves AWS's network; \"Vpc\" mode is for images in a self-hosted " +
        "(non-ECR) registry in your VPC. To comply, set `primaryContainer.imageConfig.repositoryAccessMode: \"Vpc\"` and " +
        "`containers[].imageConfig.repositoryAccessMode: \"Vpc\"` (plus `repositoryAuthConfig` when the registry needs " +
        "credentials, and `vpcConfig`); otherwise exempt the model or switch this policy off. Same names on aws-native.",
    controls: {
        securityHub: ["SageMaker.16", "SageMaker.19"],
        awsConfig: ["sagemaker-model-private-registry-required", "sagemaker-model-multicontainer-private-registry"],
    },
    targets: forTypes(MODEL_TYPES, true),
    check(c) {
        // A model without `primaryContainer` uses `containers` (an inference pipeline), and the other way round.
        for (const container of [...c.all("primaryContainer"), ...c.all("containers[]")]) {
            checkAccessMode(c, container);
        }
    },
});

export const modelPolicies = [modelInVpc, modelNetworkIsolation, modelPrivateRegistry];
