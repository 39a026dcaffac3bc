import { isUnknown, isUnknownValueError } from "./unknowns";

/** What a property path holds: nothing, a value not known until the update, or a known value. */
export type Read =
    | { readonly state: "absent"; readonly path: string }
    | { readonly state: "unknown"; readonly path: string }
    | { readonly state: "known"; readonly path: string; readonly value: unknown };

function property(container: unknown, key: string): unknown {
    if (container === null || typeof container !== "object") {
        return undefined;
    }
    try {
        return Object.prototype.hasOwnProperty.call(container, key)
            ? (container as Record<string, unknown>)[key]
            : undefined;
    } catch (e) {
        // Only reachable when the SDK proxy could not be unwrapped.
        if (isUnknownValueError(e)) {
            return UNKNOWN_MARK;
        }
        throw e;
    }
}

const UNKNOWN_MARK = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function classify(path: string, value: unknown): Read {
    if (value === undefined || value === null) {
        return { state: "absent", path };
    }
    if (isUnknown(value)) {
        return { state: "unknown", path };
    }
    return { state: "known", path, value };
}

/**
 * Every value at `path`, a dotted property path in which `[]` stands for each element of a list
 * (`productionVariants[].instanceType`). A list that is absent yields nothing; an unknown list or
 * element yields one unknown read (at the unknown's own path); a missing value is reported at the
 * whole requested path. A value of the wrong shape on the way counts as absent: the
 * provider rejects such a resource anyway, and the policies treat absent as non-compliant.
 */
export function readAll(root: unknown, path: string): Read[] {
    let frontier: Read[] = [{ state: "known", path: "", value: root }];
    for (const segment of path.split(".")) {
        const each = segment.endsWith("[]");
        const key = each ? segment.slice(0, -2) : segment;
        const next: Read[] = [];
        for (const at of frontier) {
            if (at.state === "unknown") {
                next.push(at);
                continue;
            }
            if (at.state === "absent") {
                // Name the whole path that is missing; a missing list has no elements to report.
                if (!each) {
                    next.push({ state: "absent", path: `${at.path}.${key}` });
                }
                continue;
            }
            const here = at.path === "" ? key : `${at.path}.${key}`;
            const read = classify(here, property(at.value, key));
            if (!each || read.state !== "known") {
                if (!(each && read.state === "absent")) {
                    next.push(read);
                }
                continue;
            }
            if (Array.isArray(read.value)) {
                read.value.forEach((element, i) => next.push(classify(`${here}[${i}]`, element)));
            }
        }
        frontier = next;
    }
    return frontier;
}

/** The single value at `path` (no `[]`). */
export function read(root: unknown, path: string): Read {
    const [first] = readAll(root, path);
    return first ?? { state: "absent", path };
}

/** The top-level property a path starts with: the key of the engine's propertyDependencies. */
export function topLevelProperty(path: string): string {
    return path.split(/[.[]/, 1)[0];
}

/** `true` for a known, non-empty string. */
export function isNonEmptyString(value: unknown): value is string {
    return typeof value === "string" && value.trim() !== "";
}

/** Short rendering of a known value for a message. */
export function show(value: unknown): string {
    try {
        const text = JSON.stringify(value);
        return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
    } catch {
        return String(value);
    }
}

const globs = new Map<string, RegExp>();

/** `ml.m5.*` matches `ml.m5.large`; everything else is literal. Compiled once per pattern. */
export function globToRegExp(glob: string): RegExp {
    let regex = globs.get(glob);
    if (!regex) {
        regex = new RegExp(`^${glob.split("*").map(part => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
        globs.set(glob, regex);
    }
    return regex;
}

/**
 * Every value, at any depth, whose property name satisfies `match` (`instanceType` wherever a
 * SageMaker resource carries one). Values inside an unknown list or object cannot be seen in preview;
 * they are checked on `pulumi up`, when every input is known.
 */
export function findProperties(root: unknown, match: (key: string) => boolean): Read[] {
    const found: Read[] = [];
    const walk = (value: unknown, path: string, depth: number): void => {
        if (depth > 32 || value === null || typeof value !== "object") {
            return;
        }
        if (Array.isArray(value)) {
            value.forEach((element, i) => walk(element, `${path}[${i}]`, depth + 1));
            return;
        }
        for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
            const here = path === "" ? key : `${path}.${key}`;
            if (match(key)) {
                found.push(classify(here, child));
            }
            walk(child, here, depth + 1);
        }
    };
    walk(root, "", 0);
    return found;
}
