/**
 * The plan of `mlgov check` (`--out`, `--format json`), and reading one back for `mlgov diff`:
 * `{"stack", "accounts": [{"id", "name"}], "resources": [{"urn", "type", "name", "account",
 * "inputs"}], "violations": [{"urn", "type", "policy", "enforcementLevel", "message"}]}`.
 * Free of the Pulumi SDK, so that `mlgov diff` starts fast.
 */
import type { EnforcementLevel } from "../engine";
import { InputError } from "../io";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface PlanAccount {
    id: string;
    name: string;
}

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    /** The account it deploys to; "" for none (the root stack, non-AWS providers) or a component across accounts. */
    account: string;
    /** Its inputs, JSON-safe: secrets as "[secret]", references as ids or URNs, assets and archives described. */
    inputs: Record<string, unknown>;
}

export interface PlanViolation {
    urn: string;
    type: string;
    policy: string;
    enforcementLevel: EnforcementLevel;
    message: string;
}

/** The JSON plan (`--out`, `--format json`). */
export interface Plan {
    stack: string;
    accounts: PlanAccount[];
    resources: PlanResource[];
    violations: PlanViolation[];
}

/** A plan read back (for `mlgov diff`), checked for shape; an InputError names the field that is wrong. */
export function readPlan(doc: unknown, where: string): Plan {
    const fail = (what: string): never => {
        throw new InputError(`${where} is not an mlgov check plan: ${what}`);
    };
    if (!isObject(doc)) {
        return fail("not a JSON object");
    }
    if (typeof doc.stack !== "string") {
        fail(`"stack" must be a string`);
    }
    for (const key of ["accounts", "resources", "violations"]) {
        if (!Array.isArray(doc[key])) {
            fail(`"${key}" must be a list`);
        }
    }
    const accounts = (doc.accounts as unknown[]).map((a, i) => {
        if (!isObject(a) || typeof a.id !== "string" || typeof a.name !== "string") {
            return fail(`accounts[${i}] must have a string "id" and "name"`);
        }
        return { id: a.id, name: a.name };
    });
    const resources = (doc.resources as unknown[]).map((r, i) => {
        if (!isObject(r) || typeof r.urn !== "string" || typeof r.type !== "string" || typeof r.name !== "string" ||
            typeof r.account !== "string" || !isObject(r.inputs)) {
            return fail(`resources[${i}] must have string "urn", "type", "name", "account" and an object "inputs"`);
        }
        return { urn: r.urn, type: r.type, name: r.name, account: r.account, inputs: r.inputs };
    });
    const violations = (doc.violations as unknown[]).map((v, i) => {
        if (!isObject(v) || typeof v.urn !== "string" || typeof v.type !== "string" || typeof v.policy !== "string" ||
            typeof v.enforcementLevel !== "string" || typeof v.message !== "string") {
            return fail(`violations[${i}] must have string "urn", "type", "policy", "enforcementLevel" and "message"`);
        }
        return { urn: v.urn, type: v.type, policy: v.policy, enforcementLevel: v.enforcementLevel as EnforcementLevel, message: v.message };
    });
    return { stack: doc.stack as string, accounts, resources, violations };
}
