/**
 * The engine's policy config file format (`--policy-pack-config`, `pulumi policy enable --config`):
 * `{"all": "<level>", "<policy>": "<level>" | {"enforcementLevel": "<level>", "<setting>": <value>}}`,
 * parsed as pulumi/pulumi pkg/resource/analyzer/config.go `parsePolicyPackConfig` does. Kept apart
 * from the schema validation (config.ts) so that a command line can check a file cheaply, before
 * it starts a pack.
 */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface PolicyDescription {
    name: string;
    enforcementLevel: EnforcementLevel;
    /** The object schema built from the pack's config schema, when the policy has one. */
    configSchema?: { type: "object"; properties: Record<string, unknown>; required?: string[] };
}

export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** One entry of the config file, after parsing. */
export interface GivenConfig {
    enforcementLevel?: EnforcementLevel;
    properties: Record<string, unknown>;
}

export class PolicyConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid policy config: ${problems.join("; ")}`);
        this.name = "PolicyConfigError";
    }
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

const LEVELS_TEXT = ENFORCEMENT_LEVELS.join(", ");

/** A value, shortened, for an error message. */
export function show(value: unknown): string {
    const text = JSON.stringify(value);
    if (text === undefined) {
        return String(value);
    }
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Checks the shape of a config document (no schema needed, so callers can do it before starting
 * a pack). Returns the per-policy entries, with "all" kept as a level-only entry.
 */
export function parsePolicyConfig(doc: unknown): Map<string, GivenConfig> {
    const result = new Map<string, GivenConfig>();
    if (doc === undefined || doc === null) {
        return result;
    }
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new PolicyConfigError([`the config must be a JSON object mapping policy names (or "all") to an ` +
            `enforcement level or an object of settings (got ${show(doc)})`]);
    }
    const problems: string[] = [];
    for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
        if (typeof value === "string") {
            if (!isLevel(value)) {
                problems.push(`"${name}": the enforcement level must be one of ${LEVELS_TEXT} (got ${show(value)})`);
                continue;
            }
            result.set(name, { enforcementLevel: value, properties: {} });
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
                problems.push(`"${name}": enforcementLevel must be one of ${LEVELS_TEXT} (got ${show(enforcementLevel)})`);
                continue;
            }
            if (name === "all" && Object.keys(properties).length > 0) {
                problems.push(`"all" only takes an enforcement level (got settings ${Object.keys(properties).join(", ")}); ` +
                    "put settings under the policy they belong to");
                continue;
            }
            result.set(name, { enforcementLevel, properties });
        } else {
            problems.push(`"${name}": must be an enforcement level (${LEVELS_TEXT}) or an object such as ` +
                `{"enforcementLevel": "advisory", ...settings} (got ${show(value)})`);
        }
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return result;
}

