/**
 * The provider's policy model (`policy_model.go`): a document, its statements, principals and
 * conditions, how they merge (`IAMPolicyDoc.Merge`) and how they render (the model's `MarshalJSON`).
 */
import { Ordered, reverseSorted } from "./go-json";

/** What the provider reports for arguments it rejects. */
export class PolicyDocumentError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyDocumentError";
    }
}

export interface Principal {
    type: string;
    identifiers: string | string[];
}

export interface Condition {
    test: string;
    variable: string;
    values: string | string[];
}

/** A statement of the provider's model; `undefined` is Go's nil. */
export interface Statement {
    sid: string;
    effect: string;
    actions?: unknown;
    notActions?: unknown;
    resources?: unknown;
    notResources?: unknown;
    principals: Principal[];
    notPrincipals: Principal[];
    conditions: Condition[];
}

export interface Doc {
    version: string;
    id: string;
    statements: Statement[];
}

function renderPrincipals(ps: Principal[]): unknown {
    if (ps.length === 1 && ps[0].type === "*") {
        const ids = ps[0].identifiers;
        if (ids === "*" || (Array.isArray(ids) && ids.length === 1 && ids[0] === "*")) {
            return "*";
        }
    }
    const raw: Record<string, string | string[]> = {};
    for (const p of ps) {
        const have = raw[p.type];
        if (Array.isArray(p.identifiers)) {
            const list = have === undefined ? [] : typeof have === "string" ? [have] : have;
            p.identifiers = reverseSorted(p.identifiers);
            raw[p.type] = [...list, ...p.identifiers];
        } else {
            raw[p.type] = have === undefined ? p.identifiers : typeof have === "string" ? [have, p.identifiers] : [...have, p.identifiers];
        }
    }
    return raw;
}

function renderConditions(cs: Condition[]): unknown {
    const raw: Record<string, Record<string, string | string[]>> = {};
    for (const c of cs) {
        const byKey = raw[c.test] ??= {};
        const values = (byKey[c.variable] ??= []) as string[];
        values.push(...(Array.isArray(c.values) ? c.values : [c.values]));
    }
    for (const byKey of Object.values(raw)) {
        for (const [key, values] of Object.entries(byKey)) {
            if (values.length === 1) {
                byKey[key] = values[0];
            }
        }
    }
    return raw;
}

function renderStatement(s: Statement): Ordered {
    const out: Ordered = new Map();
    const put = (key: string, v: unknown) => v !== undefined && out.set(key, v);
    put("Sid", s.sid || undefined);
    put("Effect", s.effect || undefined);
    put("Action", s.actions);
    put("NotAction", s.notActions);
    put("Resource", s.resources);
    put("NotResource", s.notResources);
    put("Principal", s.principals.length > 0 ? renderPrincipals(s.principals) : undefined);
    put("NotPrincipal", s.notPrincipals.length > 0 ? renderPrincipals(s.notPrincipals) : undefined);
    put("Condition", s.conditions.length > 0 ? renderConditions(s.conditions) : undefined);
    return out;
}

export function renderDoc(doc: Doc): Ordered {
    const out: Ordered = new Map();
    if (doc.version) {
        out.set("Version", doc.version);
    }
    if (doc.id) {
        out.set("Id", doc.id);
    }
    if (doc.statements.length > 0) {
        out.set("Statement", doc.statements.map(renderStatement));
    }
    return out;
}

/** `IAMPolicyDoc.Merge`: the newer document's Id and higher Version; statements by Sid. */
export function merge(into: Doc, doc: Doc): void {
    if (doc.id) {
        into.id = doc.id;
    }
    if (doc.version > into.version) {
        into.version = doc.version;
    }
    for (const s of doc.statements) {
        const i = s.sid ? into.statements.findIndex(e => e.sid === s.sid) : -1;
        if (i >= 0) {
            into.statements[i] = s;
        } else {
            into.statements.push(s);
        }
    }
}
