/**
 * What `mlgov check` makes of a program run: the resources as the Pulumi engine would send them to the
 * policy pack (EvaluationPlan), the accounts they deploy to, and the plan written with `--out` (the
 * JSON output): `{"stack", "accounts": [{"id", "name"}], "resources": [{"urn", "type", "name",
 * "account", "inputs"}], "violations": [{"urn", "type", "policy", "enforcementLevel", "message"}]}`.
 *
 * As the engine does it:
 * - Analyze gets every registered resource but the root `pulumi:pulumi:Stack` (providers and
 *   components included), with its inputs as they went over the wire and its provider resource: an
 *   explicit provider, or the default provider the engine would create for the package
 *   (`pulumi:providers:aws::default_7_48_0`, its inputs the stack's `aws:` config and `version`).
 * - AnalyzeStack gets every resource (root stack and resources read with `.get()` included) with its
 *   outputs (a custom resource's inputs overlaid by what the mocks returned; a component's registered
 *   outputs), parent, dependencies and property dependencies.
 * - Resource references in properties are sent as the engine sends them to a plugin that does not
 *   take references: a custom resource's id, a component's URN. Secrets, assets and archives keep
 *   their signature objects.
 *
 * Accounts: a custom resource deploys to the account of its provider (`allowedAccountIds`, else the
 * account of the role it assumes, else the credentials' account); a provider to its own; a component
 * to the account of its `aws` provider option, else to the one account all its resources deploy to,
 * else its parent's; anything else (the root stack, resources of providers that are not AWS) to no
 * account (""). Account names come from the stack config (objects with a 12-digit `id` and a `name`,
 * keys like `managementAccountId`), then the accounts snapshot, else the id.
 */
import type { EvaluationPlan, EvaluatedDiagnostic, HostResource, ProviderResource } from "../engine";
import { SECRET_SIG, SPECIAL_SIG_KEY, ASSET_SIG, ARCHIVE_SIG } from "../engine/sentinels";
import { providerOf, ResourceRecord, targetOfInputs, world } from "./mocks";
import type { OrganizationSnapshot } from "./organizations";
import type { Plan, PlanAccount } from "./plan-format";

export { readPlan } from "./plan-format";
export type { Plan, PlanAccount, PlanResource, PlanViolation } from "./plan-format";

/** The signature of a resource reference on the wire. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
/** Packages whose providers deploy into an AWS account. */
const AWS_PACKAGES = new Set(["aws", "aws-native"]);

/** A resource of the run, with what the reports need. */
export interface CheckedResource {
    urn: string;
    type: string;
    name: string;
    account: string;
    custom: boolean;
    read: boolean;
    parent?: string;
    /** Synthesized: the default provider the engine would create. */
    defaultProvider?: boolean;
    record?: ResourceRecord;
}

export interface CheckedStack {
    project: string;
    stack: string;
    resources: CheckedResource[];
    accounts: PlanAccount[];
    evaluation: EvaluationPlan;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A wire value as the engine sends it to an analyzer: resource references downgraded, the rest as is. */
export function engineValue(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(engineValue);
    }
    if (!isObject(v)) {
        return v;
    }
    if (v[SPECIAL_SIG_KEY] === RESOURCE_SIG) {
        return typeof v.id === "string" && v.id !== "" ? v.id : v.urn;
    }
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) {
        out[k] = engineValue(e);
    }
    return out;
}

/** A wire value for the plan: JSON-safe and free of secrets. */
export function planValue(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(planValue);
    }
    if (!isObject(v)) {
        return v;
    }
    switch (v[SPECIAL_SIG_KEY]) {
        case SECRET_SIG:
            return "[secret]";
        case RESOURCE_SIG:
            return typeof v.id === "string" && v.id !== "" ? v.id : v.urn;
        case ASSET_SIG:
            return { asset: typeof v.path === "string" ? { path: v.path } : typeof v.uri === "string" ? { uri: v.uri }
                : { text: typeof v.text === "string" && v.text.length > 200 ? `${v.text.slice(0, 200)}… (${v.text.length} characters)` : v.text } };
        case ARCHIVE_SIG:
            return { archive: typeof v.path === "string" ? { path: v.path } : typeof v.uri === "string" ? { uri: v.uri }
                : { assets: planValue(v.assets ?? {}) } };
        default: {
            const out: Record<string, unknown> = {};
            for (const [k, e] of Object.entries(v)) {
                if (e !== undefined) {
                    out[k] = planValue(e);
                }
            }
            return out;
        }
    }
}

/** The package of a type token (`aws:s3/bucket:Bucket` → `aws`; `pulumi:providers:aws` → `aws`). */
export function packageOf(type: string): string {
    return type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0];
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` */
export function makeUrn(stack: string, project: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Names of accounts the stack config gives (`{id, name}` objects, `<role>AccountId` keys). */
export function accountNamesFromConfig(config: Record<string, string>): Map<string, string> {
    const names = new Map<string, string>();
    const fromKeys = new Map<string, string>();
    const visit = (v: unknown, key?: string) => {
        if (Array.isArray(v)) {
            v.forEach(e => visit(e));
            return;
        }
        if (isObject(v)) {
            if (typeof v.id === "string" && /^\d{12}$/.test(v.id) && typeof v.name === "string" && v.name !== "") {
                names.set(v.id, v.name);
            }
            for (const [k, e] of Object.entries(v)) {
                visit(e, k);
            }
            return;
        }
        const m = key ? /^(.+)AccountId$/.exec(key) : null;
        if (m && typeof v === "string" && /^\d{12}$/.test(v) && !fromKeys.has(v)) {
            fromKeys.set(v, m[1].replace(/[A-Z]/g, c => `-${c.toLowerCase()}`));
        }
    };
    for (const [key, value] of Object.entries(config)) {
        let parsed: unknown = value;
        if (/^[[{]/.test(value.trim())) {
            try {
                parsed = JSON.parse(value);
            } catch {
                parsed = value;
            }
        }
        visit(parsed, key.slice(key.indexOf(":") + 1));
    }
    for (const [id, name] of fromKeys) {
        if (!names.has(id)) {
            names.set(id, name);
        }
    }
    return names;
}

export interface BuildOptions {
    project: string;
    stack: string;
    /** The stack config as the runtime holds it (`aws:region`, …). */
    config: Record<string, string>;
    /** Version of each provider package the program uses (`aws` → `7.48.0`), for default provider names. */
    packageVersions: Map<string, string | undefined>;
    snapshot?: OrganizationSnapshot;
}

/** The stack's resources, accounts and evaluation plan, from the records of a run. */
export function buildCheckedStack(records: readonly ResourceRecord[], opts: BuildOptions): CheckedStack {
    const registered = records.filter((r): r is ResourceRecord & { urn: string } => typeof r.urn === "string");
    const root = registered.find(r => r.type === ROOT_STACK_TYPE);

    // Default providers, one per package that has a custom resource without an explicit provider.
    const defaults = new Map<string, ProviderResource>();
    for (const r of registered) {
        if (!r.custom || r.provider || r.type.startsWith("pulumi:providers:") || r.type === ROOT_STACK_TYPE) {
            continue;
        }
        const pkg = packageOf(r.type);
        if (defaults.has(pkg)) {
            continue;
        }
        const version = opts.packageVersions.get(pkg);
        const properties: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(opts.config)) {
            if (k.startsWith(`${pkg}:`)) {
                properties[k.slice(pkg.length + 1)] = v;
            }
        }
        if (version) {
            properties.version = version;
        }
        const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
        defaults.set(pkg, { urn: makeUrn(opts.stack, opts.project, `pulumi:providers:${pkg}`, name), type: `pulumi:providers:${pkg}`, name, properties });
    }

    const accountOfProvider = (type: string, inputs: Record<string, unknown> | undefined): string =>
        AWS_PACKAGES.has(packageOf(type)) ? targetOfInputs(inputs).account : "";
    const providerResource = (r: ResourceRecord): ProviderResource | undefined => {
        if (!r.custom || r.type.startsWith("pulumi:providers:") || r.type === ROOT_STACK_TYPE) {
            return undefined;
        }
        const p = providerOf(r.provider);
        if (p?.urn) {
            return { urn: p.urn, type: p.type, name: p.name, properties: engineValue(p.wire ?? p.inputs) as Record<string, unknown> };
        }
        return defaults.get(packageOf(r.type));
    };

    // Accounts: custom resources and providers first, then components.
    const account = new Map<string, string>();
    const defaultAccount = (pkg: string) => AWS_PACKAGES.has(pkg) ? targetOfInputs(world.defaultProvider).account : "";
    for (const [pkg, p] of defaults) {
        account.set(p.urn, defaultAccount(pkg));
    }
    for (const r of registered) {
        if (r.type === ROOT_STACK_TYPE || !r.custom) {
            continue;
        }
        if (r.type.startsWith("pulumi:providers:")) {
            account.set(r.urn, accountOfProvider(r.type, r.inputs));
        } else {
            const p = r.provider ? providerOf(r.provider) : undefined;
            account.set(r.urn, p ? accountOfProvider(p.type, p.inputs) : defaultAccount(packageOf(r.type)));
        }
    }
    const children = new Map<string, Array<ResourceRecord & { urn: string }>>();
    for (const r of registered) {
        if (r.parent) {
            const list = children.get(r.parent);
            if (list) {
                list.push(r);
            } else {
                children.set(r.parent, [r]);
            }
        }
    }
    const descendantAccounts = (urn: string, into: Set<string>) => {
        for (const c of children.get(urn) ?? []) {
            if (c.custom) {
                const a = account.get(c.urn);
                if (a) {
                    into.add(a);
                }
            } else {
                descendantAccounts(c.urn, into);
            }
        }
        return into;
    };
    const byUrn = new Map(registered.map(r => [r.urn, r]));
    const componentAccount = (r: ResourceRecord & { urn: string }, seen = new Set<string>()): string => {
        if (account.has(r.urn)) {
            return account.get(r.urn)!;
        }
        if (r.type === ROOT_STACK_TYPE || seen.has(r.urn)) {
            return "";
        }
        seen.add(r.urn);
        let result = "";
        const ref = r.providers?.aws ?? r.providers?.["aws-native"];
        const p = ref ? providerOf(ref) : undefined;
        if (p) {
            result = accountOfProvider(p.type, p.inputs);
        } else {
            const below = descendantAccounts(r.urn, new Set());
            if (below.size === 1) {
                result = [...below][0];
            } else if (below.size === 0 && r.parent && byUrn.has(r.parent)) {
                result = componentAccount(byUrn.get(r.parent)!, seen);
            }
        }
        account.set(r.urn, result);
        return result;
    };
    for (const r of registered) {
        if (!r.custom) {
            componentAccount(r);
        }
    }

    // The resources, in the order the engine would see them: root, default providers, registrations.
    const resources: CheckedResource[] = [];
    if (root) {
        resources.push({ urn: root.urn, type: root.type, name: root.name, account: "", custom: false, read: false, record: root });
    }
    for (const p of defaults.values()) {
        resources.push({ urn: p.urn, type: p.type, name: p.name, account: account.get(p.urn) ?? "", custom: true, read: false, parent: undefined, defaultProvider: true });
    }
    for (const r of registered) {
        if (r === root) {
            continue;
        }
        resources.push({ urn: r.urn, type: r.type, name: r.name, account: account.get(r.urn) ?? "", custom: r.custom, read: r.read === true, parent: r.parent, record: r });
    }

    // What the engine sends.
    const analyze: HostResource[] = [];
    const stack: HostResource[] = [];
    const outputsOf = (r: ResourceRecord): Record<string, unknown> => {
        if (!r.custom) {
            return r.outputs && Object.keys(r.outputs).length > 0 ? r.outputs : r.wire ?? {};
        }
        const out: Record<string, unknown> = { ...(r.wire ?? {}) };
        for (const [k, v] of Object.entries(r.state)) {
            if (v !== undefined && v !== r.inputs[k]) {
                out[k] = v;
            }
        }
        return out;
    };
    for (const c of resources) {
        const base: Omit<HostResource, "properties"> = { urn: c.urn, type: c.type, name: c.name };
        if (c.record) {
            const provider = providerResource(c.record);
            if (provider) {
                base.provider = provider;
            }
            base.parent = c.record.parent;
            base.dependencies = c.record.dependencies;
            base.propertyDependencies = c.record.propertyDependencies;
        } else if (root) {
            base.parent = root.urn;
        }
        const inputs = c.record ? engineValue(c.record.wire ?? {}) as Record<string, unknown> : defaultsByUrn(defaults, c.urn);
        if (c.type !== ROOT_STACK_TYPE && !c.read) {
            analyze.push({ ...base, properties: inputs });
        }
        stack.push({ ...base, properties: c.record ? engineValue(outputsOf(c.record)) as Record<string, unknown> : inputs });
    }

    // Account names.
    const ids = [...new Set(resources.map(r => r.account).filter(a => a !== ""))].sort();
    const fromConfig = accountNamesFromConfig(opts.config);
    const fromSnapshot = new Map((opts.snapshot?.accounts ?? []).map(a => [a.id, a.name]));
    const accounts = ids.map(id => ({ id, name: fromConfig.get(id) ?? fromSnapshot.get(id) ?? id }));
    return { project: opts.project, stack: opts.stack, resources, accounts, evaluation: { analyze, stack } };
}

function defaultsByUrn(defaults: Map<string, ProviderResource>, urn: string): Record<string, unknown> {
    for (const p of defaults.values()) {
        if (p.urn === urn) {
            return p.properties;
        }
    }
    return {};
}

/** The plan of a checked stack and the pack's verdicts. */
export function toPlan(checked: CheckedStack, diagnostics: readonly EvaluatedDiagnostic[]): Plan {
    return {
        stack: checked.stack,
        accounts: checked.accounts.map(a => ({ id: a.id, name: a.name })),
        resources: checked.resources.filter(r => !r.read).map(r => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            account: r.account,
            inputs: planValue(r.record ? r.record.wire ?? {} : checked.evaluation.analyze.find(a => a.urn === r.urn)?.properties ?? {}) as Record<string, unknown>,
        })),
        violations: diagnostics.map(d => ({
            urn: d.urn,
            type: d.type,
            policy: d.policyName,
            enforcementLevel: d.enforcementLevel,
            message: d.message,
        })),
    };
}
