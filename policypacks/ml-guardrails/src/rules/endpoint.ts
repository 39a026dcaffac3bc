import { Checker } from "../lib/checker";
import { boolean, integer } from "../lib/config";
import { localStorageInstanceTypes } from "../lib/instance-storage";
import { defineResourcePolicy, forTypes } from "../lib/policy";
import { globToRegExp, isNonEmptyString, read, Read, readAll, show } from "../lib/props";

const AREA = "Endpoint configurations";

const AWS_TYPE = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const NATIVE_TYPE = "aws-native:sagemaker:EndpointConfig";

/** What differs between the providers; every other path is the same camelCase name in both. */
interface EndpointConfigTarget {
    /** The key of the ML storage volumes: `kmsKeyArn` in @pulumi/aws (Terraform's name), `KmsKeyId` in CloudFormation. */
    readonly storageKey: string;
    /** Whether data capture is on when `dataCaptureConfig.enableCapture` is left out. */
    readonly captureByDefault: boolean;
}

const ENDPOINT_CONFIGS: Record<string, EndpointConfigTarget> = {
    // The provider always sends EnableCapture, false when unset (terraform-provider-aws expandDataCaptureConfig;
    // "Defaults to `false`" in the @pulumi/aws docs).
    [AWS_TYPE]: { storageKey: "kmsKeyArn", captureByDefault: false },
    // CloudFormation leaves EnableCapture out, and the API default is enabled (API reference, DataCaptureConfig).
    [NATIVE_TYPE]: { storageKey: "kmsKeyId", captureByDefault: true },
};

type VariantKind = "serverless" | "local-storage" | "ebs" | "unknown";

interface Variant {
    readonly read: Read;
    readonly kind: VariantKind;
    /** The known instance types of the variant (its own and those of its instance pools). */
    readonly instanceTypes: readonly string[];
}

const VARIANT_LISTS = ["productionVariants", "shadowProductionVariants"];

/** The variants of `lists`; an unknown list or element is one variant of kind "unknown". */
function variants(c: Checker, lists: readonly string[] = VARIANT_LISTS, local: readonly RegExp[] = []): Variant[] {
    const out: Variant[] = [];
    for (const list of lists) {
        for (const r of c.all(`${list}[]`)) {
            if (r.state === "unknown") {
                out.push({ read: r, kind: "unknown", instanceTypes: [] });
            } else if (r.state === "known") {
                out.push(classify(r, local));
            }
        }
    }
    return out;
}

function classify(r: Read & { state: "known" }, local: readonly RegExp[]): Variant {
    if (read(r.value, "serverlessConfig").state !== "absent") {
        return { read: r, kind: "serverless", instanceTypes: [] };
    }
    const types = [read(r.value, "instanceType"), ...readAll(r.value, "instancePools[].instanceType")];
    const known = types.flatMap(t => (t.state === "known" && typeof t.value === "string") ? [t.value] : []);
    if (types.some(t => t.state === "unknown")) {
        return { read: r, kind: "unknown", instanceTypes: known };
    }
    const onLocalStorage = known.some(t => local.some(p => p.test(t)));
    return { read: r, kind: onLocalStorage ? "local-storage" : "ebs", instanceTypes: known };
}

function describeVariant(v: Variant): string {
    return `\`${v.read.path}\` (${v.instanceTypes.length ? v.instanceTypes.join(", ") : "no instance type"})`;
}

function checkStorageKey(c: Checker, keyPath: string, localStorage: readonly RegExp[]): void {
    const all = variants(c, VARIANT_LISTS, localStorage);
    const ebs = all.filter(v => v.kind === "ebs");
    const local = all.filter(v => v.kind === "local-storage");
    const undecided = all.filter(v => v.kind === "unknown");
    const key = c.get(keyPath);
    if (key.state !== "absent") {
        c.requireId(keyPath, "KMS key", "kms");
    } else if (ebs.length > 0) {
        const volumes = `\`${keyPath}\` is not set: the ML storage volumes of ${ebs.map(describeVariant).join(", ")} are ` +
            "encrypted with a transient SageMaker key, not a customer-managed one";
        c.fail(keyPath, local.length === 0
            ? `${volumes}; set \`${keyPath}\` to a customer-managed KMS key`
            : `${volumes}, and SageMaker rejects a key while any variant uses local instance storage ` +
              `(${local.map(describeVariant).join(", ")}): move the EBS-backed variants to an endpoint configuration ` +
              `of their own, with \`${keyPath}\` set`);
    } else if (undecided.length > 0) {
        for (const v of undecided) {
            c.unknown(v.read.path, `\`${keyPath}\` is not set, and the instance type (or serverless setting) of ` +
                `\`${v.read.path}\` is unknown during preview: the key is required unless every variant is serverless ` +
                "or uses local NVMe instance storage");
        }
    } else if (all.length === 0) {
        c.requireId(keyPath, "KMS key", "kms");
    }
    // Otherwise every variant uses local instance storage (encrypted in hardware; a key is rejected) or is
    // serverless: no ML storage volume of yours is attached, and the documentation does not say whether
    // a key is accepted then (not confirmed), so it is neither required nor reported.
}

export const endpointConfigKms = defineResourcePolicy({
    name: "sagemaker-endpoint-config-kms",
    description: "SageMaker endpoint configurations must encrypt the hosting storage volumes, captured data, async " +
        "inference output and core dumps with customer-managed KMS keys.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Set the storage volume key: `kmsKeyArn` on aws, `kmsKeyId` on aws-native. It is not required (and " +
        "SageMaker rejects it) when every variant is serverless or uses an instance type with local NVMe storage " +
        "(ml.g5, ml.p4d, ml.m5d, ...), which SageMaker encrypts in hardware; do not mix such variants with EBS-backed " +
        "ones in one configuration. Also set `dataCaptureConfig.kmsKeyId` when `dataCaptureConfig` is set, " +
        "`asyncInferenceConfig.outputConfig.kmsKeyId` when `asyncInferenceConfig` is set, and " +
        "`productionVariants[].coreDumpConfig.kmsKeyId` / `shadowProductionVariants[].coreDumpConfig.kmsKeyId` when a " +
        "variant has a `coreDumpConfig` (same names on both providers). Changing any of them replaces the configuration.",
    controls: {
        awsConfig: ["sagemaker-endpoint-configuration-kms-key-configured", "sagemaker-endpoint-config-kms-key-required"],
        checkov: ["CKV_AWS_98"],
        prowler: ["sagemaker_endpoint_config_kms_encryption_enabled"],
        other: [
            "KICS 58b35504-0287-4154-bf69-02c0573deab8", "KICS 44034eda-1c3f-486a-831d-e09a7dd94354",
            "cdk-nag SageMakerEndpointConfigurationKMSKeyConfigured",
        ],
    },
    config: { localStorageInstanceTypes },
    targets: ENDPOINT_CONFIGS,
    check(c, t, config) {
        checkStorageKey(c, t.storageKey, config.localStorageInstanceTypes.map(globToRegExp));
        if (c.has("dataCaptureConfig")) {
            c.requireId("dataCaptureConfig.kmsKeyId", "KMS key", "kms",
                "`dataCaptureConfig` is set, so captured requests and responses are stored in S3 without a customer-managed key");
        }
        if (c.has("asyncInferenceConfig")) {
            c.requireId("asyncInferenceConfig.outputConfig.kmsKeyId", "KMS key", "kms",
                "`asyncInferenceConfig` is set, so inference results are stored in S3 without a customer-managed key");
        }
        for (const v of variants(c)) {
            if (v.read.state !== "known" || read(v.read.value, "coreDumpConfig").state === "absent") {
                continue;
            }
            const path = `${v.read.path}.coreDumpConfig.kmsKeyId`;
            c.requireIdRead(read(v.read.value, "coreDumpConfig.kmsKeyId"), "KMS key", "kms",
                `\`${v.read.path}.coreDumpConfig\` is set, so core dumps are stored in S3 without a customer-managed key`, path);
        }
    },
});

export const endpointDataCapture = defineResourcePolicy({
    name: "sagemaker-endpoint-data-capture",
    description: "Production SageMaker endpoint configurations must capture the requests and responses of the endpoint " +
        "(CloudTrail does not record InvokeEndpoint), when the stack's config requires it.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: "Set `required: true` in this policy's config for production stacks. Then set `dataCaptureConfig` with " +
        "`enableCapture: true` (on aws unset means false; on aws-native unset means enabled), `destinationS3Uri` (an S3 " +
        "prefix in the ML data bucket), `initialSamplingPercentage` and `captureOptions` (Input and Output), and a " +
        "`kmsKeyId`. Serverless Inference does not support data capture: host such a model on instances, or exempt it.",
    controls: {
        other: [
            "catalog L6: endpoint data capture for production endpoints",
            "seed lab 03: InvokeEndpoint / InvokeEndpointAsync are not logged by CloudTrail",
        ],
    },
    config: {
        required: boolean("Require data capture on every endpoint configuration (a production switch).", false),
    },
    targets: ENDPOINT_CONFIGS,
    check(c, t, config) {
        if (!config.required) {
            return;
        }
        const capture = c.get("dataCaptureConfig");
        if (capture.state === "unknown") {
            c.unknown("dataCaptureConfig", "`dataCaptureConfig` is unknown during preview; data capture is required");
            return;
        }
        if (capture.state === "absent") {
            const production = variants(c, ["productionVariants"]);
            const serverless = production.length > 0 && production.every(v => v.kind === "serverless");
            c.fail("dataCaptureConfig", serverless
                ? "`dataCaptureConfig` is not set, and data capture is required, but Serverless Inference does not " +
                  "support it: host the model on instances, or exempt this endpoint configuration"
                : "`dataCaptureConfig` is not set: requests to the endpoint and its responses are not recorded, and " +
                  "CloudTrail does not log InvokeEndpoint; set it with `enableCapture: true` and `destinationS3Uri`");
            return;
        }
        if (t.captureByDefault) {
            c.forbidEquals("dataCaptureConfig.enableCapture", false, "set it to true: data capture is required");
        } else {
            const enable = c.get("dataCaptureConfig.enableCapture");
            if (enable.state === "absent") {
                c.fail("dataCaptureConfig.enableCapture", "`dataCaptureConfig.enableCapture` is not set (unset means " +
                    "false: the provider turns capture off); set it to true");
            } else {
                c.requireEquals("dataCaptureConfig.enableCapture", true);
            }
        }
        const destination = c.get("dataCaptureConfig.destinationS3Uri");
        // An unknown URI is accepted: it is usually built from a bucket created in the same stack, and the
        // provider requires a value. Only a missing or empty one is a finding.
        if (destination.state === "absent") {
            c.fail(destination.path, "`dataCaptureConfig.destinationS3Uri` is not set; set it to the S3 prefix that " +
                "receives the captured data");
        } else if (destination.state === "known" && !isNonEmptyString(destination.value)) {
            c.fail(destination.path, `\`dataCaptureConfig.destinationS3Uri\` is ${show(destination.value)}, which is ` +
                "not an S3 URI");
        }
    },
});

export const endpointInstanceCount = defineResourcePolicy({
    name: "sagemaker-endpoint-instance-count",
    description: "Instance-based production variants should start with enough instances to survive the loss of one " +
        "instance or Availability Zone.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "advisory",
    remediation: "Set `productionVariants[].initialInstanceCount` to at least `minInstanceCount` (2 by default) for " +
        "every variant that is not serverless; SageMaker spreads the instances over Availability Zones. Same names " +
        "on aws-native.",
    controls: {
        securityHub: ["SageMaker.4"],
        awsConfig: ["sagemaker-endpoint-config-prod-instance-count"],
        prowler: ["sagemaker_endpoint_config_prod_variant_instances"],
    },
    config: {
        minInstanceCount: integer("The fewest instances an instance-based production variant may start with.", 2, 1),
    },
    targets: ENDPOINT_CONFIGS,
    check(c, _t, config) {
        const min = config.minInstanceCount;
        for (const v of variants(c, ["productionVariants"])) {
            if (v.kind === "serverless") {
                continue;
            }
            if (v.read.state !== "known") {
                c.unknown(v.read.path, `\`${v.read.path}\` is unknown during preview; an instance-based variant ` +
                    `should have \`initialInstanceCount\` of at least ${min}`);
                continue;
            }
            const count = read(v.read.value, "initialInstanceCount");
            const path = `${v.read.path}.initialInstanceCount`;
            if (count.state === "unknown") {
                c.unknown(path, `\`${path}\` is unknown during preview; it should be at least ${min}`);
            } else if (count.state === "absent") {
                c.fail(path, `\`${path}\` is not set; set it to at least ${min}`);
            } else if (typeof count.value !== "number" || count.value < min) {
                c.fail(path, `\`${path}\` is ${show(count.value)}; it should be at least ${min}, so that the ` +
                    "variant survives the loss of an instance or Availability Zone");
            }
        }
    },
});

export const endpointSsmAccessDisabled = defineResourcePolicy({
    name: "sagemaker-endpoint-ssm-access-disabled",
    description: "SageMaker endpoint variants must not allow SSM sessions into the instances that host the model.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Remove `enableSsmAccess` from `productionVariants[]` and `shadowProductionVariants[]`, or set it to " +
        "false (the default). Debug a model with a copy deployed to a non-production account instead. On aws-native " +
        "the property is `enableSsmAccess` too (CloudFormation `EnableSSMAccess`).",
    controls: { other: ["catalog N15: endpoint variants enableSsmAccess off"] },
    // aws-native: CloudFormation's EnableSSMAccess camel-cased as `enableSsmAccess` (the CDK spelling; the
    // aws-native SDK type could not be read to confirm it).
    targets: forTypes(Object.keys(ENDPOINT_CONFIGS), VARIANT_LISTS),
    check(c, lists) {
        for (const list of lists) {
            c.forbidEquals(`${list}[].enableSsmAccess`, true, "set it to false or leave it out: SSM access opens " +
                "interactive shell sessions on the instances that host the model and its data");
        }
    },
});

export const endpointPolicies = [endpointConfigKms, endpointDataCapture, endpointInstanceCount, endpointSsmAccessDisabled];
