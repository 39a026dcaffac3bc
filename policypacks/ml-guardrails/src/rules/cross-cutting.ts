import { DEFAULT_INSTANCE_TYPES } from "../facts";
import { Checker } from "../lib/checker";
import { stringList } from "../lib/config";
import { defineResourcePolicy, MlResourcePolicy } from "../lib/policy";
import { findProperties, globToRegExp, show } from "../lib/props";

const AREA = "Every SageMaker resource";

/** Every SageMaker type, in both providers: these policies read properties by name, not by path. */
const EVERY_SAGEMAKER_TYPE = { "aws:sagemaker/*": true, "aws-native:sagemaker:*": true } as const;

export const approvedInstanceTypes = defineResourcePolicy({
    name: "sagemaker-approved-instance-types",
    description: "SageMaker resources may only use approved instance types.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: "Use an instance type from the approved list, or add the type to `approvedInstanceTypes` in the " +
        "policy config (reviewed like any other change to the guardrails).",
    controls: { other: ["sagemaker:InstanceTypes condition key", "seed lab: stop unapproved instance types"] },
    config: {
        approvedInstanceTypes: stringList(
            "Instance types SageMaker resources may use; `ml.m5.*` allows a family, `system` is Studio's default app.",
            [...DEFAULT_INSTANCE_TYPES],
            { pattern: "^(system|ml\\.[a-z0-9*][a-z0-9.*-]*)$", hint: "use an ML instance type (ml.m5.xlarge), a family (ml.m5.*) or system" },
        ),
    },
    targets: EVERY_SAGEMAKER_TYPE,
    check(c, _t, config) {
        const allowed = config.approvedInstanceTypes.map(globToRegExp);
        for (const r of findProperties(c.props, key => key === "instanceType")) {
            if (r.state === "unknown") {
                c.unknown(r.path, `\`${r.path}\` (an instance type) is unknown during preview`);
            } else if (r.state === "known" && !(typeof r.value === "string" && allowed.some(p => p.test(r.value as string)))) {
                c.fail(r.path, `\`${r.path}\` is ${show(r.value)}, which is not an approved instance type ` +
                    `(approved: ${config.approvedInstanceTypes.join(", ")})`);
            }
        }
    },
});

/** A known value at a property whose name says what it holds must be in an allowlist (empty list: any). */
function requireListed(c: Checker, match: (key: string) => boolean, allowlist: readonly string[], what: string, field: string): void {
    if (allowlist.length === 0) {
        return;
    }
    const allowed = allowlist.map(globToRegExp);
    for (const r of findProperties(c.props, match)) {
        // Unknown values are checked on `pulumi up`: no provenance can prove which key or subnet it will be.
        if (r.state !== "known") {
            continue;
        }
        const values = Array.isArray(r.value) ? r.value : [r.value];
        values.forEach((value, i) => {
            if (typeof value === "string" && !allowed.some(p => p.test(value))) {
                const at = Array.isArray(r.value) ? `${r.path}[${i}]` : r.path;
                c.fail(at, `\`${at}\` is ${show(value)}, which is not ${what} listed in \`${field}\``);
            }
        });
    }
}

const KMS_PROPERTY = /^(kmsKeyId|kmsKeyArn|kmsKey|volumeKmsKeyId|s3KmsKeyId)$/;

export const approvedKmsKeys = defineResourcePolicy({
    name: "sagemaker-approved-kms-keys",
    description: "SageMaker resources may only use the organization's approved KMS keys (when a list is configured).",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Use a key listed in `allowedKmsKeys` (full key or alias ARNs; `*` matches any run of characters, " +
        "e.g. `arn:aws:kms:*:111122223333:key/*`).",
    controls: { other: ["sagemaker:VolumeKmsKeyArn / OutputKmsKeyArn condition keys", "awsConfig kmsKeyArns parameter"] },
    config: {
        allowedKmsKeys: stringList("KMS key or alias ARNs SageMaker resources may use; empty allows any key.", [],
            { pattern: "^arn:aws[a-z-]*:kms:", hint: "use a KMS key or alias ARN (arn:aws:kms:...)" }),
    },
    targets: EVERY_SAGEMAKER_TYPE,
    check(c, _t, config) {
        requireListed(c, key => KMS_PROPERTY.test(key), config.allowedKmsKeys, "a KMS key", "allowedKmsKeys");
    },
});

export const approvedSubnets = defineResourcePolicy({
    name: "sagemaker-approved-subnets",
    description: "SageMaker resources may only be placed in the approved subnets (when a list is configured).",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Use a subnet listed in `allowedSubnetIds` (the private subnets of the ML VPCs).",
    controls: { other: ["sagemaker:VpcSubnets condition key (ForAllValues:StringEquals)"] },
    config: {
        allowedSubnetIds: stringList("Subnet ids SageMaker resources may use; empty allows any subnet.", [],
            { pattern: "^subnet-[0-9a-f*]+$", hint: "use a subnet id (subnet-0abc...)" }),
    },
    targets: EVERY_SAGEMAKER_TYPE,
    check(c, _t, config) {
        requireListed(c, key => key === "subnetId" || key === "subnetIds" || key === "subnets",
            config.allowedSubnetIds, "a subnet", "allowedSubnetIds");
    },
});

/** `@pulumi/aws` SageMaker resources without a `tags` input (v7.48). */
const UNTAGGABLE = new Set([
    "aws:sagemaker/device:Device", "aws:sagemaker/imageVersion:ImageVersion",
    "aws:sagemaker/modelCardExportJob:ModelCardExportJob", "aws:sagemaker/modelPackageGroupPolicy:ModelPackageGroupPolicy",
    "aws:sagemaker/servicecatalogPortfolioStatus:ServicecatalogPortfolioStatus", "aws:sagemaker/workforce:Workforce",
]);

/** Tag keys of a tags input: a map (`aws`) or a list of `{key, value}` (`aws-native`). */
function tagKeys(tags: unknown): string[] {
    if (Array.isArray(tags)) {
        return tags.flatMap(t => (t && typeof t === "object" && typeof (t as { key?: unknown }).key === "string")
            ? [(t as { key: string }).key] : []);
    }
    return tags && typeof tags === "object" ? Object.keys(tags) : [];
}

/** The provider's `defaultTags.tags` keys; provider inputs may arrive JSON-encoded. */
function defaultTagKeys(providerProps: Record<string, unknown> | undefined): string[] {
    let value: unknown = providerProps?.defaultTags;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch {
            return [];
        }
    }
    return value && typeof value === "object" ? tagKeys((value as { tags?: unknown }).tags) : [];
}

/*
 * Security Hub SageMaker.6 and SageMaker.7 (and the Config *-tagged rules they run): with
 * `requiredKeyTags` the resource must carry those keys; without it, it fails when it has no tag key
 * at all. System tags (`aws:` keys) do not count. This policy judges the same way, for every
 * taggable SageMaker resource.
 */
const isUserTag = (key: string) => !key.startsWith("aws:");

export const requiredTags = defineResourcePolicy({
    name: "sagemaker-required-tags",
    description: "SageMaker resources should carry tags: the organization's required keys, or at least one tag when none are configured.",
    area: AREA,
    severity: "low",
    enforcementLevel: "advisory",
    remediation: "Add the missing tags to the resource, or to the provider's `defaultTags` so every resource gets them. " +
        "With no `requiredTags` configured, any tag (other than `aws:` system tags) satisfies the policy, as in Security " +
        "Hub SageMaker.6/.7 without `requiredKeyTags`.",
    controls: {
        securityHub: ["SageMaker.6", "SageMaker.7"],
        awsConfig: ["sagemaker-domain-tagged", "sagemaker-feature-group-tagged", "sagemaker-image-tagged",
            "sagemaker-app-image-config-tagged", "sagemaker-inferenceexperiment-tagged"],
    },
    config: {
        requiredTags: stringList("Tag keys every taggable SageMaker resource must carry (resource or provider default tags); " +
            "empty: at least one tag.", []),
    },
    targets: EVERY_SAGEMAKER_TYPE,
    check(c, _t, config, context) {
        if (UNTAGGABLE.has(c.type)) {
            return;
        }
        const r = c.get("tags");
        if (r.state === "unknown") {
            c.unknown("tags", "`tags` is unknown during preview");
            return;
        }
        const present = new Set([...tagKeys(r.state === "known" ? r.value : undefined), ...defaultTagKeys(context.provider?.props)]
            .filter(isUserTag));
        if (config.requiredTags.length === 0) {
            if (present.size === 0) {
                c.fail("tags", "the resource has no tags, and the provider no `defaultTags` (Security Hub SageMaker.6/.7 " +
                    "fail an untagged resource)");
            }
            return;
        }
        const missing = config.requiredTags.filter(k => !present.has(k));
        if (missing.length > 0) {
            c.fail("tags", `missing required tag${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);
        }
    },
});

/**
 * SageMaker types reviewed and found to carry no network, encryption or access setting of their own
 * (their data lives in resources the other policies check). Everything else that no policy names is
 * reported by `sagemaker-unreviewed-resource-type`.
 */
export const REVIEWED_WITHOUT_CONTROLS = [
    "aws:sagemaker/endpoint:Endpoint", "aws:sagemaker/app:App", "aws:sagemaker/appImageConfig:AppImageConfig",
    "aws:sagemaker/imageVersion:ImageVersion", "aws:sagemaker/device:Device",
    "aws:sagemaker/humanTaskUI:HumanTaskUI", "aws:sagemaker/modelPackageGroup:ModelPackageGroup",
    "aws:sagemaker/project:Project", "aws:sagemaker/codeRepository:CodeRepository",
    "aws:sagemaker/servicecatalogPortfolioStatus:ServicecatalogPortfolioStatus",
    "aws:sagemaker/modelCardExportJob:ModelCardExportJob", "aws:sagemaker/hub:Hub",
    "aws:sagemaker/hubContentReference:HubContentReference", "aws:sagemaker/workteam:Workteam",
    "aws-native:sagemaker:Endpoint", "aws-native:sagemaker:App", "aws-native:sagemaker:AppImageConfig",
    "aws-native:sagemaker:ImageVersion", "aws-native:sagemaker:Device",
    "aws-native:sagemaker:ModelPackageGroup", "aws-native:sagemaker:Project",
    "aws-native:sagemaker:Workteam",
];

/** Reports SageMaker resources of a type that no policy of the pack has reviewed. */
export function unreviewedResourceType(covered: readonly string[]): MlResourcePolicy {
    const known = new Set([...covered, ...REVIEWED_WITHOUT_CONTROLS]);
    return defineResourcePolicy({
        name: "sagemaker-unreviewed-resource-type",
        description: "SageMaker resource types that ml-guardrails has not reviewed are reported, so nothing is created unseen.",
        area: AREA,
        severity: "medium",
        enforcementLevel: "advisory",
        remediation: "Ask the platform team to review the type and add its controls to ml-guardrails; until then check " +
            "its network, encryption and access settings by hand.",
        controls: { other: ["catalog §5: SageMaker types outside the pack would otherwise bypass it"] },
        targets: EVERY_SAGEMAKER_TYPE,
        check(c) {
            if (!known.has(c.type)) {
                c.fail("", `\`${c.type}\` is not reviewed by ml-guardrails: no policy checks its network, encryption or access settings`);
            }
        },
    });
}

export const crossCuttingPolicies = [approvedInstanceTypes, approvedKmsKeys, approvedSubnets, requiredTags];
