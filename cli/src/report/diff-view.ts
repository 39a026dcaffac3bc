/** What the text and Markdown reports of `mlgov diff` both show: titles, the headline, resource names. */
import type { AccountDiff, PlanDiff } from "../diff/diff";
import { countsText } from "./verdicts";

export function accountTitle(a: AccountDiff): string {
    return a.id === "" ? "Not in an account" : `Account ${a.id}${a.name !== a.id ? ` (${a.name})` : ""}`;
}

export function hasChanges(d: PlanDiff): boolean {
    return d.accounts.length > 0;
}

/** The resource a violation is about, in head or else in base; undefined for the stack as a whole. */
export function resourceOf(urn: string, d: PlanDiff): { name: string; type: string } | undefined {
    return d.head.resources.find(r => r.urn === urn) ?? d.base.resources.find(r => r.urn === urn);
}

/** "Resources: 1 added, 0 removed, 2 changed. Violations: 1 introduced (1 mandatory), 0 cleared." */
export function headline(d: PlanDiff): string {
    return `Resources: ${d.added} added, ${d.removed} removed, ${d.changed} changed. Violations: ` +
        `${d.introduced.length} introduced${d.introduced.length > 0 ? ` (${countsText(d.introduced)})` : ""}, ` +
        `${d.cleared.length} cleared${d.cleared.length > 0 ? ` (${countsText(d.cleared)})` : ""}.`;
}
