import { globToRegExp } from "./props";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** A policy's config properties: their JSON schema (sent to the engine) and a parser for the values. */
export interface ConfigField<T> {
    readonly schema: PolicyConfigJSONSchema;
    /** Turns the value from the engine into T, or throws ConfigError; `undefined` when not given. */
    parse(value: unknown, field: string): T;
}

export class ConfigError extends Error {
    constructor(policy: string, field: string, problem: string) {
        super(`invalid config for policy "${policy}": ${field} ${problem}`);
        this.name = "ConfigError";
    }
}

/** Thrown inside a parser; the policy name is added by the caller. */
export class FieldError extends Error {
    constructor(readonly field: string, readonly problem: string) {
        super(`${field} ${problem}`);
    }
}

export const stringList = (description: string, fallback: readonly string[], item?: { pattern: string; hint: string }):
    ConfigField<readonly string[]> => ({
    schema: {
        type: "array", description, default: [...fallback],
        items: item ? { type: "string", pattern: item.pattern } : { type: "string", minLength: 1 },
    },
    parse(value, field) {
        if (value === undefined) {
            return fallback;
        }
        if (!Array.isArray(value)) {
            throw new FieldError(field, `must be a list of strings (got ${typeof value})`);
        }
        value.forEach((v, i) => {
            if (typeof v !== "string" || v.trim() === "") {
                throw new FieldError(`${field}[${i}]`, "must be a non-empty string");
            }
            if (item && !new RegExp(item.pattern).test(v)) {
                throw new FieldError(`${field}[${i}]`, `is "${v}": ${item.hint}`);
            }
        });
        return value as string[];
    },
});

export const text = (description: string, fallback: string, format?: { pattern: string; hint: string }):
    ConfigField<string> => ({
    schema: { type: "string", description, default: fallback, ...(format ? { pattern: `${format.pattern}|^$` } : {}) },
    parse(value, field) {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "string") {
            throw new FieldError(field, `must be a string (got ${JSON.stringify(value)})`);
        }
        if (format && value !== "" && !new RegExp(format.pattern).test(value)) {
            throw new FieldError(field, `is "${value}": ${format.hint}`);
        }
        return value;
    },
});

export const choice = <T extends string>(description: string, values: readonly T[], fallback: T): ConfigField<T> => ({
    schema: { type: "string", description, default: fallback, enum: [...values] },
    parse(value, field) {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
            throw new FieldError(field, `must be one of ${values.join(", ")} (got ${JSON.stringify(value)})`);
        }
        return value as T;
    },
});

export const boolean = (description: string, fallback: boolean): ConfigField<boolean> => ({
    schema: { type: "boolean", description, default: fallback },
    parse(value, field) {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "boolean") {
            throw new FieldError(field, `must be true or false (got ${JSON.stringify(value)})`);
        }
        return value;
    },
});

export const integer = (description: string, fallback: number, minimum: number): ConfigField<number> => ({
    schema: { type: "integer", description, default: fallback, minimum },
    parse(value, field) {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
            throw new FieldError(field, `must be a whole number of at least ${minimum} (got ${JSON.stringify(value)})`);
        }
        return value;
    },
});

/** A documented exception for the resources whose URN matches a pattern, until a date. */
export interface Exemption {
    readonly urn: string;
    readonly reason: string;
    readonly expires: string;
    readonly matches: (urn: string) => boolean;
    readonly expired: (now: Date) => boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const exemptions: ConfigField<readonly Exemption[]> = {
    schema: {
        type: "array",
        description: "Resources this policy does not block: a URN pattern (`*` matches any run of characters), " +
            "the reason, and the last day (YYYY-MM-DD, UTC) the exemption applies. Exempted findings are " +
            "still reported, as advisory.",
        default: [],
        items: {
            type: "object",
            required: ["urn", "reason", "expires"],
            properties: {
                urn: { type: "string", minLength: 1 },
                reason: { type: "string", minLength: 1 },
                expires: { type: "string", pattern: DATE.source },
            },
            additionalProperties: false,
        },
    },
    parse(value, field) {
        if (value === undefined) {
            return [];
        }
        if (!Array.isArray(value)) {
            throw new FieldError(field, "must be a list of {urn, reason, expires}");
        }
        return value.map((entry, i) => parseExemption(entry, `${field}[${i}]`));
    },
};

function parseExemption(entry: unknown, field: string): Exemption {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
        throw new FieldError(field, "must be an object {urn, reason, expires}");
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
        if (!["urn", "reason", "expires"].includes(key)) {
            throw new FieldError(`${field}.${key}`, "is not a field of an exemption (use urn, reason, expires)");
        }
    }
    for (const key of ["urn", "reason", "expires"]) {
        if (typeof e[key] !== "string" || (e[key] as string).trim() === "") {
            throw new FieldError(`${field}.${key}`, "is required and must be a non-empty string");
        }
    }
    const expires = e.expires as string;
    const m = DATE.exec(expires);
    const end = m ? Date.UTC(+m[1], +m[2] - 1, +m[3] + 1) : NaN;
    const lastMoment = new Date(end - 1);
    if (!m || lastMoment.getUTCDate() !== +m[3] || lastMoment.getUTCMonth() !== +m[2] - 1) {
        throw new FieldError(`${field}.expires`, `is "${expires}": use a real date as YYYY-MM-DD`);
    }
    const pattern = e.urn as string;
    const regex = globToRegExp(pattern);
    return {
        urn: pattern,
        reason: e.reason as string,
        expires,
        matches: urn => regex.test(urn),
        expired: now => now.getTime() >= end,
    };
}

export type ConfigFields = Record<string, ConfigField<unknown>>;
export type ConfigValues<F extends ConfigFields> = { readonly [K in keyof F]: ReturnType<F[K]["parse"]> };

/**
 * Parses a policy's config as the engine hands it over (schema defaults already applied by the
 * engine; applied again here for callers that skip them). Unknown keys are rejected so that a typo
 * never silently turns a control off.
 */
export function parseConfig<F extends ConfigFields>(policy: string, fields: F, raw: Record<string, unknown>):
    ConfigValues<F> {
    const known = Object.keys(fields);
    for (const key of Object.keys(raw)) {
        if (!known.includes(key)) {
            throw new ConfigError(policy, key, `is not a setting of this policy (settings: ${known.join(", ")})`);
        }
    }
    const values: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) {
        try {
            values[key] = field.parse(raw[key], key);
        } catch (e) {
            if (e instanceof FieldError) {
                throw new ConfigError(policy, e.field, e.problem);
            }
            throw e;
        }
    }
    return values as ConfigValues<F>;
}
