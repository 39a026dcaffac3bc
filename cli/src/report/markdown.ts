/**
 * The Markdown reports (GitHub Flavored Markdown, for a pull-request comment or a job summary) of
 * audit, check, diff and scan, and the escaping they share:
 * - `code(v)`: a literal value (resource name, type, policy, path) as a code span, fenced by more
 *   backticks than it holds;
 * - `text(v)`: a literal value as plain text, its Markdown punctuation escaped;
 * - `prose(v)`: a finding of the pack, whose `code spans` stay code and whose other text is escaped;
 * - `row(cells)`: a table row: every `|` in a cell escaped (GFM requires it inside code spans too),
 *   line breaks as `<br>`;
 * - `html(v)`: text inside an HTML line (`<summary>`), where Markdown is not read.
 */
import type { ChangedResource, PlanDiff } from "../diff/diff";
import type { PlanResource, PlanViolation } from "../check/plan-format";
import type { EnforcementLevel } from "../engine/config-format";
import { auditNotes, describeInput, findingsByResource, remediationsByUrn } from "./audit-view";
import { sections, treeLines } from "./check-view";
import { accountTitle, hasChanges, headline, resourceOf } from "./diff-view";
import type { AuditReport, CheckReport, DiffReport, Renderer, ScanReport } from "./reports";
import { accountProblems, accounts, failureText, findingsIn, scanHeader, scanVerdict } from "./scan-view";
import { byLevel, detail, isBlocked, levelCounts, nameFromUrn, plural, violationCounts } from "./verdicts";

/** Lists longer than this are folded into `<details>` in the diff. */
export const FOLD_AFTER = 5;

const PUNCTUATION = /[\\`*_[\]<>~&]/g;

/** A literal value as plain text. */
export function text(value: string): string {
    return value.replace(PUNCTUATION, c => `\\${c}`);
}

/** A literal value as a code span. */
export function code(value: string): string {
    const flat = value.replace(/\r?\n/g, " ");
    const fence = "`".repeat(Math.max(0, ...(flat.match(/`+/g) ?? []).map(run => run.length)) + 1);
    const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
    return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Text with `code spans` (a finding): the spans kept as code, the rest escaped; a lone backtick is text. */
export function prose(value: string): string {
    let out = "";
    let at = 0;
    const opener = /`+/g;
    for (let m = opener.exec(value); m; m = opener.exec(value)) {
        const closer = new RegExp(`(?<!\`)${m[0]}(?!\`)`, "g");
        closer.lastIndex = m.index + m[0].length;
        const close = closer.exec(value);
        if (!close) {
            continue;
        }
        out += text(value.slice(at, m.index)) + code(value.slice(m.index + m[0].length, close.index));
        at = close.index + close[0].length;
        opener.lastIndex = at;
    }
    return out + text(value.slice(at));
}

/** A table row of Markdown cells. */
export function row(cells: readonly string[]): string {
    return `| ${cells.map(c => c.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").trim()).join(" | ")} |`;
}

/** Text in an HTML line. */
export function html(value: string): string {
    return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function levelBadge(level: EnforcementLevel): string {
    return level === "mandatory" ? "🚫 mandatory" : level === "advisory" ? "⚠️ advisory" : level;
}

function verdictHeadline(blocked: boolean, what: string): string {
    return `### ${blocked ? "🚫 Blocked" : "✅ Passed"}: ${what}`;
}

function remediatedDetails(lines: string[], items: ReadonlyArray<{ name: string; policies: readonly string[] }>): void {
    if (items.length === 0) {
        return;
    }
    lines.push("<details><summary>Remediated automatically on the next update</summary>", "");
    for (const { name, policies } of items) {
        lines.push(`- ${code(name)}: ${policies.map(code).join(", ")}`);
    }
    lines.push("", "</details>", "");
}

// ---------------------------------------------------------------------------------------------------
// audit

export function renderAuditMarkdown(report: AuditReport): string {
    const { evaluation, pack } = report;
    const lines: string[] = [verdictHeadline(isBlocked(evaluation), "ml-governance policy audit"), ""];
    lines.push(`${evaluation.resources} resources analysed in the ${describeInput(report)} ${code(report.file)} ` +
        `with policy pack ${code(`${pack.name}@${pack.version}`)}: **${violationCounts(evaluation.diagnostics)}** violations, ` +
        `${evaluation.remediated.length} remediations.`);
    lines.push("");
    if (evaluation.diagnostics.length > 0) {
        lines.push(row(["Level", "Resource", "Type", "Policy", "Finding"]), row(["---", "---", "---", "---", "---"]));
        for (const g of findingsByResource(evaluation)) {
            for (const d of g.diagnostics) {
                lines.push(row([levelBadge(d.enforcementLevel), g.urn === "" ? "_stack_" : code(nameFromUrn(g.urn)),
                    g.type ? code(g.type) : "", code(d.policyName), prose(detail(d))]));
            }
        }
        lines.push("");
    }
    remediatedDetails(lines, [...remediationsByUrn(evaluation)].map(([urn, policies]) => ({ name: nameFromUrn(urn), policies })));
    for (const n of auditNotes(report)) {
        lines.push(`> ${prose(n)}`);
    }
    return `${lines.join("\n").trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------------
// check

export function renderCheckMarkdown(report: CheckReport): string {
    const { evaluation, plan, checked } = report;
    const lines: string[] = [verdictHeadline(isBlocked(evaluation), `mlgov check of stack ${code(checked.stack)}`), ""];
    lines.push(`Project ${code(checked.project)} on Pulumi's mock runtime (${code(report.stackFile)}): **${plan.accounts.length} account(s), ` +
        `${plan.resources.length} resources**, analysed by ${code(`${report.pack.name}@${report.pack.version}`)} with ` +
        `${text(report.policyConfig)}: **${violationCounts(evaluation.diagnostics)}** violations, ${evaluation.remediated.length} remediations.`);
    lines.push("");
    for (const n of report.notes) {
        lines.push(`> ${text(n)}`, "");
    }
    const all = sections(report);
    const account = (id: string) => (id === "" ? "—" : code(id));
    lines.push(row(["Account", "Name", "Resources", "Mandatory", "Advisory"]), row(["---", "---", "---:", "---:", "---:"]));
    for (const s of all) {
        const by = levelCounts(s.diagnostics);
        const name = s.id === "" ? "_not in an account_" : text(plan.accounts.find(a => a.id === s.id)?.name ?? s.id);
        lines.push(row([account(s.id), name, String(s.own.length), String(by.get("mandatory") ?? 0), String(by.get("advisory") ?? 0)]));
    }
    lines.push("");
    const byUrn = new Map(checked.resources.map(r => [r.urn, r]));
    if (evaluation.diagnostics.length > 0) {
        lines.push("#### Violations", "");
        lines.push(row(["Level", "Account", "Resource", "Type", "Policy", "Finding"]), row(["---", "---", "---", "---", "---", "---"]));
        for (const s of all) {
            for (const d of s.diagnostics) {
                const r = byUrn.get(d.urn);
                lines.push(row([levelBadge(d.enforcementLevel), account(s.id), r ? code(r.name) : "_stack_",
                    d.type ? code(d.type) : "", code(d.policyName), prose(detail(d))]));
            }
        }
        lines.push("");
    }
    remediatedDetails(lines, evaluation.remediated.map(rem => ({ name: byUrn.get(rem.urn)?.name ?? rem.urn, policies: [rem.policyName] })));
    for (const s of all) {
        const tree: string[] = [];
        treeLines(s.roots, report, "", tree);
        lines.push(`<details><summary>${html(s.title)}: ${s.own.length} resources</summary>`, "");
        lines.push("```text", ...(tree.length > 0 ? tree : ["(none)"]), "```", "");
        lines.push("</details>", "");
    }
    return `${lines.join("\n").trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------------
// diff

function fold(lines: string[], summary: string, body: string[], count: number): void {
    if (count > FOLD_AFTER) {
        lines.push(`<details><summary>${summary}</summary>`, "", ...body, "", "</details>", "");
    } else {
        lines.push(`**${summary}**`, "", ...body, "");
    }
}

function violationTable(vs: readonly PlanViolation[], d: PlanDiff): string[] {
    const rows = [row(["Level", "Resource", "Type", "Policy", "Finding"]), row(["---", "---", "---", "---", "---"])];
    for (const v of byLevel(vs)) {
        const r = resourceOf(v.urn, d);
        rows.push(row([levelBadge(v.enforcementLevel), r ? code(r.name) : "_stack_", v.type ? code(v.type) : "", code(v.policy), prose(detail(v))]));
    }
    return rows;
}

function resourceTable(rs: readonly PlanResource[]): string[] {
    return [row(["Resource", "Type"]), row(["---", "---"]), ...rs.map(r => row([code(r.name), code(r.type)]))];
}

function changedTable(cs: readonly ChangedResource[]): string[] {
    return [row(["Resource", "Type", "Changed inputs"]), row(["---", "---", "---"]), ...cs.map(c =>
        row([code(c.head.name), code(c.head.type), `${c.paths.map(code).join(", ")}${c.more > 0 ? ` and ${c.more} more` : ""}`]))];
}

export function renderDiffMarkdown(d: PlanDiff, labels: DiffReport["labels"]): string {
    const lines: string[] = [];
    const mandatory = d.introduced.filter(v => v.enforcementLevel === "mandatory").length;
    const status = mandatory > 0 ? `🚫 ${plural(mandatory, "mandatory violation")} introduced`
        : d.cleared.length > 0 && d.introduced.length === 0 ? "✅ violations cleared, none introduced"
            : d.introduced.length > 0 ? `⚠️ ${plural(d.introduced.length, "violation")} introduced` : "✅ no new violation";
    lines.push(`### mlgov diff of stack ${code(d.head.stack)}: ${status}`, "");
    if (d.base.stack !== d.head.stack) {
        lines.push(`> The base plan is of stack ${code(d.base.stack)}, the head plan of stack ${code(d.head.stack)}.`, "");
    }
    if (!hasChanges(d)) {
        lines.push(`No change: the same ${plural(d.head.resources.length, "resource")} and ${plural(d.head.violations.length, "violation")} ` +
            `in ${plural(d.head.accounts.length, "account")} (base ${code(labels.base)}, head ${code(labels.head)}).`);
        return `${lines.join("\n")}\n`;
    }
    lines.push(`${headline(d)} Base ${code(labels.base)}, head ${code(labels.head)}.`, "");
    lines.push(row(["Account", "Added", "Removed", "Changed", "Violations introduced", "Violations cleared"]),
        row(["---", "---:", "---:", "---:", "---:", "---:"]));
    for (const a of d.accounts) {
        const label = a.id === "" ? "_not in an account_" : `${code(a.id)} ${a.name !== a.id ? text(a.name) : ""}`.trim();
        const note = a.status === "added" ? " (new)" : a.status === "removed" ? " (leaves the stack)" : "";
        lines.push(row([`${label}${note}`, ...[a.added, a.removed, a.changed, a.introduced, a.cleared].map(l => String(l.length))]));
    }
    lines.push("");
    for (const a of d.accounts) {
        lines.push(`#### ${text(accountTitle(a))}`, "");
        if (a.status === "added") {
            lines.push("_A new account in this stack._", "");
        } else if (a.status === "removed") {
            lines.push("_This account leaves the stack: everything deployed in it would be deleted._", "");
        }
        const lists: Array<[unknown[], string, string, () => string[]]> = [
            [a.introduced, "violation", "introduced", () => violationTable(a.introduced, d)],
            [a.cleared, "violation", "cleared", () => violationTable(a.cleared, d)],
            [a.added, "resource", "added", () => resourceTable(a.added)],
            [a.removed, "resource", "removed", () => resourceTable(a.removed)],
            [a.changed, "resource", "changed", () => changedTable(a.changed)],
        ];
        for (const [list, noun, verb, table] of lists) {
            if (list.length > 0) {
                fold(lines, `${plural(list.length, noun)} ${verb}`, table(), list.length);
            }
        }
    }
    return `${lines.join("\n").trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------------
// scan

export function renderScanMarkdown(report: ScanReport): string {
    const blocked = isBlocked({ diagnostics: report.findings });
    const lines = [`### ${blocked ? "🚫 Violations" : "✅ Passed"}: live SageMaker resources of stack ${code(report.stack)}`, "",
        `${text(scanHeader(report))}.`, ""];
    const summaries = accounts(report);
    lines.push(row(["Account", "Resources", "Mandatory", "Advisory", "Not read"]), row(["---", "---:", "---:", "---:", "---"]));
    for (const a of summaries) {
        const by = levelCounts(a.findings);
        lines.push(row([`${code(a.id)} ${text(a.name)}`, String(a.resources), String(by.get("mandatory") ?? 0), String(by.get("advisory") ?? 0),
            accountProblems(a).join(", ").toLowerCase()]));
    }
    lines.push("");
    for (const account of summaries) {
        for (const region of account.regions) {
            const findings = [...findingsIn(report, region).values()].flat();
            if (findings.length === 0 && region.failures.length === 0) {
                continue;
            }
            lines.push(`#### ${code(account.id)} ${text(account.name)}, ${text(region.region)}`, "");
            for (const f of region.failures) {
                lines.push(`> ⚠️ not read: ${text(failureText(f))}`);
            }
            if (region.failures.length > 0) {
                lines.push("");
            }
            if (findings.length > 0) {
                lines.push(row(["Level", "Resource", "Type", "Policy", "Finding"]), row(["---", "---", "---", "---", "---"]));
                for (const f of findings) {
                    lines.push(row([levelBadge(f.enforcementLevel), code(f.resource.name), code(f.resource.shape.type), code(f.policyName), prose(detail(f))]));
                }
                lines.push("");
            }
        }
    }
    lines.push(text(scanVerdict(report)));
    return `${lines.join("\n").trimEnd()}\n`;
}

export const markdownFormat: Renderer = {
    audit: renderAuditMarkdown,
    check: renderCheckMarkdown,
    diff: r => renderDiffMarkdown(r.diff, r.labels),
    scan: renderScanMarkdown,
};
