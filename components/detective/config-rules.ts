/**
 * The AWS Config managed rules DetectiveControls deploys, as data: the SageMaker rules (the catalog
 * of /work/shared/reference/sagemaker-controls.md §1 plus `sagemaker-inferenceexperiment-tagged`,
 * found on the Config rule pages while building this list) and the S3, CloudTrail, KMS, CloudWatch Logs
 * and VPC rules the ML platform relies on.
 *
 * Region availability. Each Config rule page states where the rule exists ("Only available in …" or
 * "All supported AWS regions except …"). `availability` keeps what each page copy that was read says,
 * with the region names exactly as printed (regions.ts maps them); copies of the same page read at
 * different times sometimes disagree (the lists grow), and then the rule is created only where every
 * copy says it exists. A rule whose page could not be read has no statement (`[]`): it is created only
 * in the `unverifiedRuleRegions` of the component (default MAIN_COMMERCIAL_REGIONS). Creating a rule
 * where it does not exist fails the deployment, so the lists err on the side of leaving a rule out.
 *
 * Sources: https://docs.aws.amazon.com/config/latest/developerguide/<rule-name>.html (the page of each
 * rule; read through the documentation search, partly as translated or China-region copies, and as an
 * undated markdown copy of the same pages), the Security Hub CSPM page "Security Hub CSPM controls for
 * SageMaker AI" for the SH column, and awslabs/aws-config-rules
 * `aws-config-conformance-packs/Amazon-Sagemaker-AI-Security-and-Governance-Best-Practices.yaml` for
 * the parameter names.
 */
import * as pulumi from "@pulumi/pulumi";
import { isRegionCode, regionCodes } from "./regions";

export const CONFIG_RULE_DOCS = "https://docs.aws.amazon.com/config/latest/developerguide";

/** What one copy of a rule page says about regions. */
export type Availability =
    | { readonly only: readonly string[]; readonly from: string }
    | { readonly except: readonly string[]; readonly from: string };

/** An AWS managed Config rule. */
export interface ManagedRuleSpec {
    /** The rule's name on its page (`sagemaker-model-in-vpc`); the deployed rule is `<component>-<name>`. */
    readonly name: string;
    /** `source.sourceIdentifier` (`SAGEMAKER_MODEL_IN_VPC`). */
    readonly identifier: string;
    /** The resource types it evaluates (documentation only). */
    readonly resourceTypes: readonly string[];
    /** Periodic rules get `maximumExecutionFrequency`; change-triggered ones do not take it. */
    readonly trigger: "change" | "periodic";
    /** The Security Hub control that runs it, if any. */
    readonly securityHub?: string;
    /** Region statements of the page copies read; empty: not confirmed. */
    readonly availability: readonly Availability[];
    /** Default input parameters (values as Config takes them: strings, lists as CSV). */
    readonly parameters?: Readonly<Record<string, string>>;
}

const PAGE = "rule page (docs.aws.amazon.com)";
const COPY = "rule page (undated markdown copy)";
const TRANSLATED = "rule page (translated copy)";
const CN = "rule page (docs.amazonaws.cn)";

/** The model-monitoring rules' "Only available in" list (sagemaker-data-quality-job-isolation). */
const MONITORING_REGIONS = [
    "Europe (Stockholm)", "Middle East (Bahrain)", "Asia Pacific (Mumbai)", "Europe (Paris)", "US East (Ohio)",
    "Europe (Ireland)", "Europe (Frankfurt)", "South America (Sao Paulo)", "Asia Pacific (Hong Kong)",
    "US East (N. Virginia)", "Asia Pacific (Seoul)", "Asia Pacific (Osaka)", "Europe (London)", "Asia Pacific (Tokyo)",
    "US West (Oregon)", "US West (N. California)", "Asia Pacific (Singapore)", "Asia Pacific (Sydney)", "Canada (Central)",
] as const;
const without = (list: readonly string[], name: string) => list.filter(r => r !== name);

/** The exception list most SageMaker notebook pages print. */
const NOTEBOOK_EXCEPT = [
    "Asia Pacific (Thailand)", "Middle East (UAE)", "Asia Pacific (Hyderabad)", "Asia Pacific (Malaysia)",
    "Asia Pacific (Melbourne)", "AWS GovCloud (US-East)", "AWS GovCloud (US-West)", "Mexico (Central)",
    "Israel (Tel Aviv)", "Asia Pacific (Taipei)", "Canada West (Calgary)", "Europe (Spain)", "Europe (Zurich)",
];
/** The exception list of the model and domain pages. */
const MODEL_EXCEPT = [
    "China (Beijing)", "Asia Pacific (Thailand)", "Middle East (UAE)", "Asia Pacific (Hyderabad)", "Asia Pacific (Malaysia)",
    "Asia Pacific (Melbourne)", "AWS GovCloud (US-East)", "AWS GovCloud (US-West)", "Mexico (Central)", "Israel (Tel Aviv)",
    "Asia Pacific (Taipei)", "Canada West (Calgary)", "Europe (Spain)", "China (Ningxia)", "Europe (Zurich)",
];
/** The exception list of the feature-group and image tag/description pages. */
const FEATURE_GROUP_EXCEPT = [
    "China (Beijing)", "Asia Pacific (Thailand)", "Middle East (UAE)", "Asia Pacific (Hyderabad)", "Asia Pacific (Malaysia)",
    "Asia Pacific (Melbourne)", "AWS GovCloud (US-East)", "AWS GovCloud (US-West)", "Mexico (Central)",
    "Asia Pacific (Taipei)", "Canada West (Calgary)", "China (Ningxia)", "Europe (Zurich)",
];
/** The exception list of the feature-store encryption pages. */
const FEATURE_STORE_EXCEPT = [
    "Asia Pacific (New Zealand)", "Middle East (Bahrain)", "Asia Pacific (Thailand)", "Middle East (UAE)",
    "Asia Pacific (Hyderabad)", "Asia Pacific (Malaysia)", "Asia Pacific (Melbourne)", "AWS GovCloud (US-East)",
    "AWS GovCloud (US-West)", "Mexico (Central)", "Asia Pacific (Taipei)", "Canada West (Calgary)",
];
/** The exception list of the job-definition encryption pages that are not region-restricted. */
const JOB_EXCEPT = [
    "China (Beijing)", "Asia Pacific (Thailand)", "Asia Pacific (Jakarta)", "Africa (Cape Town)", "Middle East (UAE)",
    "Asia Pacific (Hyderabad)", "Asia Pacific (Malaysia)", "Asia Pacific (Melbourne)", "Europe (Milan)",
    "AWS GovCloud (US-East)", "AWS GovCloud (US-West)", "Mexico (Central)", "Israel (Tel Aviv)", "Asia Pacific (Taipei)",
    "Canada West (Calgary)", "Europe (Spain)", "China (Ningxia)", "Europe (Zurich)",
];
const NZ = "Asia Pacific (New Zealand)";

const NOTEBOOK = "AWS::SageMaker::NotebookInstance";
const ENDPOINT_CONFIG = "AWS::SageMaker::EndpointConfig";
const MODEL = "AWS::SageMaker::Model";
const DOMAIN = "AWS::SageMaker::Domain";
const FEATURE_GROUP = "AWS::SageMaker::FeatureGroup";
const IMAGE = "AWS::SageMaker::Image";
const INFERENCE_EXPERIMENT = "AWS::SageMaker::InferenceExperiment";

/** Notebook platform the platform-version rule accepts by default (Security Hub SageMaker.8; the pack's default). */
export const DEFAULT_NOTEBOOK_PLATFORMS: readonly string[] = ["notebook-al2023-v1"];

/** The SageMaker managed rules: the 34 of the reference catalog, and sagemaker-inferenceexperiment-tagged. */
export const SAGEMAKER_CONFIG_RULES: readonly ManagedRuleSpec[] = [
    {
        name: "sagemaker-notebook-no-direct-internet-access", identifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
        resourceTypes: [NOTEBOOK], trigger: "periodic", securityHub: "SageMaker.1",
        availability: [{ except: ["Asia Pacific (Thailand)", "Asia Pacific (Malaysia)", "Mexico (Central)", "Asia Pacific (Taipei)"], from: COPY }],
    },
    {
        name: "sagemaker-notebook-instance-inside-vpc", identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC",
        resourceTypes: [NOTEBOOK], trigger: "change", securityHub: "SageMaker.2",
        availability: [{ except: NOTEBOOK_EXCEPT, from: PAGE }, { except: [NZ, ...NOTEBOOK_EXCEPT], from: TRANSLATED }],
    },
    {
        name: "sagemaker-notebook-instance-root-access-check", identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK",
        resourceTypes: [NOTEBOOK], trigger: "change", securityHub: "SageMaker.3",
        availability: [{ except: NOTEBOOK_EXCEPT, from: COPY }],
    },
    {
        name: "sagemaker-notebook-instance-kms-key-configured", identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED",
        resourceTypes: [NOTEBOOK], trigger: "periodic",
        availability: [{ except: ["Asia Pacific (Thailand)", "Asia Pacific (Malaysia)", "Asia Pacific (Melbourne)", "Mexico (Central)", "Asia Pacific (Taipei)"], from: COPY }],
    },
    {
        name: "sagemaker-notebook-instance-storage-vol-kms-encrypted", identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_STORAGE_VOL_KMS_ENCRYPTED",
        resourceTypes: [NOTEBOOK], trigger: "change", securityHub: "SageMaker.21", availability: [],
    },
    {
        name: "sagemaker-notebook-instance-platform-version", identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_PLATFORM_VERSION",
        resourceTypes: [NOTEBOOK], trigger: "periodic", securityHub: "SageMaker.8",
        availability: [
            { except: ["Middle East (Bahrain)", "Asia Pacific (Thailand)", "Asia Pacific (Malaysia)", "Asia Pacific (Melbourne)", "Mexico (Central)", "Asia Pacific (Taipei)", "Canada West (Calgary)"], from: PAGE },
            { except: [NZ, "Asia Pacific (Thailand)", "Asia Pacific (Malaysia)", "Mexico (Central)", "Asia Pacific (Taipei)", "Canada West (Calgary)"], from: TRANSLATED },
        ],
        parameters: { supportedPlatformIdentifierVersions: DEFAULT_NOTEBOOK_PLATFORMS.join(",") },
    },
    {
        name: "sagemaker-endpoint-configuration-kms-key-configured", identifier: "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED",
        resourceTypes: [ENDPOINT_CONFIG], trigger: "periodic",
        availability: [
            { except: ["Asia Pacific (Thailand)", "Asia Pacific (Malaysia)", "Asia Pacific (Melbourne)", "Mexico (Central)", "Asia Pacific (Taipei)"], from: COPY },
            { except: ["Asia Pacific (Thailand)", "Asia Pacific (Malaysia)", "Asia Pacific (Melbourne)", "Mexico (Central)", "Asia Pacific (Taipei)"], from: CN },
        ],
    },
    {
        name: "sagemaker-endpoint-config-kms-key-required", identifier: "SAGEMAKER_ENDPOINT_CONFIG_KMS_KEY_REQUIRED",
        resourceTypes: [ENDPOINT_CONFIG], trigger: "change",
        availability: [{ except: [NZ, "Middle East (Bahrain)", ...NOTEBOOK_EXCEPT], from: PAGE }],
    },
    {
        name: "sagemaker-endpoint-config-prod-instance-count", identifier: "SAGEMAKER_ENDPOINT_CONFIG_PROD_INSTANCE_COUNT",
        resourceTypes: [ENDPOINT_CONFIG], trigger: "periodic", securityHub: "SageMaker.4",
        availability: [{ except: ["China (Beijing)", "Asia Pacific (Thailand)", "Asia Pacific (Malaysia)", "Mexico (Central)", "Asia Pacific (Taipei)", "Canada West (Calgary)", "China (Ningxia)"], from: COPY }],
    },
    {
        name: "sagemaker-model-in-vpc", identifier: "SAGEMAKER_MODEL_IN_VPC",
        resourceTypes: [MODEL], trigger: "change",
        availability: [{ except: MODEL_EXCEPT, from: PAGE }, { except: [NZ, ...MODEL_EXCEPT], from: COPY }],
    },
    {
        name: "sagemaker-model-isolation-enabled", identifier: "SAGEMAKER_MODEL_ISOLATION_ENABLED",
        resourceTypes: [MODEL], trigger: "change", securityHub: "SageMaker.5",
        availability: [{ except: MODEL_EXCEPT, from: PAGE }, { except: [NZ, ...MODEL_EXCEPT], from: COPY }],
    },
    {
        name: "sagemaker-model-private-registry-required", identifier: "SAGEMAKER_MODEL_PRIVATE_REGISTRY_REQUIRED",
        resourceTypes: [MODEL], trigger: "change", securityHub: "SageMaker.16",
        availability: [{
            only: ["Europe (Stockholm)", "Asia Pacific (Mumbai)", "Europe (Paris)", "US East (Ohio)", "Africa (Cape Town)",
                "Europe (Ireland)", "South America (Sao Paulo)", "Asia Pacific (Hong Kong)", "US East (N. Virginia)",
                "Asia Pacific (Seoul)", "Europe (London)", "Europe (Milan)", "Asia Pacific (Tokyo)", "US West (Oregon)",
                "US West (N. California)", "Asia Pacific (Singapore)", "Asia Pacific (Sydney)", "Canada (Central)"],
            from: COPY,
        }],
    },
    {
        name: "sagemaker-model-multicontainer-private-registry", identifier: "SAGEMAKER_MODEL_MULTICONTAINER_PRIVATE_REGISTRY",
        resourceTypes: [MODEL], trigger: "change", securityHub: "SageMaker.19",
        availability: [{
            except: [NZ, "Middle East (Bahrain)", "China (Beijing)", "Asia Pacific (Thailand)", "Asia Pacific (Jakarta)",
                "Middle East (UAE)", "Asia Pacific (Hyderabad)", "Asia Pacific (Osaka)", "Asia Pacific (Malaysia)",
                "Asia Pacific (Melbourne)", "AWS GovCloud (US-East)", "Mexico (Central)", "Israel (Tel Aviv)",
                "Asia Pacific (Taipei)", "Canada West (Calgary)", "Europe (Spain)", "China (Ningxia)", "Europe (Zurich)"],
            from: COPY,
        }],
    },
    {
        name: "sagemaker-domain-in-vpc", identifier: "SAGEMAKER_DOMAIN_IN_VPC",
        resourceTypes: [DOMAIN], trigger: "change", availability: [{ except: MODEL_EXCEPT, from: PAGE }],
    },
    {
        name: "sagemaker-domain-tagged", identifier: "SAGEMAKER_DOMAIN_TAGGED",
        resourceTypes: [DOMAIN], trigger: "change", availability: [{ except: MODEL_EXCEPT, from: TRANSLATED }],
    },
    {
        name: "sagemaker-feature-group-tagged", identifier: "SAGEMAKER_FEATURE_GROUP_TAGGED",
        resourceTypes: [FEATURE_GROUP], trigger: "change",
        availability: [{ except: FEATURE_GROUP_EXCEPT, from: PAGE }, { except: [NZ, ...FEATURE_GROUP_EXCEPT], from: COPY }],
    },
    {
        name: "sagemaker-featuregroup-description", identifier: "SAGEMAKER_FEATUREGROUP_DESCRIPTION",
        resourceTypes: [FEATURE_GROUP], trigger: "change", availability: [{ except: [NZ, ...FEATURE_GROUP_EXCEPT], from: TRANSLATED }],
    },
    {
        name: "sagemaker-featuregroup-encryption-at-rest", identifier: "SAGEMAKER_FEATUREGROUP_ENCRYPTION_AT_REST",
        resourceTypes: [FEATURE_GROUP], trigger: "change", securityHub: "SageMaker.17",
        availability: [{ except: FEATURE_STORE_EXCEPT, from: PAGE }, { except: FEATURE_STORE_EXCEPT, from: CN }],
    },
    {
        name: "sagemaker-featuregroup-online-store-encryption", identifier: "SAGEMAKER_FEATUREGROUP_ONLINE_STORE_ENCRYPTION",
        resourceTypes: [FEATURE_GROUP], trigger: "change", securityHub: "SageMaker.18",
        availability: [{ except: FEATURE_STORE_EXCEPT, from: PAGE }, { except: FEATURE_STORE_EXCEPT, from: CN }],
    },
    {
        name: "sagemaker-image-tagged", identifier: "SAGEMAKER_IMAGE_TAGGED",
        resourceTypes: [IMAGE], trigger: "change", securityHub: "SageMaker.7",
        availability: [{ except: [NZ, ...FEATURE_GROUP_EXCEPT.filter(r => r !== "Middle East (UAE)")], from: TRANSLATED }],
    },
    {
        name: "sagemaker-image-description", identifier: "SAGEMAKER_IMAGE_DESCRIPTION",
        resourceTypes: [IMAGE], trigger: "change", availability: [],
    },
    {
        name: "sagemaker-app-image-config-tagged", identifier: "SAGEMAKER_APP_IMAGE_CONFIG_TAGGED",
        resourceTypes: ["AWS::SageMaker::AppImageConfig"], trigger: "change", securityHub: "SageMaker.6", availability: [],
    },
    {
        name: "sagemaker-data-quality-job-encrypt-in-transit", identifier: "SAGEMAKER_DATA_QUALITY_JOB_ENCRYPT_IN_TRANSIT",
        resourceTypes: ["AWS::SageMaker::DataQualityJobDefinition"], trigger: "change", securityHub: "SageMaker.9",
        availability: [{ except: JOB_EXCEPT, from: COPY }],
    },
    {
        name: "sagemaker-data-quality-job-isolation", identifier: "SAGEMAKER_DATA_QUALITY_JOB_ISOLATION",
        resourceTypes: ["AWS::SageMaker::DataQualityJobDefinition"], trigger: "change", securityHub: "SageMaker.11",
        availability: [{ only: MONITORING_REGIONS, from: PAGE }],
    },
    {
        name: "sagemaker-model-bias-job-isolation", identifier: "SAGEMAKER_MODEL_BIAS_JOB_ISOLATION",
        resourceTypes: ["AWS::SageMaker::ModelBiasJobDefinition"], trigger: "change", securityHub: "SageMaker.12",
        availability: [{ only: without(MONITORING_REGIONS, "Europe (Stockholm)"), from: PAGE }],
    },
    {
        name: "sagemaker-model-bias-job-encrypt-in-transit", identifier: "SAGEMAKER_MODEL_BIAS_JOB_ENCRYPT_IN_TRANSIT",
        resourceTypes: ["AWS::SageMaker::ModelBiasJobDefinition"], trigger: "change", securityHub: "SageMaker.15",
        availability: [{ only: without(MONITORING_REGIONS, "Europe (Stockholm)"), from: COPY }],
    },
    {
        name: "sagemaker-model-quality-job-encrypt-in-transit", identifier: "SAGEMAKER_MODEL_QUALITY_JOB_ENCRYPT_IN_TRANSIT",
        resourceTypes: ["AWS::SageMaker::ModelQualityJobDefinition"], trigger: "change", securityHub: "SageMaker.13", availability: [],
    },
    {
        name: "sagemaker-model-quality-job-definition-isolation", identifier: "SAGEMAKER_MODEL_QUALITY_JOB_DEFINITION_ISOLATION",
        resourceTypes: ["AWS::SageMaker::ModelQualityJobDefinition"], trigger: "change", securityHub: "SageMaker.25",
        availability: [{ only: without(MONITORING_REGIONS, "Middle East (Bahrain)"), from: PAGE }],
    },
    {
        name: "sagemaker-model-explainability-job-encrypt-in-transit", identifier: "SAGEMAKER_MODEL_EXPLAINABILITY_JOB_ENCRYPT_IN_TRANSIT",
        resourceTypes: ["AWS::SageMaker::ModelExplainabilityJobDefinition"], trigger: "change", securityHub: "SageMaker.10",
        availability: [{ only: MONITORING_REGIONS, from: PAGE }, { except: JOB_EXCEPT, from: COPY }],
    },
    {
        name: "sagemaker-model-explainability-job-network-isolation", identifier: "SAGEMAKER_MODEL_EXPLAINABILITY_JOB_NETWORK_ISOLATION",
        resourceTypes: ["AWS::SageMaker::ModelExplainabilityJobDefinition"], trigger: "change", securityHub: "SageMaker.20",
        availability: [{ only: without(MONITORING_REGIONS, "Middle East (Bahrain)"), from: PAGE }],
    },
    {
        name: "sagemaker-monitoring-schedule-isolation", identifier: "SAGEMAKER_MONITORING_SCHEDULE_ISOLATION",
        resourceTypes: ["AWS::SageMaker::MonitoringSchedule"], trigger: "change", securityHub: "SageMaker.14", availability: [],
    },
    {
        name: "sagemaker-monitoring-schedule-traffic-encryption", identifier: "SAGEMAKER_MONITORING_SCHEDULE_TRAFFIC_ENCRYPTION",
        resourceTypes: ["AWS::SageMaker::MonitoringSchedule"], trigger: "change", securityHub: "SageMaker.22", availability: [],
    },
    {
        name: "sagemaker-inf-experiment-instance-storage-kms-encrypted", identifier: "SAGEMAKER_INF_EXPERIMENT_INSTANCE_STORAGE_KMS_ENCRYPTED",
        resourceTypes: [INFERENCE_EXPERIMENT], trigger: "change", securityHub: "SageMaker.23", availability: [],
    },
    {
        name: "sagemaker-inf-experiment-data-storage-kms-encrypted", identifier: "SAGEMAKER_INF_EXPERIMENT_DATA_STORAGE_KMS_ENCRYPTED",
        resourceTypes: [INFERENCE_EXPERIMENT], trigger: "change", securityHub: "SageMaker.24", availability: [],
    },
    {
        name: "sagemaker-inferenceexperiment-tagged", identifier: "SAGEMAKER_INFERENCEEXPERIMENT_TAGGED",
        resourceTypes: [INFERENCE_EXPERIMENT], trigger: "change",
        availability: [{
            except: [NZ, "China (Beijing)", "Asia Pacific (Thailand)", "Asia Pacific (Jakarta)", "Middle East (UAE)",
                "Asia Pacific (Hyderabad)", "Asia Pacific (Malaysia)", "Asia Pacific (Melbourne)", "AWS GovCloud (US-East)",
                "AWS GovCloud (US-West)", "Mexico (Central)", "Israel (Tel Aviv)", "Asia Pacific (Taipei)", "Canada West (Calgary)",
                "Europe (Spain)", "China (Ningxia)", "Europe (Zurich)"],
            from: PAGE,
        }],
    },
];

/**
 * The rules around the ML workloads: access logging and encryption of the data buckets, the trail
 * that records SageMaker calls, key rotation, encrypted log groups, flow logs of the ML VPC.
 */
export const SUPPORTING_CONFIG_RULES: readonly ManagedRuleSpec[] = [
    {
        name: "s3-bucket-logging-enabled", identifier: "S3_BUCKET_LOGGING_ENABLED", resourceTypes: ["AWS::S3::Bucket"], trigger: "change",
        availability: [{ except: ["China (Beijing)", "Asia Pacific (Thailand)", "AWS GovCloud (US-East)", "AWS GovCloud (US-West)", "Mexico (Central)", "Asia Pacific (Taipei)", "China (Ningxia)"], from: COPY }],
    },
    { name: "s3-bucket-ssl-requests-only", identifier: "S3_BUCKET_SSL_REQUESTS_ONLY", resourceTypes: ["AWS::S3::Bucket"], trigger: "change", availability: [] },
    { name: "s3-bucket-level-public-access-prohibited", identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", resourceTypes: ["AWS::S3::Bucket"], trigger: "change", availability: [] },
    { name: "s3-bucket-versioning-enabled", identifier: "S3_BUCKET_VERSIONING_ENABLED", resourceTypes: ["AWS::S3::Bucket"], trigger: "change", availability: [] },
    { name: "s3-default-encryption-kms", identifier: "S3_DEFAULT_ENCRYPTION_KMS", resourceTypes: ["AWS::S3::Bucket", "AWS::KMS::Key"], trigger: "change", availability: [{ except: [], from: CN }] },
    { name: "multi-region-cloudtrail-enabled", identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED", resourceTypes: ["AWS::CloudTrail::Trail"], trigger: "periodic", availability: [] },
    { name: "cloud-trail-log-file-validation-enabled", identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", resourceTypes: ["AWS::CloudTrail::Trail"], trigger: "periodic", availability: [{ except: [], from: COPY }] },
    { name: "cloud-trail-encryption-enabled", identifier: "CLOUD_TRAIL_ENCRYPTION_ENABLED", resourceTypes: ["AWS::CloudTrail::Trail"], trigger: "periodic", availability: [] },
    { name: "cloud-trail-cloud-watch-logs-enabled", identifier: "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", resourceTypes: ["AWS::CloudTrail::Trail"], trigger: "periodic", availability: [] },
    { name: "cloudtrail-s3-dataevents-enabled", identifier: "CLOUDTRAIL_S3_DATAEVENTS_ENABLED", resourceTypes: ["AWS::CloudTrail::Trail"], trigger: "periodic", availability: [] },
    { name: "cmk-backing-key-rotation-enabled", identifier: "CMK_BACKING_KEY_ROTATION_ENABLED", resourceTypes: ["AWS::KMS::Key"], trigger: "periodic", availability: [{ except: ["Middle East (UAE)"], from: COPY }] },
    { name: "cloudwatch-log-group-encrypted", identifier: "CLOUDWATCH_LOG_GROUP_ENCRYPTED", resourceTypes: ["AWS::Logs::LogGroup"], trigger: "periodic", availability: [{ except: [], from: COPY }] },
    { name: "vpc-flow-logs-enabled", identifier: "VPC_FLOW_LOGS_ENABLED", resourceTypes: ["AWS::EC2::VPC"], trigger: "periodic", availability: [{ except: [], from: COPY }] },
    { name: "vpc-default-security-group-closed", identifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED", resourceTypes: ["AWS::EC2::SecurityGroup"], trigger: "change", availability: [] },
];

/** Every rule of the catalog, SageMaker first. */
export const CONFIG_RULE_CATALOG: readonly ManagedRuleSpec[] = [...SAGEMAKER_CONFIG_RULES, ...SUPPORTING_CONFIG_RULES];

/** Rules that take `requiredKeyTags` (the *-tagged rules). */
export const TAGGED_RULES: readonly string[] = [
    "sagemaker-domain-tagged", "sagemaker-feature-group-tagged", "sagemaker-image-tagged",
    "sagemaker-app-image-config-tagged", "sagemaker-inferenceexperiment-tagged",
];
/** Rules that take `kmsKeyArns` (the allowed keys). */
export const KMS_KEY_RULES: readonly string[] = [
    "sagemaker-notebook-instance-kms-key-configured", "sagemaker-endpoint-configuration-kms-key-configured",
];

export const CONFIG_RULE_FREQUENCIES = ["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"] as const;
export type ConfigRuleFrequency = (typeof CONFIG_RULE_FREQUENCIES)[number];

/** Whether a rule exists in `region` by its statements; undefined when no page was read. */
export function confirmedIn(spec: ManagedRuleSpec, region: string): boolean | undefined {
    if (spec.availability.length === 0) {
        return undefined;
    }
    return spec.availability.every(a => "only" in a
        ? regionCodes(a.only).includes(region)
        : !regionCodes(a.except).includes(region));
}

/** How the rules are chosen and parameterised. */
export interface RuleSelection {
    /** Catalog rules to leave out, by name. */
    readonly exclude?: readonly string[];
    /** More managed rules. */
    readonly additional?: readonly ManagedRuleSpec[];
    /** Parameters by rule name, merged over the defaults. */
    readonly parameters?: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
    /** Regions by rule name, replacing the rule's availability. */
    readonly regions?: Readonly<Record<string, readonly string[]>>;
    /** Where rules of unconfirmed availability are created. */
    readonly unverifiedRegions: readonly string[];
}

/** A rule to deploy in one region. */
export interface SelectedRule {
    readonly spec: ManagedRuleSpec;
    /** Why it is created here: the page(s), an override, or the unverified-rule regions. */
    readonly basis: "confirmed" | "override" | "unverified";
    readonly parameters: Readonly<Record<string, pulumi.Input<string>>>;
}

/** A rule left out in one region, and why. */
export interface SkippedRule {
    readonly name: string;
    readonly reason: string;
}

/**
 * Checks a selection before anything is created: excluded and parameterised rules must exist (a typo
 * would silently leave the default in place), additional rules must not clash, regions must be codes.
 */
export function checkRuleSelection(selection: RuleSelection): readonly ManagedRuleSpec[] {
    const all = [...CONFIG_RULE_CATALOG, ...(selection.additional ?? [])];
    const names = new Set<string>();
    for (const spec of all) {
        if (names.has(spec.name)) {
            throw new Error(`Config rule ${spec.name} is listed twice (an additional rule may not reuse a catalog name)`);
        }
        if (!/^[A-Za-z0-9-_]{1,64}$/.test(spec.name) || !/^[A-Z0-9_]+$/.test(spec.identifier)) {
            throw new Error(`Config rule ${JSON.stringify(spec.name)}: the name must be letters, digits, - and _ (at most 64), the identifier upper case (${spec.identifier})`);
        }
        names.add(spec.name);
    }
    const unknown = (what: string, list: readonly string[]) => {
        const bad = list.filter(n => !names.has(n));
        if (bad.length > 0) {
            throw new Error(`${what}: no such Config rule ${bad.map(b => JSON.stringify(b)).join(", ")}`);
        }
    };
    unknown("excludeConfigRules", selection.exclude ?? []);
    unknown("configRuleParameters", Object.keys(selection.parameters ?? {}));
    unknown("configRuleRegions", Object.keys(selection.regions ?? {}));
    const regions = [...selection.unverifiedRegions, ...Object.values(selection.regions ?? {}).flat()];
    const badRegions = regions.filter(r => !isRegionCode(r));
    if (badRegions.length > 0) {
        throw new Error(`${badRegions.map(r => JSON.stringify(r)).join(", ")} ${badRegions.length === 1 ? "is not a region code" : "are not region codes"}`);
    }
    for (const spec of all) {
        spec.availability.forEach(a => regionCodes("only" in a ? a.only : a.except));
    }
    return all;
}

/** The rules to create in `region`, with their parameters, and those left out. */
export function selectConfigRules(region: string, selection: RuleSelection): { selected: SelectedRule[]; skipped: SkippedRule[] } {
    const all = checkRuleSelection(selection);
    const excluded = new Set(selection.exclude ?? []);
    const selected: SelectedRule[] = [];
    const skipped: SkippedRule[] = [];
    for (const spec of all) {
        if (excluded.has(spec.name)) {
            skipped.push({ name: spec.name, reason: "excluded" });
            continue;
        }
        const override = selection.regions?.[spec.name];
        const confirmed = confirmedIn(spec, region);
        let basis: SelectedRule["basis"] | undefined;
        if (override) {
            basis = override.includes(region) ? "override" : undefined;
        } else if (confirmed === undefined) {
            basis = selection.unverifiedRegions.includes(region) ? "unverified" : undefined;
        } else {
            basis = confirmed ? "confirmed" : undefined;
        }
        if (!basis) {
            skipped.push({
                name: spec.name,
                reason: override ? `not in its configured regions (${override.join(", ")})`
                    : confirmed === undefined ? `availability not confirmed, and ${region} is not in unverifiedRuleRegions`
                        : `not available in ${region} (${spec.availability.map(a => a.from).join("; ")})`,
            });
            continue;
        }
        selected.push({ spec, basis, parameters: { ...spec.parameters, ...selection.parameters?.[spec.name] } });
    }
    return { selected, skipped };
}
