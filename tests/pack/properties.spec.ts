/**
 * Property-based: no policy throws on any property bag — unknown sentinels anywhere, wrong types,
 * nulls, deep nesting — in validateResource, validateStack or remediateResource. Bags are built
 * from the compliant resources of the case files, with arbitrary values planted at the paths the
 * policies read, so that the checks run deep instead of stopping at the first missing property.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { secretsPreservingProxy } from "@pulumi/policy/secret";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { policies } from "../../policypacks/ml-guardrails/src/policies";
import { UNKNOWN_SENTINELS } from "../../policypacks/ml-guardrails/src/lib/unknowns";
import { allCases } from "./cases";
import { evaluateDirect, unknownCheckingProxy } from "./direct";

const sentinel = fc.constantFrom(...UNKNOWN_SENTINELS);
const leaf = fc.oneof(sentinel, fc.string(), fc.boolean(), fc.integer(), fc.constant(null), fc.constant(""),
    fc.constantFrom("Enabled", "Disabled", "VpcOnly", "USER_PROFILE_NAME", "ENABLED", "2", "ml.m5.large", "subnet-1", "sg-1"));
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>(tie => ({
    v: fc.oneof({ depthSize: "small", withCrossShrink: true },
        leaf, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), tie("v"), { maxKeys: 3 })),
})).v;

/** Every property path the case files use, with the type and the bag they were used on. */
const seeds = allCases.map(c => ({ type: c.type, props: JSON.parse(JSON.stringify(c.props)) as Record<string, unknown> }));

function paths(obj: unknown, prefix: string[] = []): string[][] {
    if (obj === null || typeof obj !== "object") {
        return [prefix];
    }
    const entries = Array.isArray(obj) ? obj.map((v, i) => [String(i), v] as const) : Object.entries(obj);
    return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function plant(obj: Record<string, unknown>, path: string[], v: unknown): Record<string, unknown> {
    if (path.length === 0) {
        return (v !== null && typeof v === "object" && !Array.isArray(v)) ? v as Record<string, unknown> : obj;
    }
    let at: Record<string, unknown> = obj;
    for (const key of path.slice(0, -1)) {
        if (at[key] === null || typeof at[key] !== "object") {
            at[key] = {};
        }
        at = at[key] as Record<string, unknown>;
    }
    at[path[path.length - 1]] = v;
    return obj;
}

const mutated = fc.integer({ min: 0, max: Math.max(0, seeds.length - 1) }).chain(i => {
    const seed = seeds[i];
    const all = paths(seed.props);
    return fc.tuple(fc.constant(seed), fc.array(fc.tuple(fc.constantFrom(...all), value), { minLength: 1, maxLength: 4 }));
}).map(([seed, plants]) => {
    let props = JSON.parse(JSON.stringify(seed.props)) as Record<string, unknown>;
    for (const [path, v] of plants) {
        props = plant(props, path, v);
    }
    return { type: seed.type, props };
});

const DEP_TYPES = ["aws:kms/key:Key", "aws:ec2/subnet:Subnet", "aws:s3/bucket:Bucket", "aws:ec2/securityGroup:SecurityGroup"];

describe("policies never throw", function () {
    this.timeout(120_000);

    it("on mutated SageMaker resources, with random dependencies and providers", () => {
        fc.assert(fc.property(mutated, fc.dictionary(fc.string({ maxLength: 12 }), fc.constantFrom(...DEP_TYPES)), value,
            (resource, deps, providerProps) => {
                const depResources = Object.values(deps).map((type, i) => ({ urn: `urn:pulumi:s::p::${type}::d${i}`, type, props: {} }));
                const propertyDependencies = Object.fromEntries(Object.keys(deps).map((k, i) => [k, [depResources[i].urn]]));
                const urn = `urn:pulumi:s::p::${resource.type}::r`;
                const provider = { urn: "urn:pulumi:s::p::pulumi:providers:aws::p", type: "pulumi:providers:aws", name: "p",
                    props: (providerProps !== null && typeof providerProps === "object" && !Array.isArray(providerProps)) ? providerProps as Record<string, unknown> : {} };
                const out = evaluateDirect([...depResources, { urn, type: resource.type, props: resource.props, provider, propertyDependencies }]);
                for (const d of out) {
                    assert.ok(typeof d.message === "string" && d.message.length > 0, `empty message from ${d.policy}`);
                }
            }), { numRuns: 400 });
    });

    it("on arbitrary top-level bags for every targeted type", () => {
        const types = [...new Set(policies.flatMap(p => p.meta.resourceTypes).filter(t => !t.endsWith("*")))];
        fc.assert(fc.property(fc.constantFrom(...types), fc.dictionary(fc.string({ maxLength: 30 }), value, { maxKeys: 6 }), (type, props) => {
            evaluateDirect([{ urn: `urn:pulumi:s::p::${type}::r`, type, props }]);
        }), { numRuns: 300 });
    });

    it("in remediation, behind the SDK's proxies, without touching unknowns", () => {
        const remediating = policies.filter(p => "remediateResource" in p && typeof p.remediateResource === "function");
        assert.ok(remediating.length >= 2, "the remediate-level policies are present");
        const sentinels = (o: unknown) => JSON.stringify(o).split('"').filter(s => UNKNOWN_SENTINELS.has(s)).length;
        fc.assert(fc.property(mutated, resource => {
            for (const p of remediating) {
                const plain = JSON.parse(JSON.stringify(resource.props));
                const before = sentinels(plain);
                const props = unknownCheckingProxy(secretsPreservingProxy(plain));
                const args = { type: resource.type, props, urn: "urn:pulumi:s::p::t::r", name: "r", getConfig: () => ({}) } as unknown as ResourceValidationArgs;
                if ("remediateResource" in p && p.remediateResource) {
                    p.remediateResource(args);
                }
                assert.strictEqual(sentinels(plain), before, `${p.name} overwrote an unknown value`);
            }
        }), { numRuns: 300 });
    });
});
