/** What every report says about verdicts, whatever its format: level order, counts, marks, the finding's text. */
import type { EnforcementLevel } from "../engine/config-format";

/** Worst first. */
export const LEVEL_ORDER: Readonly<Record<EnforcementLevel, number>> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

/** Sorts (a copy of) `items` worst level first, keeping the order within a level. */
export function byLevel<T extends { enforcementLevel: EnforcementLevel }>(items: readonly T[]): T[] {
    return [...items].sort((a, b) => LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel]);
}

/** Whether a mandatory violation blocks the stack. */
export function isBlocked(evaluation: { diagnostics: ReadonlyArray<{ enforcementLevel: EnforcementLevel }> }): boolean {
    return evaluation.diagnostics.some(d => d.enforcementLevel === "mandatory");
}

/** How many of each level, by level. */
export function levelCounts(items: ReadonlyArray<{ enforcementLevel: EnforcementLevel }>): Map<EnforcementLevel, number> {
    const by = new Map<EnforcementLevel, number>();
    for (const d of items) {
        by.set(d.enforcementLevel, (by.get(d.enforcementLevel) ?? 0) + 1);
    }
    return by;
}

/** "2 mandatory, 0 advisory, 1 remediate": the `always` levels (zeros too), then the others present, worst first. */
export function countsText(items: ReadonlyArray<{ enforcementLevel: EnforcementLevel }>, always: readonly EnforcementLevel[] = []): string {
    const by = levelCounts(items);
    const others = [...by.keys()].filter(l => !always.includes(l)).sort((a, b) => LEVEL_ORDER[a] - LEVEL_ORDER[b]);
    return [...always, ...others].map(l => `${by.get(l) ?? 0} ${l}`).join(", ");
}

/** The counts every verdict summary shows: mandatory and advisory always, other levels when present. */
export function violationCounts(items: ReadonlyArray<{ enforcementLevel: EnforcementLevel }>): string {
    return countsText(items, ["mandatory", "advisory"]);
}

/** The mark of a level in plain text: `BLOCK` for mandatory, else the level in capitals. */
export function levelMark(level: EnforcementLevel | string): string {
    return level === "mandatory" ? "BLOCK" : level.toUpperCase();
}

/**
 * The finding without the policy description the SDK puts on its first line: with the description
 * known, that prefix; without it (a plan keeps only the message), the first line of a message of several.
 */
export function detail(d: { description?: string; message: string }): string {
    if (d.description === undefined) {
        const lines = d.message.split("\n");
        return lines.length > 1 ? lines.slice(1).join("\n") : d.message;
    }
    const prefix = `${d.description}\n`;
    return d.description && d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message;
}

/** The last part of a URN (`…::name`). */
export function nameFromUrn(urn: string): string {
    const at = urn.lastIndexOf("::");
    return at < 0 ? urn : urn.slice(at + 2);
}

export function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}
