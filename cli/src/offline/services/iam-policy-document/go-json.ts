/**
 * Go's encoding/json as the AWS provider uses it: `json.Marshal` and `json.MarshalIndent(v, "", indent)`,
 * struct fields in their order (a Map here), map keys sorted bytewise (a plain object here), strings
 * escaped as Go escapes them (`<`, `>`, `&`, U+2028 and U+2029 as `\\u…`), and Go's string order.
 */

/** Go's `sort.Strings` order: bytewise on UTF-8. */
export function goCompare(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export const reverseSorted = (values: string[]) => [...values].sort((a, b) => goCompare(b, a));

/** An object whose keys keep their order (a Go struct); a plain object is a Go map (sorted keys). */
export type Ordered = Map<string, unknown>;

function goString(s: string): string {
    let out = "\"";
    for (const ch of s) {
        const c = ch.codePointAt(0) ?? 0;
        switch (ch) {
            case "\"": out += "\\\""; break;
            case "\\": out += "\\\\"; break;
            case "\n": out += "\\n"; break;
            case "\r": out += "\\r"; break;
            case "\t": out += "\\t"; break;
            case "\b": out += "\\b"; break;
            case "\f": out += "\\f"; break;
            default:
                if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
                    out += `\\u${c.toString(16).padStart(4, "0")}`;
                } else if (c >= 0xd800 && c <= 0xdfff) {
                    out += "\\ufffd";
                } else {
                    out += ch;
                }
        }
    }
    return `${out}"`;
}

/** `json.Marshal` (indent "") or `json.MarshalIndent(v, "", indent)`. */
export function goJson(value: unknown, indent: string, depth = 0): string {
    const nl = indent === "" ? "" : `\n${indent.repeat(depth + 1)}`;
    const close = indent === "" ? "" : `\n${indent.repeat(depth)}`;
    const sep = indent === "" ? ":" : ": ";
    if (value === null || value === undefined) {
        return "null";
    }
    if (typeof value === "string") {
        return goString(value);
    }
    if (typeof value === "number") {
        return Number.isFinite(value) ? String(value) : "null";
    }
    if (typeof value === "boolean") {
        return String(value);
    }
    if (Array.isArray(value)) {
        return value.length === 0 ? "[]" : `[${value.map(v => nl + goJson(v, indent, depth + 1)).join(",")}${close}]`;
    }
    const entries = value instanceof Map
        ? [...(value as Ordered).entries()]
        : Object.entries(value as Record<string, unknown>).sort(([a], [b]) => goCompare(a, b));
    return entries.length === 0 ? "{}"
        : `{${entries.map(([k, v]) => `${nl}${goString(k)}${sep}${goJson(v, indent, depth + 1)}`).join(",")}${close}}`;
}

/** Go's `%T` of a value decoded into `interface{}`. */
export function goType(v: unknown): string {
    return v === null || v === undefined ? "<nil>" : typeof v === "string" ? "string" : typeof v === "number" ? "float64"
        : typeof v === "boolean" ? "bool" : Array.isArray(v) ? "[]interface {}" : "map[string]interface {}";
}
