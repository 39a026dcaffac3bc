/**
 * Policy config, handled the way the engine handles it before it calls `Configure`
 * (pulumi/pulumi pkg/resource/analyzer/config.go: `parsePolicyPackConfig`, `ReconcilePolicyPackConfig`):
 *
 *  1. parse the file format `{"all": "<level>", "<policy>": "<level>" | {"enforcementLevel": …, …}}`;
 *  2. start from every policy's defaults: the level GetAnalyzerInfo reports and the `default` of each
 *     top-level property of its config schema (the engine fills these in, not the SDK);
 *  3. apply the pack's initial config, then the file: `all` sets every level, then per policy the
 *     level and properties (merged over the defaults);
 *  4. validate each policy's merged properties against its schema, as an object schema
 *     (`{"type": "object", "properties": …, "required": …}`).
 *
 * Two checks are stricter than the engine, so that a typo fails before any Analyze instead of
 * silently leaving a control at its default: a policy name the pack does not have is an error (the
 * engine forwards it and the SDK ignores it), and so is a property the policy's schema does not
 * declare (the engine's generated schema allows extra properties).
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import {
    GivenConfig, parsePolicyConfig, PolicyConfigError, PolicyDescription, ResolvedPolicyConfig, show,
} from "./config-format";

export { ENFORCEMENT_LEVELS, parsePolicyConfig, PolicyConfigError } from "./config-format";
export type { EnforcementLevel, GivenConfig, PolicyDescription, ResolvedPolicyConfig } from "./config-format";

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}

function suggestion(name: string, candidates: readonly string[]): string {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = editDistance(name, c);
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${best}"?)` : "";
}

/** `/exemptions/0/expires` → `exemptions[0].expires` */
function fieldName(instancePath: string, extra?: string): string {
    const parts = instancePath.split("/").slice(1).map(p => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (extra !== undefined) {
        parts.push(extra);
    }
    let out = "";
    for (const p of parts) {
        out += /^\d+$/.test(p) ? `[${p}]` : out === "" ? p : `.${p}`;
    }
    return out;
}

function valueAt(data: unknown, instancePath: string): unknown {
    let at: unknown = data;
    for (const p of instancePath.split("/").slice(1)) {
        if (at === null || typeof at !== "object") {
            return undefined;
        }
        at = (at as Record<string, unknown>)[p.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return at;
}

function describeAjvError(e: ErrorObject, data: unknown): string {
    const params = e.params as Record<string, unknown>;
    const got = ` (got ${show(valueAt(data, e.instancePath))})`;
    switch (e.keyword) {
        case "required":
            return `${fieldName(e.instancePath, String(params.missingProperty))} is required`;
        case "additionalProperties":
            return `${fieldName(e.instancePath, String(params.additionalProperty))} is not allowed here`;
        case "enum":
            return `${fieldName(e.instancePath)} must be one of ${(params.allowedValues as unknown[]).map(show).join(", ")}${got}`;
        case "type":
            return `${fieldName(e.instancePath)} must be of type ${String(params.type)}${got}`;
        default:
            return `${fieldName(e.instancePath)} ${e.message ?? "is invalid"}${got}`;
    }
}

/** Compiles and caches the validators of a pack's config schemas. */
export class PolicyConfigValidator {
    private readonly ajv = new Ajv({ allErrors: true, strict: false });
    private readonly validators = new Map<string, ValidateFunction>();

    constructor(private readonly policies: readonly PolicyDescription[]) {
        for (const p of policies) {
            if (p.configSchema) {
                try {
                    this.validators.set(p.name, this.ajv.compile(p.configSchema));
                } catch (e) {
                    throw new Error(`the config schema of policy "${p.name}" is not a valid JSON schema: ` +
                        `${(e as Error).message}`);
                }
            }
        }
    }

    /**
     * Reconciles `doc` (the config file) with the policies' defaults and the pack's initial config,
     * validates the result, and returns the config of every policy. Throws PolicyConfigError.
     */
    reconcile(doc: unknown, initialConfig: ReadonlyMap<string, GivenConfig> = new Map()): Map<string, ResolvedPolicyConfig> {
        const given = parsePolicyConfig(doc);
        const names = this.policies.map(p => p.name);
        const problems: string[] = [];
        for (const name of given.keys()) {
            if (name !== "all" && !names.includes(name)) {
                problems.push(`"${name}" is not a policy of this pack${suggestion(name, names)}; ` +
                    `its policies are: ${names.join(", ")}`);
            }
        }

        // createConfigWithDefaults
        const result = new Map<string, ResolvedPolicyConfig>();
        for (const p of this.policies) {
            const properties: Record<string, unknown> = {};
            for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
                if (schema !== null && typeof schema === "object" && "default" in schema) {
                    properties[k] = structuredClone((schema as { default: unknown }).default);
                }
            }
            result.set(p.name, { enforcementLevel: p.enforcementLevel, properties });
        }
        const apply = (config: ReadonlyMap<string, GivenConfig>) => {
            const all = config.get("all")?.enforcementLevel;
            if (all !== undefined) {
                for (const r of result.values()) {
                    r.enforcementLevel = all;
                }
            }
            for (const [name, c] of config) {
                const r = result.get(name);
                if (name === "all" || r === undefined) {
                    continue;
                }
                if (c.enforcementLevel !== undefined) {
                    r.enforcementLevel = c.enforcementLevel;
                }
                Object.assign(r.properties, c.properties);
            }
        };
        apply(initialConfig);
        apply(given);

        for (const p of this.policies) {
            const props = result.get(p.name)!.properties;
            const declared = Object.keys(p.configSchema?.properties ?? {});
            for (const key of Object.keys(props)) {
                if (!declared.includes(key)) {
                    problems.push(`policy "${p.name}": ${key} is not a setting of this policy` +
                        (declared.length ? `${suggestion(key, declared)}; its settings are: ${declared.join(", ")}`
                            : "; it takes no settings"));
                }
            }
            const validate = this.validators.get(p.name);
            if (validate && !validate(props)) {
                for (const e of validate.errors ?? []) {
                    problems.push(`policy "${p.name}": ${describeAjvError(e, props)}`);
                }
            }
        }
        if (problems.length > 0) {
            throw new PolicyConfigError(problems);
        }
        return result;
    }
}
