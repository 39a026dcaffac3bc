/**
 * A JSON policy document (`sourcePolicyDocuments`, `overridePolicyDocuments`) read into the provider's
 * model as Go's decoder reads it: struct fields matched case-insensitively (the last one wins),
 * `Action`/`Resource` kept as written, principals and conditions through the model's `UnmarshalJSON`
 * (a string principal is `*`, principal lists sorted, boolean condition values as strings, numbers
 * dropped), and Go's errors for what it cannot decode.
 */
import { goCompare, goType } from "./go-json";
import { Condition, Doc, PolicyDocumentError, Principal, Statement } from "./model";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The value of a struct field as Go's decoder finds it: exact name or ASCII case-insensitive, the last one wins. */
function field(obj: Record<string, unknown>, name: string): { found: boolean; value?: unknown } {
    let found = false;
    let value: unknown;
    for (const [k, v] of Object.entries(obj)) {
        if (k.toLowerCase() === name.toLowerCase()) {
            found = true;
            value = v;
        }
    }
    return { found, value };
}

function stringField(obj: Record<string, unknown>, name: string, struct: string): string {
    const { value } = field(obj, name);
    if (value === undefined || value === null) {
        return "";
    }
    if (typeof value !== "string") {
        throw new PolicyDocumentError(`json: cannot unmarshal ${goKind(value)} into Go struct field ${struct}.${name} of type string`);
    }
    return value;
}

function goKind(v: unknown): string {
    return Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v;
}

function decodePrincipals(v: unknown): Principal[] {
    if (typeof v === "string") {
        return [{ type: "*", identifiers: ["*"] }];
    }
    if (!isObject(v)) {
        throw new PolicyDocumentError(`Unsupported data type ${goType(v)} for IAMPolicyStatementPrincipalSet`);
    }
    return Object.entries(v).map(([type, ids]) => {
        if (typeof ids === "string") {
            return { type, identifiers: ids };
        }
        if (!Array.isArray(ids)) {
            throw new PolicyDocumentError(`Unsupported data type ${goType(ids)} for IAMPolicyStatementPrincipalSet.Identifiers`);
        }
        if (ids.some(i => typeof i !== "string")) {
            throw new PolicyDocumentError(`principal ${type}: identifiers must be strings (the provider panics on ${JSON.stringify(ids)})`);
        }
        return { type, identifiers: [...(ids as string[])].sort(goCompare) };
    });
}

function decodeConditions(v: unknown): Condition[] {
    if (v === null || v === undefined) {
        return [];
    }
    if (!isObject(v)) {
        throw new PolicyDocumentError(`json: cannot unmarshal ${goKind(v)} into Go value of type map[string]map[string]interface {}`);
    }
    const out: Condition[] = [];
    for (const [test, byKey] of Object.entries(v)) {
        if (byKey === null) {
            continue;
        }
        if (!isObject(byKey)) {
            throw new PolicyDocumentError(`json: cannot unmarshal ${goKind(byKey)} into Go value of type map[string]interface {}`);
        }
        for (const [variable, values] of Object.entries(byKey)) {
            if (typeof values === "string") {
                out.push({ test, variable, values: [values] });
            } else if (typeof values === "boolean") {
                out.push({ test, variable, values: String(values) });
            } else if (Array.isArray(values)) {
                if (values.some(x => typeof x !== "string")) {
                    throw new PolicyDocumentError(`condition ${test} ${variable}: values must be strings (the provider panics on ${JSON.stringify(values)})`);
                }
                out.push({ test, variable, values: values as string[] });
            }
            // Any other JSON value (a number, null, an object) is dropped by the provider's model.
        }
    }
    return out;
}

function decodeStatement(v: unknown, index: number): Statement {
    if (!isObject(v)) {
        throw new PolicyDocumentError(v === null ? `statement ${index} is null`
            : `json: cannot unmarshal ${goKind(v)} into Go struct field IAMPolicyDoc.Statement of type iam.IAMPolicyStatement`);
    }
    const s: Statement = {
        sid: stringField(v, "Sid", "IAMPolicyStatement"),
        effect: stringField(v, "Effect", "IAMPolicyStatement"),
        principals: [], notPrincipals: [], conditions: [],
    };
    const any = (name: string) => field(v, name).value ?? undefined;
    s.actions = any("Action");
    s.notActions = any("NotAction");
    s.resources = any("Resource");
    s.notResources = any("NotResource");
    for (const [name, key] of [["Principal", "principals"], ["NotPrincipal", "notPrincipals"]] as const) {
        const f = field(v, name);
        if (f.found) {
            s[key] = decodePrincipals(f.value);
        }
    }
    s.conditions = decodeConditions(field(v, "Condition").value);
    return s;
}

export function decodeDocument(text: string, what: string, index: number): Doc {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new PolicyDocumentError(`"${what}.${index}" contains an invalid JSON: ${(e as Error).message}`);
    }
    if (parsed === null) {
        return { version: "", id: "", statements: [] };
    }
    if (!isObject(parsed)) {
        throw new PolicyDocumentError(`json: cannot unmarshal ${goKind(parsed)} into Go value of type iam.IAMPolicyDoc`);
    }
    const statements = field(parsed, "Statement").value;
    if (statements !== undefined && statements !== null && !Array.isArray(statements)) {
        throw new PolicyDocumentError(`json: cannot unmarshal ${goKind(statements)} into Go struct field IAMPolicyDoc.Statement of type []*iam.IAMPolicyStatement`);
    }
    return {
        version: stringField(parsed, "Version", "IAMPolicyDoc"),
        id: stringField(parsed, "Id", "IAMPolicyDoc"),
        statements: (statements ?? []).map(decodeStatement),
    };
}
