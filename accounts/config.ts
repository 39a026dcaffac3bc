/**
 * Reads and validates the stack config (`ml-governance:*` in Pulumi.<stack>.yaml) into a typed
 * GovernanceConfig, before anything is registered. Every problem is collected (types, required and
 * unknown settings, formats, and the checks across settings below) and thrown as one ConfigError.
 * Works from the Pulumi runtime's config or from a plain object (tests, tools).
 */
import * as pulumi from "@pulumi/pulumi";
import { defaultAppInstanceType, isApprovedInstanceType } from "../components/instance-types";
import { DEFAULT_INSTANCE_TYPES } from "../policypacks/ml-guardrails/src/facts";
import { ConfigProblem, throwIfProblems } from "./errors";
import { PolicyConfigFacts, readPolicyConfig } from "./policy-config";
import { explicitAccountProblems } from "./resolve";
import { CONFIG_NAMESPACE, CONFIG_SCHEMA, DEFAULT_MEMBER_ROLE, ListField, RESERVED_TAG_KEYS } from "./schema";
import { defaultTagsOf } from "./tags";
import { AccountSettings, AuditSettings, DiscoverySettings, GovernanceConfig, TagMap } from "./types";
import { show, unknownMessage, validateField } from "./validate";

export interface ReadOptions {
    /** The folder `policyPackConfig` is relative to (default: the working directory, the project folder under `pulumi`). */
    readonly projectRoot?: string;
}

const at = (key: string) => `${CONFIG_NAMESPACE}:${key}`;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The settings of `config`'s namespace in the Pulumi runtime's config, decoded: objects, lists,
 * numbers and booleans arrive as JSON text; string settings are kept as written.
 */
export function configFromPulumi(config: pulumi.Config = new pulumi.Config(CONFIG_NAMESPACE)): Record<string, unknown> {
    return settingsOf(pulumi.runtime.allConfig(), config.name);
}

/**
 * The settings of `namespace` among config values as the Pulumi runtime holds them (`<namespace>:<key>`
 * to its text; objects, lists, numbers and booleans as JSON), decoded; string settings kept as written.
 */
export function settingsOf(all: Readonly<Record<string, string>>, namespace = CONFIG_NAMESPACE): Record<string, unknown> {
    const prefix = `${namespace}:`;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(prefix)) {
            continue;
        }
        const name = key.slice(prefix.length);
        if (CONFIG_SCHEMA[name]?.type === "string") {
            out[name] = value;
            continue;
        }
        try {
            out[name] = JSON.parse(value);
        } catch {
            out[name] = value;
        }
    }
    return out;
}

/**
 * The validated stack config, from the Pulumi runtime (default: namespace `ml-governance`) or from a
 * plain object of settings (keys without the namespace). Throws a ConfigError listing every problem.
 */
export function readGovernanceConfig(
    source: pulumi.Config | Readonly<Record<string, unknown>> = new pulumi.Config(CONFIG_NAMESPACE), options: ReadOptions = {},
): GovernanceConfig {
    return parseGovernanceConfig(source instanceof pulumi.Config ? configFromPulumi(source) : source, options);
}

/** The static defaults of an object setting (its fields' `default`s). */
const schemaDefaults = (key: string) => validateField(CONFIG_SCHEMA[key], {}, at(key), []) as Record<string, unknown>;

/** Glob (`*`, `?`) of `ArnNotLike` as a regular expression. */
const globRegExp = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);

/** Problems of settings that depend on each other (each only when the settings involved are valid). */
function crossProblems(config: GovernanceConfig, raw: Readonly<Record<string, unknown>>, pack: PolicyConfigFacts | undefined,
    entries: ReadonlyArray<{ settings: Partial<AccountSettings>; index: number }>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const org = config.organization;
    const given = (section: string, key: string) => isPlainObject(raw[section]) && (raw[section] as Record<string, unknown>)[key] !== undefined;

    // Organization.
    if (org.securityAccountId && org.securityAccountId === org.managementAccountId) {
        problems.push({ path: at("organization.securityAccountId"), message: "is the management account; delegate administration to a separate security account" });
    }
    if (org.logArchiveAccountId && org.logArchiveAccountId === org.managementAccountId) {
        problems.push({ path: at("organization.logArchiveAccountId"), message: "is the management account; the audit logs belong in a separate log-archive account" });
    }
    const roleAccount = org.managementRoleArn?.split(":")[4];
    if (roleAccount && org.managementAccountId && roleAccount !== org.managementAccountId) {
        problems.push({ path: at("organization.managementRoleArn"), message: `is a role in ${roleAccount}, not in the management account ${org.managementAccountId}` });
    }
    if (config.audit.organizationTrail && !org.logArchiveAccountId) {
        problems.push({ path: at("organization.logArchiveAccountId"), message: "missing; audit.organizationTrail is true, and the organization trail delivers into the log-archive account" });
    }
    if (!globRegExp(config.guardrails.adminRoleName).test(org.memberRoleName)) {
        problems.push({
            path: at("guardrails.adminRoleName"),
            message: `"${config.guardrails.adminRoleName}" does not match organization.memberRoleName "${org.memberRoleName}": the SCP would deny the ` +
                "role that deploys the trails and detectors; use the member role's name (or a pattern that matches it)",
        });
    }

    // Audit (AuditTrail's rules, checked here so that they fail before anything is registered).
    const audit = config.audit;
    if (audit.expireAfterDays !== undefined && audit.expireAfterDays <= audit.archiveAfterDays) {
        problems.push({ path: at("audit.expireAfterDays"), message: `${audit.expireAfterDays} must be later than archiveAfterDays (${audit.archiveAfterDays})` });
    }
    if (audit.protectAuditData && audit.expireAfterDays !== undefined && audit.expireAfterDays < audit.protectionDays) {
        problems.push({ path: at("audit.expireAfterDays"), message: `${audit.expireAfterDays} is before protectionDays (${audit.protectionDays}) ends; Object Lock would refuse the deletions` });
    }

    // Tags.
    const reserved = (tags: unknown, path: string) => {
        for (const key of isPlainObject(tags) ? Object.keys(tags) : []) {
            if (RESERVED_TAG_KEYS.includes(key)) {
                problems.push({
                    path: `${path}.${key}`,
                    message: key === "managed-by" ? "is set by ml-governance itself; remove it" : `is set from ${at(key)}; remove it here`,
                });
            }
        }
    };
    reserved(raw.tags, at("tags"));

    // Guardrails.
    const types = config.guardrails.approvedInstanceTypes;
    try {
        defaultAppInstanceType(types);
    } catch {
        problems.push({ path: at("guardrails.approvedInstanceTypes"), message: "none of these is a concrete instance type Studio's default apps can start on (such as ml.t3.medium); add one" });
    }

    // The policy pack's config.
    const file = config.policyPackConfig;
    if (pack && file) {
        if (pack.approvedInstanceTypes && given("guardrails", "approvedInstanceTypes")) {
            for (const type of types.filter(t => !isApprovedInstanceType(t, pack.approvedInstanceTypes!))) {
                problems.push({
                    path: at("guardrails.approvedInstanceTypes"),
                    message: `"${type}" is approved here but not by ${file} (sagemaker-approved-instance-types: ${pack.approvedInstanceTypes.join(", ")}); ` +
                        "the pack would block what the guardrails allow: align the two lists",
                });
            }
        }
        for (const tag of pack.requiredTags.filter(t => !(t in config.defaultTags))) {
            problems.push({ path: at("tags"), message: `${file} requires the tag "${tag}" on every SageMaker resource (sagemaker-required-tags); add it here` });
        }
    }

    // Production switches.
    if (config.production) {
        const prod = (path: string, message: string) => problems.push({ path: at(path), message: `${message} (production is true)` });
        if (!file) {
            prod("policyPackConfig", "missing; a production stack names its policy config, such as policypacks/ml-guardrails/config/prod.json");
        } else if (pack && !pack.dataCaptureRequired) {
            prod("policyPackConfig", `${file} does not require endpoint data capture (sagemaker-endpoint-data-capture.required); use the production policy config`);
        }
        if (!audit.protectAuditData) {
            prod("audit.protectAuditData", "must be true: production audit data is protected from deletion");
        }
        if (audit.logRetentionDays < 365) {
            prod("audit.logRetentionDays", `${audit.logRetentionDays} is less than a year; use 365 or more`);
        }
        if (!config.guardrails.requireNetworkIsolation) {
            prod("guardrails.requireNetworkIsolation", "must be true");
        }
        if (!config.guardrails.requireInterContainerEncryption) {
            prod("guardrails.requireInterContainerEncryption", "must be true");
        }
    }

    // Accounts.
    const byId = new Map<string, number>();
    const byName = new Map<string, number>();
    for (const { settings, index } of entries) {
        const path = `${at("accounts")}[${index}]`;
        if (settings.id !== undefined) {
            const first = byId.get(settings.id);
            if (first !== undefined) {
                problems.push({ path: `${path}.id`, message: `"${settings.id}" is listed twice (also accounts[${first}]); keep one entry per account` });
            } else {
                byId.set(settings.id, index);
            }
        }
        if (settings.name !== undefined) {
            const first = byName.get(settings.name);
            if (first !== undefined) {
                problems.push({ path: `${path}.name`, message: `"${settings.name}" is also the name of accounts[${first}]; give each account its own name` });
            } else {
                byName.set(settings.name, index);
            }
        }
        if (settings.expectedInOu !== undefined && !config.discovery) {
            problems.push({ path: `${path}.expectedInOu`, message: `has no effect without ${at("discovery")}; remove it` });
        }
        reserved(settings.tags, `${path}.tags`);
    }
    return problems;
}

/**
 * The validated stack config from a plain object of settings (keys without the namespace, values as
 * YAML gives them). Throws a ConfigError listing every problem.
 */
export function parseGovernanceConfig(raw: Readonly<Record<string, unknown>>, options: ReadOptions = {}): GovernanceConfig {
    const problems: ConfigProblem[] = [];
    if (!isPlainObject(raw)) {
        throwIfProblems([{ path: CONFIG_NAMESPACE, message: `expected the settings as an object, got ${show(raw)}` }]);
    }
    const known = Object.keys(CONFIG_SCHEMA);
    for (const key of Object.keys(raw).filter(k => !known.includes(k))) {
        problems.push({ path: at(key), message: unknownMessage(key, known) });
    }
    // Every setting but the accounts, which are checked one by one (their index names them in messages).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked against the schema; typed below
    const v: Record<string, any> = {};
    for (const [key, field] of Object.entries(CONFIG_SCHEMA).filter(([k]) => k !== "accounts")) {
        v[key] = validateField(field, raw[key], at(key), problems);
    }
    const entries: Array<{ settings: Partial<AccountSettings>; index: number; valid: boolean }> = [];
    const rawAccounts = raw.accounts ?? [];
    if (!Array.isArray(rawAccounts)) {
        problems.push({ path: at("accounts"), message: `expected a list of accounts, got ${show(rawAccounts)}` });
    } else {
        rawAccounts.forEach((account, index) => {
            const before = problems.length;
            const settings = validateField((CONFIG_SCHEMA.accounts as ListField).items, account, `${at("accounts")}[${index}]`, problems);
            if (settings !== undefined) {
                entries.push({ settings: settings as Partial<AccountSettings>, index, valid: problems.length === before });
            }
        });
    }

    let pack: PolicyConfigFacts | undefined;
    if (typeof v.policyPackConfig === "string") {
        const facts = readPolicyConfig(v.policyPackConfig, options.projectRoot ?? process.cwd());
        if (typeof facts === "string") {
            problems.push({ path: at("policyPackConfig"), message: facts });
        } else {
            pack = facts;
        }
    }

    // The typed config, with the defaults that depend on other settings. Where a setting is invalid it
    // falls back to something neutral, only so that the checks across settings can run: a config with
    // any problem is never returned.
    const organization = v.organization ?? {};
    const tags: TagMap = v.tags ?? {};
    const base = { environment: v.environment ?? "", owner: v.owner ?? "", tags };
    const config: GovernanceConfig = {
        ...base,
        production: v.production ?? false,
        defaultRegion: v.defaultRegion ?? "",
        regions: v.regions ?? (v.defaultRegion ? [v.defaultRegion] : []),
        organization: {
            managementAccountId: organization.managementAccountId ?? "",
            securityAccountId: organization.securityAccountId ?? "",
            memberRoleName: organization.memberRoleName ?? DEFAULT_MEMBER_ROLE,
            ...(organization.logArchiveAccountId ? { logArchiveAccountId: organization.logArchiveAccountId } : {}),
            ...(organization.managementRoleArn ? { managementRoleArn: organization.managementRoleArn } : {}),
        },
        accounts: entries.filter(e => e.valid).map(e => e.settings as AccountSettings),
        ...(v.discovery ? { discovery: v.discovery as DiscoverySettings } : {}),
        defaultTags: defaultTagsOf(base),
        audit: { ...schemaDefaults("audit"), ...v.audit } as AuditSettings,
        guardrails: {
            ...schemaDefaults("guardrails"),
            ...v.guardrails,
            approvedInstanceTypes: v.guardrails?.approvedInstanceTypes ?? pack?.approvedInstanceTypes ?? DEFAULT_INSTANCE_TYPES,
            adminRoleName: v.guardrails?.adminRoleName ?? organization.memberRoleName ?? DEFAULT_MEMBER_ROLE,
        },
        ...(v.policyPackConfig ? { policyPackConfig: v.policyPackConfig as string } : {}),
    };
    problems.push(...crossProblems(config, raw, pack, entries));
    problems.push(...explicitAccountProblems(config, entries.filter(e => e.valid) as Array<{ settings: AccountSettings; index: number }>));
    throwIfProblems(problems);
    return config;
}
