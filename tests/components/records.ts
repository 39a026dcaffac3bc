/**
 * Reading what a component registered under the mocks: the records of one build, by type and name,
 * and the policy documents in their inputs. Shared by the component specs.
 */
import * as assert from "node:assert/strict";
import type { InvokeRecord, ResourceRecord } from "./mocks";

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: unknown;
    Action?: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}
export interface Document { Version: string; Statement: Statement[] }

/** One component built with a member provider, and everything registered and invoked meanwhile. */
export interface Built<C> {
    component: C;
    providerUrn: string;
    resources: ResourceRecord[];
    invokes: InvokeRecord[];
}

/** A value or list of values as a list (policy elements take either). */
export const list = <V>(v: V | V[] | undefined): V[] => v === undefined ? [] : Array.isArray(v) ? v : [v];

/** The resources of `type`. */
export const of = (b: { resources: ResourceRecord[] }, type: string) => b.resources.filter(r => r.type === type);

/** The one resource of `type` named `name` (fails unless there is exactly one). */
export function one(b: { resources: ResourceRecord[] }, type: string, name: string): ResourceRecord {
    const found = b.resources.filter(r => r.type === type && r.name === name);
    assert.equal(found.length, 1, `${type} ${name}: ${found.length} registered`);
    return found[0];
}

/** The policy document in input `key`, which the provider receives as JSON. */
export function doc(r: ResourceRecord, key = "policy"): Document {
    const value = r.inputs[key];
    assert.equal(typeof value, "string", `${r.type} ${r.name}.${key} is sent to the provider as JSON`);
    return JSON.parse(value as string) as Document;
}

/** The value at a dotted path (`a.b.0.c`), or undefined. */
export const at = (v: unknown, path: string): unknown => path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], v);
