/**
 * The data source's own arguments (`statements` and their principals and conditions) read as the
 * provider's schema reads them: `actions`, `resources` and identifiers are sets of strings, principal
 * and condition blocks sets of blocks, in the order of the plugin SDK's `schema.Set` (the CRC-32 of
 * each element's hash serialization, ordered as decimal strings); `effect` defaults to `Allow`;
 * `&{` becomes `${`.
 */
import { crc32 } from "node:zlib";
import { reverseSorted } from "./go-json";
import { Condition, PolicyDocumentError, Principal, Statement } from "./model";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `schema.Set.List()` of a set whose hash is `hash`: one element per hash code, ordered by the codes as strings. */
function setList<T>(items: readonly T[], hash: (item: T) => string): T[] {
    const byCode = new Map<string, T>();
    for (const item of items) {
        const code = String(crc32(Buffer.from(hash(item), "utf8")));
        if (!byCode.has(code)) {
            byCode.set(code, item);
        }
    }
    return [...byCode.keys()].sort().map(code => byCode.get(code) as T);
}

/** The serialization the plugin SDK hashes a string element of a set with (`HashSchema`). */
const stringElement = (s: string) => `${s};`;

function stringList(v: unknown, path: string): string[] {
    if (v === undefined || v === null) {
        return [];
    }
    if (!Array.isArray(v) || v.some(x => typeof x !== "string")) {
        throw new PolicyDocumentError(`${path} must be a list of strings`);
    }
    return v as string[];
}

/** `policyDecodeConfigStringList`: a set of strings as the model holds it (nil, one string, or reverse sorted). */
function decodeSet(v: unknown, path: string): string | string[] | undefined {
    const list = setList(stringList(v, path), stringElement);
    return list.length === 0 ? undefined : list.length === 1 ? list[0] : reverseSorted(list);
}

/** `&{` → `${` (Terraform's escape of a policy variable), refused in a 2008-10-17 document. */
function replaceVars<T extends string | string[] | undefined>(v: T, version: string): T {
    const one = (s: string) => {
        if (version === "2008-10-17" && s.includes("&{")) {
            throw new PolicyDocumentError(`found &{ sequence in (${s}), which is not supported in document version 2008-10-17`);
        }
        return s.split("&{").join("${");
    };
    return (v === undefined ? v : Array.isArray(v) ? v.map(one) : one(v)) as T;
}

function required(obj: Record<string, unknown>, key: string, path: string): unknown {
    if (obj[key] === undefined || obj[key] === null) {
        throw new PolicyDocumentError(`${path}.${key}: the argument "${key}" is required, but no definition was found`);
    }
    return obj[key];
}

/** The provider's wording of an error in one part of a statement: `reading principals: …`. */
function reading<T>(what: string, f: () => T): T {
    try {
        return f();
    } catch (e) {
        throw e instanceof PolicyDocumentError && /^(found &\{|reading )/.test(e.message) ? new PolicyDocumentError(`reading ${what}: ${e.message}`) : e;
    }
}

function argPrincipals(v: unknown, version: string, path: string): Principal[] {
    const blocks = (v ?? []) as unknown[];
    if (!Array.isArray(blocks)) {
        throw new PolicyDocumentError(`${path} must be a list of {type, identifiers}`);
    }
    const parsed = blocks.map((b, i) => {
        const p = `${path}[${i}]`;
        if (!isObject(b)) {
            throw new PolicyDocumentError(`${p} must be {type, identifiers}`);
        }
        const type = required(b, "type", p);
        if (typeof type !== "string") {
            throw new PolicyDocumentError(`${p}.type must be a string`);
        }
        return { type, identifiers: setList(stringList(required(b, "identifiers", p), `${p}.identifiers`), stringElement) };
    });
    const hash = (p: { type: string; identifiers: string[] }) => `identifiers:{${p.identifiers.map(stringElement).join("")}};type:${p.type};`;
    return setList(parsed, hash).map(p => ({
        type: p.type,
        identifiers: reading("identifiers", () => replaceVars(p.identifiers.length === 1 ? p.identifiers[0] : reverseSorted(p.identifiers), version)),
    }));
}

function argConditions(v: unknown, version: string, path: string): Condition[] {
    const blocks = (v ?? []) as unknown[];
    if (!Array.isArray(blocks)) {
        throw new PolicyDocumentError(`${path} must be a list of {test, variable, values}`);
    }
    const parsed = blocks.map((b, i) => {
        const p = `${path}[${i}]`;
        if (!isObject(b)) {
            throw new PolicyDocumentError(`${p} must be {test, variable, values}`);
        }
        const test = required(b, "test", p);
        const variable = required(b, "variable", p);
        if (typeof test !== "string" || typeof variable !== "string") {
            throw new PolicyDocumentError(`${p}: test and variable must be strings`);
        }
        return { test, variable, values: stringList(required(b, "values", p), `${p}.values`) };
    });
    const hash = (c: { test: string; variable: string; values: string[] }) =>
        `test:${c.test};values:(${c.values.map(stringElement).join("")});variable:${c.variable};`;
    return setList(parsed, hash).map(c => {
        const values = reading("values", () => replaceVars(c.values, version));
        return { test: c.test, variable: c.variable, values: values.length === 1 ? values[0] : values };
    });
}

export function argStatements(v: unknown, version: string): Statement[] {
    if (v === undefined || v === null) {
        return [];
    }
    if (!Array.isArray(v)) {
        throw new PolicyDocumentError("statements must be a list");
    }
    const sids = new Set<string>();
    return v.map((raw, i) => {
        const path = `statement.${i}`;
        if (!isObject(raw)) {
            throw new PolicyDocumentError(`${path} must be an object`);
        }
        const effect = raw.effect ?? "Allow";
        if (effect !== "Allow" && effect !== "Deny") {
            throw new PolicyDocumentError(`expected ${path}.effect to be one of ["Allow" "Deny"], got ${String(effect)}`);
        }
        const sid = raw.sid ?? "";
        if (typeof sid !== "string") {
            throw new PolicyDocumentError(`${path}.sid must be a string`);
        }
        if (sids.has(sid)) {
            throw new PolicyDocumentError(`writing IAM Policy Document: duplicate Sid (${sid}). Remove the Sid or ensure the Sid is unique.`);
        }
        if (sid) {
            sids.add(sid);
        }
        return {
            sid, effect,
            actions: decodeSet(raw.actions, `${path}.actions`),
            notActions: decodeSet(raw.notActions, `${path}.not_actions`),
            resources: reading("resources", () => replaceVars(decodeSet(raw.resources, `${path}.resources`), version)),
            notResources: reading("not_resources", () => replaceVars(decodeSet(raw.notResources, `${path}.not_resources`), version)),
            principals: reading("principals", () => argPrincipals(raw.principals, version, `${path}.principals`)),
            notPrincipals: reading("not_principals", () => argPrincipals(raw.notPrincipals, version, `${path}.not_principals`)),
            conditions: reading("condition", () => argConditions(raw.conditions, version, `${path}.condition`)),
        };
    });
}
