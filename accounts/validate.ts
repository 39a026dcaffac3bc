/**
 * Validates a value against a schema field (schema.ts): types, required and unknown settings,
 * formats, ranges, duplicates. Collects every problem, and returns what is valid with the static
 * defaults filled in: an invalid setting is left out (an object keeps its valid settings, a list its
 * valid entries), so that the checks across settings still run on the rest and report everything at once.
 */
import { ConfigProblem } from "./errors";
import { Field, ListField, MapField, ObjectField, StringField } from "./schema";

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** How a value reads in a message. */
export function show(value: unknown): string {
    if (Array.isArray(value)) {
        return "a list";
    }
    if (isPlainObject(value)) {
        return "an object";
    }
    return JSON.stringify(value);
}

/** `path.key`, or `path["key"]` for keys that are not identifiers (tag keys). */
export function childPath(path: string, key: string): string {
    return /^[A-Za-z_][\w-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}

/** The known name closest to a typo, if one is close. */
export function suggestion(name: string, known: readonly string[]): string | undefined {
    const lower = name.toLowerCase();
    const scored = known.map(k => ({ k, d: k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase()) }))
        .sort((a, b) => a.d - b.d);
    return scored.length > 0 && scored[0].d <= Math.max(2, Math.floor(name.length / 4)) ? scored[0].k : undefined;
}

/** The message of an unknown setting: a typo is suggested its fix. */
export function unknownMessage(name: string, known: readonly string[]): string {
    const close = suggestion(name, known);
    return `unknown setting${close ? `; did you mean "${close}"?` : ""} (known here: ${known.join(", ")})`;
}

function string(field: StringField, value: unknown, path: string, problems: ConfigProblem[]): string | undefined {
    if (typeof value !== "string") {
        if (typeof value === "number" && field.format?.quoteNumbers) {
            const digits = Number.isInteger(value) && value >= 0 ? String(value).padStart(12, "0") : undefined;
            problems.push({
                path,
                message: `${value} is a number, not a string, so any leading zero is already lost; quote it` +
                    `${digits ? ` ("${digits}" if that is the account)` : ""}. YAML and \`pulumi config set --path\` turn ` +
                    "unquoted digits into numbers",
            });
        } else {
            problems.push({ path, message: `expected a string (${field.format?.name ?? "text"}), got ${show(value)}` });
        }
        return undefined;
    }
    const problem = field.format?.check(value);
    if (problem) {
        problems.push({ path, message: problem });
        return undefined;
    }
    return value;
}

function list(field: ListField, value: unknown, path: string, problems: ConfigProblem[]): unknown[] | undefined {
    if (!Array.isArray(value)) {
        problems.push({ path, message: `expected a list, got ${show(value)}` });
        return undefined;
    }
    if (field.minItems !== undefined && value.length < field.minItems) {
        problems.push({ path, message: `needs at least ${field.minItems} ${field.minItems === 1 ? "entry" : "entries"}; remove the setting to get the default, or list some` });
    }
    const items = value.map((item, i) => validateField(field.items, item, `${path}[${i}]`, problems));
    if (field.unique) {
        value.forEach((item, i) => {
            const first = value.findIndex(other => typeof other === "string" && other === item);
            if (typeof item === "string" && first < i) {
                problems.push({ path: `${path}[${i}]`, message: `"${item}" is listed twice (also at [${first}]); remove one` });
            }
        });
    }
    return items.filter(item => item !== undefined);
}

function object(field: ObjectField, value: unknown, path: string, problems: ConfigProblem[]): Record<string, unknown> | undefined {
    if (!isPlainObject(value)) {
        problems.push({ path, message: `expected an object with ${Object.keys(field.fields).join(", ")}; got ${show(value)}` });
        return undefined;
    }
    const known = Object.keys(field.fields);
    for (const key of Object.keys(value).filter(k => !known.includes(k))) {
        problems.push({ path: childPath(path, key), message: unknownMessage(key, known) });
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(field.fields)) {
        const v = validateField(child, value[key], childPath(path, key), problems);
        if (v !== undefined) {
            out[key] = v;
        }
    }
    return out;
}

function map(field: MapField, value: unknown, path: string, problems: ConfigProblem[]): Record<string, string> | undefined {
    if (!isPlainObject(value)) {
        problems.push({ path, message: `expected a map of ${field.key.name} to ${field.value.format?.name ?? "value"}, got ${show(value)}` });
        return undefined;
    }
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(value)) {
        const keyProblem = field.key.check(key);
        if (keyProblem) {
            problems.push({ path: childPath(path, key), message: keyProblem });
        }
        const s = string(field.value, v, childPath(path, key), problems);
        if (s !== undefined && !keyProblem) {
            out[key] = s;
        }
    }
    return out;
}

/**
 * `value` checked against `field` at `path`. Problems are appended to `problems`; the result is what is
 * valid of it with static defaults filled in, or undefined when it is missing without a default or
 * of the wrong type.
 */
export function validateField(field: Field, value: unknown, path: string, problems: ConfigProblem[]): unknown {
    if (value === undefined || value === null) {
        if (field.required) {
            problems.push({ path, message: `missing; ${field.description}` });
            return undefined;
        }
        return field.default === undefined ? undefined : validateField(field, structuredClone(field.default), path, problems);
    }
    switch (field.type) {
        case "string":
            return string(field, value, path, problems);
        case "boolean":
            if (typeof value !== "boolean") {
                problems.push({ path, message: `expected true or false, got ${show(value)}` });
                return undefined;
            }
            return value;
        case "integer": {
            const range = field.oneOf
                ? `one of ${field.oneOf.join(", ")}`
                : `a whole number${field.min !== undefined ? ` from ${field.min}` : ""}${field.max !== undefined ? ` to ${field.max}` : ""}`;
            if (typeof value !== "number" || !Number.isInteger(value) || (field.min !== undefined && value < field.min) ||
                (field.max !== undefined && value > field.max) || (field.oneOf && !field.oneOf.includes(value))) {
                problems.push({ path, message: `expected ${range}, got ${show(value)}` });
                return undefined;
            }
            return value;
        }
        case "list":
            return list(field, value, path, problems);
        case "object":
            return object(field, value, path, problems);
        case "map":
            return map(field, value, path, problems);
    }
}
