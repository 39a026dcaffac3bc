/**
 * The stack config of ml-governance, as data: every setting under the `ml-governance` namespace of
 * `Pulumi.<stack>.yaml`, with its type, format, default and one description. The same data validates
 * the config (validate.ts, config.ts) and renders docs/config.md (tools/config-docs.ts).
 */
import { LOG_RETENTION_DAYS } from "../components/context";
import { DEFAULT_INSTANCE_TYPES } from "../policypacks/ml-guardrails/src/facts";
import { Format, FORMATS } from "./formats";

/** The Pulumi config namespace: keys are `ml-governance:<setting>`. */
export const CONFIG_NAMESPACE = "ml-governance";

interface FieldBase {
    /** One sentence or two: what the setting does, for the docs and the errors. */
    readonly description: string;
    /** The setting must be given. */
    readonly required?: true;
    /** Applied when the setting is not given. */
    readonly default?: unknown;
    /** The default when it depends on other settings (config.ts computes it), for the docs. */
    readonly defaultText?: string;
}
export interface StringField extends FieldBase { readonly type: "string"; readonly format?: Format }
export interface BooleanField extends FieldBase { readonly type: "boolean" }
export interface IntegerField extends FieldBase {
    readonly type: "integer";
    readonly min?: number;
    readonly max?: number;
    /** The only accepted values. */
    readonly oneOf?: readonly number[];
}
export interface ListField extends FieldBase {
    readonly type: "list";
    readonly items: StringField | ObjectField;
    readonly minItems?: number;
    /** A string listed twice is an error. */
    readonly unique?: true;
}
export interface ObjectField extends FieldBase { readonly type: "object"; readonly fields: Readonly<Record<string, Field>> }
/** A string-to-string map (tags). */
export interface MapField extends FieldBase { readonly type: "map"; readonly key: Format; readonly value: StringField }
export type Field = StringField | BooleanField | IntegerField | ListField | ObjectField | MapField;

/** The role `OrganizationAccountAccessRole` that Organizations creates in the accounts it creates (not in invited ones). */
export const DEFAULT_MEMBER_ROLE = "OrganizationAccountAccessRole";
/** SecureMlDomain's VPC block when an account sets none (the component's own default). */
export const DEFAULT_VPC_CIDR = "10.0.0.0/16";
/** Attempts per Organizations API call (the SDK's `maxAttempts`, in adaptive retry mode) before discovery fails. */
export const DEFAULT_DISCOVERY_MAX_ATTEMPTS = 10;
/** The session name of every provider's assumed role (CloudTrail shows it). */
export const SESSION_NAME = "ml-governance";
/** The value of the `managed-by` tag. */
export const MANAGED_BY = "ml-governance";
/** Tag keys the program sets itself on every resource; `tags` may not set them. */
export const RESERVED_TAG_KEYS: readonly string[] = ["environment", "owner", "managed-by"];

const str = (description: string, format?: Format, extra: Partial<StringField> = {}): StringField =>
    ({ type: "string", description, format, ...extra });
const list = (items: StringField, description: string, extra: Partial<ListField> = {}): ListField =>
    ({ type: "list", items, description, unique: true, ...extra });
const bool = (description: string, extra: Partial<BooleanField> = {}): BooleanField => ({ type: "boolean", description, ...extra });
const days = (description: string, extra: Partial<IntegerField> = {}): IntegerField => ({ type: "integer", min: 1, description, ...extra });
const tags = (description: string, extra: Partial<MapField> = {}): MapField =>
    ({ type: "map", key: FORMATS.tagKey, value: str("Tag value.", FORMATS.tagValue), description, ...extra });

/** One ML account: an entry of `accounts`; discovered accounts get the same settings from their tags. */
export const ACCOUNT_FIELDS: Readonly<Record<string, Field>> = {
    id: str("The account id.", FORMATS.accountId, { required: true }),
    name: str("A name for people (stack outputs, errors); for a discovered account it replaces the name in Organizations.", FORMATS.accountName, { required: true }),
    regions: list(str("Region.", FORMATS.region), "Regions this account is governed in: one provider, one Studio domain and one trail per region.", {
        minItems: 1, defaultText: "`regions`",
    }),
    vpcCidr: str("Block of the ML VPC SecureMlDomain creates in each of the account's regions. Must not overlap the block of another account in the same region.",
        FORMATS.vpcCidr, { defaultText: `\`${DEFAULT_VPC_CIDR}\`` }),
    userProfiles: list(str("User profile.", FORMATS.sagemakerName), "Studio user profiles to create in the account's domain.", { defaultText: "none" }),
    approvedInstanceTypes: list(str("Instance type.", FORMATS.instanceType),
        "Instance types this account may use: a narrowing of `guardrails.approvedInstanceTypes` (the organization's SCP allows no more than that list).",
        { minItems: 1, defaultText: "`guardrails.approvedInstanceTypes`" }),
    expectedInOu: bool("The account must be found ACTIVE under `discovery.organizationalUnits`, or the stack fails. Set false for an account that lives outside those OUs.",
        { defaultText: "true when `discovery` is set" }),
    tags: tags("Tags for this account's resources, over the stack's `tags`.", { defaultText: "none" }),
};

/**
 * Account tags read by discovery: tag key -> the account setting it fills. Organizations tag values
 * cannot hold commas or `*`, so lists are separated by spaces and instance families (`ml.m5.*`)
 * can only be approved in the stack config.
 */
export const ACCOUNT_TAGS: Readonly<Record<string, { readonly setting: string; readonly example: string }>> = {
    "mlgov:regions": { setting: "regions", example: "eu-west-1 eu-central-1" },
    "mlgov:vpc-cidr": { setting: "vpcCidr", example: "10.20.0.0/16" },
    "mlgov:user-profiles": { setting: "userProfiles", example: "alice bob" },
    "mlgov:approved-instance-types": { setting: "approvedInstanceTypes", example: "ml.t3.medium ml.m5.xlarge" },
};
/** Tags with this prefix are ml-governance settings: one not in ACCOUNT_TAGS is an error (a typo). */
export const ACCOUNT_TAG_PREFIX = "mlgov:";

/** Every setting, by key (`ml-governance:<key>` in Pulumi.<stack>.yaml). */
export const CONFIG_SCHEMA: Readonly<Record<string, Field>> = {
    environment: str("Environment name, the `environment` tag of every resource.", FORMATS.environment, { required: true }),
    owner: str("Team or person accountable for the resources, the `owner` tag of every resource.", FORMATS.tagValue, { required: true }),
    production: bool("Production switches: refuse settings weaker than production needs (see Production below).", { default: false }),
    defaultRegion: str("Home region of the organization-level work (the management, security and log-archive providers) and the default of `regions`.",
        FORMATS.region, { required: true }),
    regions: list(str("Region.", FORMATS.region), "Regions every ML account is governed in, unless the account sets its own `regions`.", {
        minItems: 1, defaultText: "`[defaultRegion]`",
    }),
    organization: {
        type: "object", required: true,
        description: "The accounts and roles of the organization-level work.",
        fields: {
            managementAccountId: str("The management account: SCPs, delegated administrators, account discovery.", FORMATS.accountId, { required: true }),
            securityAccountId: str("The security account, delegated administrator of GuardDuty, Security Hub, Macie and Config.", FORMATS.accountId, { required: true }),
            logArchiveAccountId: str("The log-archive account that receives the organization trail.", FORMATS.accountId, {
                defaultText: "none; required when `audit.organizationTrail` is true",
            }),
            managementRoleArn: str("A role in the management account that every provider assumes first, when Pulumi runs with credentials of another account (member providers then chain into `memberRoleName`); account discovery assumes it too (session `ml-governance-discovery`).",
                FORMATS.roleArn, { defaultText: "none: Pulumi's credentials are the management account's" }),
            memberRoleName: str("The role every provider assumes in the ML, security and log-archive accounts.", FORMATS.roleName, { default: DEFAULT_MEMBER_ROLE }),
        },
    },
    accounts: {
        type: "list", default: [],
        description: "The ML accounts named in the config. With `discovery`, merged with the discovered ones (see Accounts below).",
        items: { type: "object", description: "An ML account.", fields: ACCOUNT_FIELDS },
    },
    discovery: {
        type: "object",
        description: "Discover the ML accounts under organizational units with the Organizations API (see Discovery below).",
        defaultText: "none: only `accounts`",
        fields: {
            organizationalUnits: list(str("OU id.", FORMATS.organizationalUnitId), "The ML organizational units; their child OUs are followed.", {
                required: true, minItems: 1,
            }),
            maxAttempts: {
                type: "integer", min: 1, max: 20, default: DEFAULT_DISCOVERY_MAX_ATTEMPTS,
                description: "Attempts per Organizations API call (the AWS SDK's `maxAttempts`, adaptive retry mode, so throttling is retried with backoff) before discovery fails.",
            },
        },
    },
    tags: tags("Tags for every resource of the stack, besides `environment`, `owner` and `managed-by` (the policy pack's `requiredTags` must be among them).",
        { default: {} }),
    audit: {
        type: "object", default: {},
        description: "The AuditTrail settings of every ML account (its argument names).",
        fields: {
            logRetentionDays: {
                type: "integer", oneOf: LOG_RETENTION_DAYS, default: 365,
                description: "Days CloudWatch Logs keeps trail and SageMaker log events (a value CloudWatch accepts).",
            },
            archiveAfterDays: days("Days after which trail log files move to S3 Glacier Instant Retrieval.", { default: 90 }),
            expireAfterDays: days("Days after which trail log files are deleted; later than `archiveAfterDays`, and not before `protectionDays` ends when the data is protected.",
                { defaultText: "none: kept" }),
            protectAuditData: bool("Object Lock (governance mode) on the trail bucket and keep buckets, logs and keys when the stack is destroyed.", { default: false }),
            protectionDays: days("Object Lock retention of each log file when `protectAuditData` is true.", { default: 365 }),
            organizationTrail: bool("Also create an organization trail from the management account into the log-archive account.", { default: false }),
        },
    },
    guardrails: {
        type: "object", default: {},
        description: "The preventive guardrails: the execution roles' IAM policy and the organization's SCP (`guardrailScps` options).",
        fields: {
            approvedInstanceTypes: list(str("Instance type.", FORMATS.instanceType), "Instance types SageMaker may use anywhere in the organization.", {
                minItems: 1,
                defaultText: `the \`approvedInstanceTypes\` of \`policyPackConfig\` if it sets them, else the pack's list (${DEFAULT_INSTANCE_TYPES.map(t => `\`${t}\``).join(", ")})`,
            }),
            requireNetworkIsolation: bool("Deny jobs, models and monitoring without network isolation.", { default: true }),
            requireInterContainerEncryption: bool("Deny jobs and monitoring without inter-container traffic encryption.", { default: true }),
            adminRoleName: str("The platform admin role the SCP lets change CloudTrail, Config, GuardDuty, Security Hub and Macie. It must match `memberRoleName`, or the SCP denies the deployment itself.",
                FORMATS.roleNamePattern, { defaultText: "`organization.memberRoleName`" }),
        },
    },
    policyPackConfig: str("The ml-guardrails policy config of this stack (`pulumi up --policy-pack-config`); read to check that it agrees with the settings above.",
        FORMATS.jsonFile, { defaultText: "none (required when `production` is true)" }),
};
