/**
 * What changed between two plans of `mlgov check` (base → head): resources added, removed and changed
 * (with the input paths that changed), per account, and violations introduced and cleared.
 *
 * - Resources are matched by URN. A changed resource lists the paths of the inputs that differ
 *   (`tags.owner`, `ingress[1].cidrBlocks[0]`); inputs that are JSON text (IAM policies, provider
 *   settings) are compared as the JSON they hold (`policy.Statement[2].Condition`). A resource whose
 *   account changed lists `(account)`.
 * - Violations are matched by resource, policy, level and message; one whose message alone changed is
 *   neither introduced nor cleared. A violation belongs to the account of its resource (in head when
 *   introduced, in base when cleared).
 */
import type { Plan, PlanResource, PlanViolation } from "../check/plan-format";

/** At most this many changed paths are listed per resource (the rest is counted). */
export const MAX_PATHS = 25;

export interface ChangedResource {
    base: PlanResource;
    head: PlanResource;
    /** The changed input paths (at most MAX_PATHS). */
    paths: string[];
    /** How many more changed paths there are. */
    more: number;
}

export interface AccountDiff {
    /** Account id, "" for resources in no account. */
    id: string;
    name: string;
    /** "added": only in head; "removed": only in base. */
    status: "added" | "removed" | "both";
    added: PlanResource[];
    removed: PlanResource[];
    changed: ChangedResource[];
    introduced: PlanViolation[];
    cleared: PlanViolation[];
}

export interface PlanDiff {
    base: Plan;
    head: Plan;
    /** Accounts with any change, by id ("" last). */
    accounts: AccountDiff[];
    added: number;
    removed: number;
    changed: number;
    introduced: PlanViolation[];
    cleared: PlanViolation[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** JSON text holding an object or a list, parsed; undefined for anything else. */
function jsonText(v: unknown): unknown {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(v);
        return typeof parsed === "object" && parsed !== null ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** `path.k`, or `path["k"]` when k is not a plain name. */
function key(path: string, k: string): string {
    if (/^[A-Za-z_$][\w$-]*$/.test(k)) {
        return path === "" ? k : `${path}.${k}`;
    }
    return `${path}[${JSON.stringify(k)}]`;
}

/** Appends the paths where `a` and `b` differ. */
export function changedPaths(a: unknown, b: unknown, path = "", out: string[] = []): string[] {
    if (a === b) {
        return out;
    }
    const ja = jsonText(a);
    const jb = jsonText(b);
    if (ja !== undefined && jb !== undefined) {
        return changedPaths(ja, jb, path, out);
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
            if (i >= a.length || i >= b.length) {
                out.push(`${path}[${i}]`);
            } else {
                changedPaths(a[i], b[i], `${path}[${i}]`, out);
            }
        }
        return out;
    }
    if (isObject(a) && isObject(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        for (const k of keys) {
            if (!(k in a) || !(k in b)) {
                out.push(key(path, k));
            } else {
                changedPaths(a[k], b[k], key(path, k), out);
            }
        }
        return out;
    }
    out.push(path === "" ? "(inputs)" : path);
    return out;
}

const violationKey = (v: PlanViolation) => JSON.stringify([v.urn, v.policy, v.enforcementLevel, v.message]);
const looseKey = (v: PlanViolation) => JSON.stringify([v.urn, v.policy, v.enforcementLevel]);

/** Violations of `from` not in `to`, as multisets: exact matches first, then same resource, policy and level. */
function unmatched(from: readonly PlanViolation[], to: readonly PlanViolation[]): PlanViolation[] {
    const exact = new Map<string, number>();
    for (const v of to) {
        exact.set(violationKey(v), (exact.get(violationKey(v)) ?? 0) + 1);
    }
    const left: PlanViolation[] = [];
    for (const v of from) {
        const n = exact.get(violationKey(v)) ?? 0;
        if (n > 0) {
            exact.set(violationKey(v), n - 1);
        } else {
            left.push(v);
        }
    }
    // Whatever is left on the other side, matched loosely (the message changed).
    const other = new Map<string, number>();
    for (const v of to) {
        const n = exact.get(violationKey(v)) ?? 0;
        if (n > 0) {
            exact.set(violationKey(v), n - 1);
            other.set(looseKey(v), (other.get(looseKey(v)) ?? 0) + 1);
        }
    }
    return left.filter(v => {
        const n = other.get(looseKey(v)) ?? 0;
        if (n > 0) {
            other.set(looseKey(v), n - 1);
            return false;
        }
        return true;
    });
}

/** The differences from `base` to `head`. */
export function diffPlans(base: Plan, head: Plan): PlanDiff {
    const baseByUrn = new Map(base.resources.map(r => [r.urn, r]));
    const headByUrn = new Map(head.resources.map(r => [r.urn, r]));
    const names = new Map<string, string>([...base.accounts, ...head.accounts].map(a => [a.id, a.name]));
    const inBase = new Set(base.accounts.map(a => a.id));
    const inHead = new Set(head.accounts.map(a => a.id));
    const accounts = new Map<string, AccountDiff>();
    const accountDiff = (id: string): AccountDiff => {
        let a = accounts.get(id);
        if (!a) {
            a = {
                id, name: names.get(id) ?? id,
                status: id !== "" && inHead.has(id) && !inBase.has(id) ? "added" : id !== "" && inBase.has(id) && !inHead.has(id) ? "removed" : "both",
                added: [], removed: [], changed: [], introduced: [], cleared: [],
            };
            accounts.set(id, a);
        }
        return a;
    };
    let added = 0;
    let removed = 0;
    let changed = 0;
    for (const r of head.resources) {
        const before = baseByUrn.get(r.urn);
        if (!before) {
            accountDiff(r.account).added.push(r);
            added++;
            continue;
        }
        const paths = changedPaths(before.inputs, r.inputs);
        if (before.account !== r.account) {
            paths.unshift("(account)");
        }
        if (paths.length > 0) {
            accountDiff(r.account).changed.push({ base: before, head: r, paths: paths.slice(0, MAX_PATHS), more: Math.max(0, paths.length - MAX_PATHS) });
            changed++;
        }
    }
    for (const r of base.resources) {
        if (!headByUrn.has(r.urn)) {
            accountDiff(r.account).removed.push(r);
            removed++;
        }
    }
    const introduced = unmatched(head.violations, base.violations);
    const cleared = unmatched(base.violations, head.violations);
    for (const v of introduced) {
        accountDiff(headByUrn.get(v.urn)?.account ?? baseByUrn.get(v.urn)?.account ?? "").introduced.push(v);
    }
    for (const v of cleared) {
        accountDiff(baseByUrn.get(v.urn)?.account ?? headByUrn.get(v.urn)?.account ?? "").cleared.push(v);
    }
    for (const id of [...inBase, ...inHead]) {
        if (!inBase.has(id) || !inHead.has(id)) {
            accountDiff(id);
        }
    }
    const sorted = [...accounts.values()].sort((a, b) => (a.id === "" ? 1 : 0) - (b.id === "" ? 1 : 0) || a.id.localeCompare(b.id));
    return { base, head, accounts: sorted, added, removed, changed, introduced, cleared };
}
