/**
 * The ML accounts of a stack: the explicit `accounts` of the config merged with the discovered ones
 * (their `mlgov:` tags mapped to settings), every setting resolved, and the checks across accounts
 * (overlapping VPC blocks, the organization's own accounts, instance types beyond the guardrails,
 * explicit accounts missing from discovery). Every problem is collected into one ConfigError.
 */
import { defaultAppInstanceType, isApprovedInstanceType } from "../components/instance-types";
import { Cidr, cidrsOverlap, parseCidr } from "./cidr";
import type { DiscoveredAccount, DiscoveryResult } from "./discovery";
import { ConfigProblem, throwIfProblems } from "./errors";
import { ACCOUNT_FIELDS, ACCOUNT_TAG_PREFIX, ACCOUNT_TAGS, CONFIG_NAMESPACE, DEFAULT_VPC_CIDR } from "./schema";
import { defaultTagsOf } from "./tags";
import { AccountSettings, AccountSource, GovernanceConfig, GovernedAccount } from "./types";
import { suggestion, validateField } from "./validate";

type Setting = "regions" | "vpcCidr" | "userProfiles" | "approvedInstanceTypes";
const SETTINGS: readonly Setting[] = ["regions", "vpcCidr", "userProfiles", "approvedInstanceTypes"];
const TAG_OF = Object.fromEntries(Object.entries(ACCOUNT_TAGS).map(([tag, { setting }]) => [setting, tag])) as Record<Setting, string>;

/** An account being resolved, with where each setting came from (for the messages). */
interface Draft {
    readonly account: GovernedAccount;
    readonly label: string;
    /** Where to fix each setting (and the account itself: `id`). */
    readonly paths: Readonly<Record<Setting | "id", string>>;
    /** Settings that took the default. */
    readonly defaulted: ReadonlySet<Setting>;
}

/** `account 012345678901 (name)`. */
export const accountLabel = (id: string, name: string) => `account ${id} (${name})`;
const accountPath = (index: number) => `${CONFIG_NAMESPACE}:accounts[${index}]`;

/** The settings a discovered account's `mlgov:` tags give, checked like the config's; unknown `mlgov:` tags are errors. */
export function tagSettings(account: DiscoveredAccount, problems: ConfigProblem[]): Partial<Record<Setting, unknown>> {
    const out: Partial<Record<Setting, unknown>> = {};
    const label = accountLabel(account.id, account.name);
    for (const [key, value] of Object.entries(account.tags).sort(([a], [b]) => a.localeCompare(b))) {
        if (!key.startsWith(ACCOUNT_TAG_PREFIX)) {
            continue;
        }
        const path = `tag ${key} of ${label}`;
        const spec = ACCOUNT_TAGS[key];
        if (!spec) {
            const close = suggestion(key, Object.keys(ACCOUNT_TAGS));
            problems.push({ path, message: `unknown ml-governance tag${close ? `; did you mean "${close}"?` : ""} (known: ${Object.keys(ACCOUNT_TAGS).join(", ")})` });
            continue;
        }
        const field = ACCOUNT_FIELDS[spec.setting];
        const given = field.type === "list" ? value.split(/[\s,]+/).filter(Boolean) : value;
        const local: ConfigProblem[] = [];
        const checked = validateField(field, given, path, local);
        problems.push(...local.map(p => ({ path, message: p.message })));
        if (local.length === 0 && checked !== undefined) {
            out[spec.setting as Setting] = checked;
        }
    }
    return out;
}

function draft(config: GovernanceConfig, explicit: { settings: AccountSettings; index: number } | undefined,
    discovered: DiscoveredAccount | undefined, problems: ConfigProblem[]): Draft {
    const e = explicit?.settings;
    const id = (e?.id ?? discovered?.id) as string;
    const name = e?.name ?? discovered?.name ?? id;
    const label = accountLabel(id, name);
    const tagged = discovered ? tagSettings(discovered, problems) : {};
    const defaults: Record<Setting, unknown> = {
        regions: config.regions, vpcCidr: DEFAULT_VPC_CIDR, userProfiles: [], approvedInstanceTypes: config.guardrails.approvedInstanceTypes,
    };
    const values = {} as Record<Setting, unknown>;
    const paths = {} as Record<Setting | "id", string>;
    const defaulted = new Set<Setting>();
    for (const s of SETTINGS) {
        const fromConfig = e?.[s];
        values[s] = fromConfig ?? tagged[s] ?? defaults[s];
        if (fromConfig === undefined && tagged[s] === undefined) {
            defaulted.add(s);
        }
        paths[s] = fromConfig !== undefined || (tagged[s] === undefined && explicit)
            ? `${accountPath(explicit!.index)}.${s}`
            : `tag ${TAG_OF[s]} of ${label}`;
    }
    paths.id = explicit ? `${accountPath(explicit.index)}.id` : `discovered ${label} in ${discovered!.organizationalUnitId}`;
    const source: AccountSource = e && discovered ? "config+discovery" : e ? "config" : "discovery";
    const account: GovernedAccount = {
        id, name,
        regions: [...new Set(values.regions as string[])].sort(),
        vpcCidr: values.vpcCidr as string,
        userProfiles: [...(values.userProfiles as string[])],
        approvedInstanceTypes: [...(values.approvedInstanceTypes as string[])],
        defaultTags: defaultTagsOf(config, e?.tags),
        source,
        ...(discovered ? { organizationalUnitId: discovered.organizationalUnitId } : {}),
    };
    return { account, label, paths, defaulted };
}

/** Problems between accounts and with the organization's settings. */
function accountProblems(drafts: readonly Draft[], config: GovernanceConfig): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const org = config.organization;
    const roles: Array<[string | undefined, string]> = [
        [org.managementAccountId, "the management account (SCPs do not apply to it, so it cannot be governed as an ML account)"],
        [org.securityAccountId, "the security account (delegated administrator; keep ML workloads out of it)"],
        [org.logArchiveAccountId, "the log-archive account (it holds the audit logs; keep ML workloads out of it)"],
    ];
    for (const d of drafts) {
        for (const [id, role] of roles) {
            if (id === d.account.id) {
                problems.push({ path: d.paths.id, message: `${d.label} is ${role}; remove it from the ML accounts` });
            }
        }
        if (!d.defaulted.has("approvedInstanceTypes")) {
            for (const type of d.account.approvedInstanceTypes) {
                if (!isApprovedInstanceType(type, config.guardrails.approvedInstanceTypes)) {
                    problems.push({
                        path: d.paths.approvedInstanceTypes,
                        message: `"${type}" is not allowed by ${CONFIG_NAMESPACE}:guardrails.approvedInstanceTypes (the organization's SCP ` +
                            "would deny it); an account may only narrow that list: add it there or remove it here",
                    });
                }
            }
            try {
                defaultAppInstanceType(d.account.approvedInstanceTypes);
            } catch {
                problems.push({
                    path: d.paths.approvedInstanceTypes,
                    message: "none of these is a concrete instance type Studio's default apps can start on (such as ml.t3.medium); add one",
                });
            }
        }
    }
    const blocks = new Map(drafts.map(d => [d, parseCidr(d.account.vpcCidr)]));
    drafts.forEach((b, j) => {
        for (const a of drafts.slice(0, j)) {
            const [ca, cb] = [blocks.get(a), blocks.get(b)];
            if (typeof ca === "string" || typeof cb === "string" || !ca || !cb || !cidrsOverlap(ca as Cidr, cb as Cidr)) {
                continue;
            }
            const shared = b.account.regions.filter(r => a.account.regions.includes(r));
            if (shared.length === 0) {
                continue;
            }
            const describe = (d: Draft, c: Cidr) => `${c.text}${d.defaulted.has("vpcCidr") ? " (the default)" : ""}`;
            problems.push({
                path: b.paths.vpcCidr,
                message: `${b.label} uses ${describe(b, cb)}, which overlaps ${describe(a, ca)} of ${a.label} (${a.paths.vpcCidr}) in ` +
                    `${shared.join(", ")}. VPCs of one region collide when peered or attached to a transit gateway (routes and ` +
                    "private DNS become ambiguous); give each account its own block",
            });
        }
    });
    return problems;
}

/**
 * The explicit accounts (`index`: their place in `accounts`), checked across accounts as if nothing
 * were discovered: what config.ts can check before discovery runs.
 */
export function explicitAccountProblems(config: GovernanceConfig, entries: ReadonlyArray<{ settings: AccountSettings; index: number }>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const drafts = entries.map(entry => draft(config, entry, undefined, problems));
    return [...problems, ...accountProblems(drafts, config)];
}

/**
 * The ML accounts of the stack, sorted by id: the explicit `accounts` merged with `discovery` (pass
 * discoverAccounts' result exactly when `config.discovery` is set). For an account in both, each
 * setting comes from the config entry if it sets it, else from the account's `mlgov:` tag, else from
 * the stack default. Throws a ConfigError with every problem: bad `mlgov:` tags, overlapping VPC
 * blocks in a region, an organization account among the ML accounts, instance types beyond the
 * guardrails, and explicit accounts expected under the OUs (`expectedInOu`, default true) but not
 * found there ACTIVE.
 */
export function resolveAccounts(config: GovernanceConfig, discovery?: DiscoveryResult): GovernedAccount[] {
    if (config.discovery && !discovery) {
        throw new Error("resolveAccounts: ml-governance:discovery is set; pass the result of discoverAccounts");
    }
    if (!config.discovery && discovery) {
        throw new Error("resolveAccounts: a discovery result was passed but ml-governance:discovery is not set");
    }
    const problems: ConfigProblem[] = [];
    const explicit = new Map(config.accounts.map((settings, index) => [settings.id, { settings, index }]));
    const discovered = new Map((discovery?.accounts ?? []).map(a => [a.id, a]));
    const ids = [...new Set([...explicit.keys(), ...discovered.keys()])].sort();
    const drafts = ids.map(id => draft(config, explicit.get(id), discovered.get(id), problems));

    if (discovery) {
        const ous = discovery.organizationalUnits.join(", ");
        for (const { settings, index } of explicit.values()) {
            if ((settings.expectedInOu ?? true) && !discovered.has(settings.id)) {
                const skipped = discovery.skipped.find(s => s.id === settings.id);
                problems.push({
                    path: accountPath(index),
                    message: `${accountLabel(settings.id, settings.name)} was not found ACTIVE under ${ous}` +
                        (skipped ? ` (it is ${skipped.state} in ${skipped.organizationalUnitId})` : "") +
                        "; fix the id, move the account into one of those OUs, or set expectedInOu: false if it lives elsewhere",
                });
            }
        }
    }
    problems.push(...accountProblems(drafts, config));
    throwIfProblems(problems);
    return drafts.map(d => d.account);
}
