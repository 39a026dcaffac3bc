/** Renders a PlanDiff as Markdown (a pull-request comment) or text. */
import type { PlanResource, PlanViolation } from "../check/plan-format";
import type { AccountDiff, ChangedResource, PlanDiff } from "./diff";

export type DiffFormat = "markdown" | "text";
export const DIFF_FORMATS: readonly DiffFormat[] = ["markdown", "text"];

/** Lists longer than this are folded into `<details>` in Markdown. */
export const FOLD_AFTER = 5;

function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").trim();
}

/** The finding without the policy description the SDK puts on the first line (when it has more lines). */
function finding(v: PlanViolation): string {
    const lines = v.message.split("\n");
    return lines.length > 1 ? lines.slice(1).join("\n") : v.message;
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function levelCounts(vs: readonly PlanViolation[]): string {
    const by = new Map<string, number>();
    for (const v of vs) {
        by.set(v.enforcementLevel, (by.get(v.enforcementLevel) ?? 0) + 1);
    }
    return [...by].sort(([a], [b]) => (a === "mandatory" ? -1 : b === "mandatory" ? 1 : a.localeCompare(b)))
        .map(([l, n]) => `${n} ${l}`).join(", ");
}

function accountTitle(a: AccountDiff): string {
    return a.id === "" ? "Not in an account" : `Account ${a.id}${a.name !== a.id ? ` (${a.name})` : ""}`;
}

function hasChanges(d: PlanDiff): boolean {
    return d.accounts.length > 0;
}

function nameOf(urn: string, d: PlanDiff): { name: string; type: string } | undefined {
    return d.head.resources.find(r => r.urn === urn) ?? d.base.resources.find(r => r.urn === urn);
}

function headline(d: PlanDiff): string {
    return `Resources: ${d.added} added, ${d.removed} removed, ${d.changed} changed. Violations: ` +
        `${d.introduced.length} introduced${d.introduced.length > 0 ? ` (${levelCounts(d.introduced)})` : ""}, ` +
        `${d.cleared.length} cleared${d.cleared.length > 0 ? ` (${levelCounts(d.cleared)})` : ""}.`;
}

// ---------------------------------------------------------------------------------------------------
// Markdown

function fold(lines: string[], summary: string, body: string[], count: number): void {
    if (count > FOLD_AFTER) {
        lines.push(`<details><summary>${summary}</summary>`, "", ...body, "", "</details>", "");
    } else {
        lines.push(`**${summary}**`, "", ...body, "");
    }
}

function violationTable(vs: readonly PlanViolation[], d: PlanDiff): string[] {
    const rows = ["| Level | Resource | Type | Policy | Finding |", "| --- | --- | --- | --- | --- |"];
    const order = (l: string) => (l === "mandatory" ? 0 : l === "remediate" ? 1 : 2);
    for (const v of [...vs].sort((a, b) => order(a.enforcementLevel) - order(b.enforcementLevel))) {
        const level = v.enforcementLevel === "mandatory" ? "🚫 mandatory" : v.enforcementLevel === "advisory" ? "⚠️ advisory" : v.enforcementLevel;
        const r = nameOf(v.urn, d);
        rows.push(`| ${level} | ${r ? `\`${cell(r.name)}\`` : "_stack_"} | ${v.type ? `\`${cell(v.type)}\`` : ""} | \`${cell(v.policy)}\` | ${cell(finding(v))} |`);
    }
    return rows;
}

function resourceTable(rs: readonly PlanResource[]): string[] {
    return ["| Resource | Type |", "| --- | --- |", ...rs.map(r => `| \`${cell(r.name)}\` | \`${cell(r.type)}\` |`)];
}

function changedTable(cs: readonly ChangedResource[]): string[] {
    return ["| Resource | Type | Changed inputs |", "| --- | --- | --- |", ...cs.map(c =>
        `| \`${cell(c.head.name)}\` | \`${cell(c.head.type)}\` | ${c.paths.map(p => `\`${cell(p)}\``).join(", ")}` +
        `${c.more > 0 ? ` and ${c.more} more` : ""} |`)];
}

export function renderDiffMarkdown(d: PlanDiff, labels: { base: string; head: string }): string {
    const lines: string[] = [];
    const mandatory = d.introduced.filter(v => v.enforcementLevel === "mandatory").length;
    const status = mandatory > 0 ? `🚫 ${plural(mandatory, "mandatory violation")} introduced`
        : d.cleared.length > 0 && d.introduced.length === 0 ? "✅ violations cleared, none introduced"
            : d.introduced.length > 0 ? `⚠️ ${plural(d.introduced.length, "violation")} introduced` : "✅ no new violation";
    lines.push(`### mlgov diff of stack \`${d.head.stack}\`: ${status}`);
    lines.push("");
    if (d.base.stack !== d.head.stack) {
        lines.push(`> The base plan is of stack \`${d.base.stack}\`, the head plan of stack \`${d.head.stack}\`.`);
        lines.push("");
    }
    if (!hasChanges(d)) {
        lines.push(`No change: the same ${plural(d.head.resources.length, "resource")} and ${plural(d.head.violations.length, "violation")} ` +
            `in ${plural(d.head.accounts.length, "account")} (base \`${labels.base}\`, head \`${labels.head}\`).`);
        return `${lines.join("\n")}\n`;
    }
    lines.push(`${headline(d)} Base \`${labels.base}\`, head \`${labels.head}\`.`);
    lines.push("");
    lines.push("| Account | Added | Removed | Changed | Violations introduced | Violations cleared |");
    lines.push("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (const a of d.accounts) {
        const label = a.id === "" ? "_not in an account_" : `\`${a.id}\` ${cell(a.name !== a.id ? a.name : "")}`.trim();
        const note = a.status === "added" ? " (new)" : a.status === "removed" ? " (leaves the stack)" : "";
        lines.push(`| ${label}${note} | ${a.added.length} | ${a.removed.length} | ${a.changed.length} | ${a.introduced.length} | ${a.cleared.length} |`);
    }
    lines.push("");
    for (const a of d.accounts) {
        lines.push(`#### ${cell(accountTitle(a))}`);
        lines.push("");
        if (a.status === "added") {
            lines.push("_A new account in this stack._");
            lines.push("");
        } else if (a.status === "removed") {
            lines.push("_This account leaves the stack: everything deployed in it would be deleted._");
            lines.push("");
        }
        if (a.introduced.length > 0) {
            fold(lines, `${plural(a.introduced.length, "violation")} introduced`, violationTable(a.introduced, d), a.introduced.length);
        }
        if (a.cleared.length > 0) {
            fold(lines, `${plural(a.cleared.length, "violation")} cleared`, violationTable(a.cleared, d), a.cleared.length);
        }
        if (a.added.length > 0) {
            fold(lines, `${plural(a.added.length, "resource")} added`, resourceTable(a.added), a.added.length);
        }
        if (a.removed.length > 0) {
            fold(lines, `${plural(a.removed.length, "resource")} removed`, resourceTable(a.removed), a.removed.length);
        }
        if (a.changed.length > 0) {
            fold(lines, `${plural(a.changed.length, "resource")} changed`, changedTable(a.changed), a.changed.length);
        }
    }
    return `${lines.join("\n").trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Text

function violationLine(prefix: string, v: PlanViolation, d: PlanDiff): string {
    const mark = v.enforcementLevel === "mandatory" ? "BLOCK" : v.enforcementLevel.toUpperCase();
    const r = nameOf(v.urn, d);
    return `  ${prefix} [${mark}] ${v.policy} on ${r ? `${r.type} ${r.name}` : "the stack"}: ${finding(v).split("\n")[0]}`;
}

export function renderDiffText(d: PlanDiff, labels: { base: string; head: string }): string {
    const lines = [`mlgov diff: stack ${d.head.stack} (base ${labels.base}, head ${labels.head})`];
    if (d.base.stack !== d.head.stack) {
        lines.push(`Note: the base plan is of stack ${d.base.stack}.`);
    }
    if (!hasChanges(d)) {
        lines.push(`No change: ${plural(d.head.resources.length, "resource")}, ${plural(d.head.violations.length, "violation")}.`);
        return `${lines.join("\n")}\n`;
    }
    lines.push("");
    for (const a of d.accounts) {
        const note = a.status === "added" ? " (new account)" : a.status === "removed" ? " (leaves the stack)" : "";
        lines.push(`${accountTitle(a)}${note}: ${a.added.length} added, ${a.removed.length} removed, ${a.changed.length} changed; ` +
            `violations ${a.introduced.length} introduced, ${a.cleared.length} cleared`);
        for (const v of a.introduced) {
            lines.push(violationLine("+ violation", v, d));
        }
        for (const v of a.cleared) {
            lines.push(violationLine("- violation", v, d));
        }
        for (const r of a.added) {
            lines.push(`  + ${r.type} ${r.name}`);
        }
        for (const r of a.removed) {
            lines.push(`  - ${r.type} ${r.name}`);
        }
        for (const c of a.changed) {
            lines.push(`  ~ ${c.head.type} ${c.head.name}: ${c.paths.join(", ")}${c.more > 0 ? ` and ${c.more} more` : ""}`);
        }
        lines.push("");
    }
    lines.push(headline(d));
    return `${lines.join("\n")}\n`;
}

export function renderDiff(d: PlanDiff, format: DiffFormat, labels: { base: string; head: string }): string {
    return format === "text" ? renderDiffText(d, labels) : renderDiffMarkdown(d, labels);
}
