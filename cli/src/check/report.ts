/**
 * Renders the result of `mlgov check`: text (per account, the resources as a tree of components, then
 * the account's verdicts; a summary line), Markdown (for a pull request comment or a job summary) and
 * JSON (the plan, see plan.ts).
 */
import type { EnforcementLevel, EvaluatedDiagnostic, Evaluation, PackInfo } from "../engine";
import type { CheckedResource, CheckedStack, Plan } from "./plan";

export type CheckFormat = "text" | "markdown" | "json";
export const CHECK_FORMATS: readonly CheckFormat[] = ["text", "markdown", "json"];

export interface CheckReport {
    checked: CheckedStack;
    plan: Plan;
    evaluation: Evaluation;
    pack: PackInfo;
    /** How the policy config was chosen, for the reader ("policypacks/…/dev.json", "the pack's defaults"). */
    policyConfig: string;
    /** The stack config file, relative. */
    stackFile: string;
    /** Notes for the reader (accounts snapshot used, …). */
    notes: string[];
}

const LEVEL_ORDER: Record<EnforcementLevel, number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export function isCheckBlocked(evaluation: Evaluation): boolean {
    return evaluation.diagnostics.some(d => d.enforcementLevel === "mandatory");
}

/** The violation text without the policy description the SDK puts on its first line. */
export function detail(d: { description?: string; message: string }): string {
    const prefix = `${d.description}\n`;
    return d.description && d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message;
}

function levelCounts(ds: readonly EvaluatedDiagnostic[]): Map<EnforcementLevel, number> {
    const by = new Map<EnforcementLevel, number>();
    for (const d of ds) {
        by.set(d.enforcementLevel, (by.get(d.enforcementLevel) ?? 0) + 1);
    }
    return by;
}

function countsText(ds: readonly EvaluatedDiagnostic[]): string {
    const by = levelCounts(ds);
    const parts = [`${by.get("mandatory") ?? 0} mandatory`, `${by.get("advisory") ?? 0} advisory`];
    for (const [l, n] of by) {
        if (l !== "mandatory" && l !== "advisory") {
            parts.push(`${n} ${l}`);
        }
    }
    return parts.join(", ");
}

interface Section {
    /** Account id, or "" for resources in no account. */
    id: string;
    title: string;
    /** Resources deploying to the account (counted). */
    own: CheckedResource[];
    /** The tree: own resources and the components above them. */
    roots: TreeNode[];
    diagnostics: EvaluatedDiagnostic[];
    remediated: Array<{ urn: string; policyName: string }>;
}

interface TreeNode {
    resource: CheckedResource;
    /** Not deploying to this account: shown to group the ones below it. */
    grouping: boolean;
    children: TreeNode[];
}

/** Per account (sorted by id), then the resources in no account. */
function sections(report: CheckReport): Section[] {
    const { checked, evaluation } = report;
    const byUrn = new Map(checked.resources.map(r => [r.urn, r]));
    const accountOf = (urn: string) => byUrn.get(urn)?.account ?? "";
    const result: Section[] = [];
    const shown = checked.resources.filter(r => r.type !== ROOT_STACK_TYPE && !r.read);
    const grouped = new Set<string>();
    const build = (id: string, title: string, own: CheckedResource[]): Section => {
        const nodes = new Map<string, TreeNode>();
        const roots: TreeNode[] = [];
        const nodeOf = (r: CheckedResource, grouping: boolean): TreeNode => {
            let node = nodes.get(r.urn);
            if (node) {
                node.grouping &&= grouping;
                return node;
            }
            node = { resource: r, grouping, children: [] };
            nodes.set(r.urn, node);
            const parent = r.parent ? byUrn.get(r.parent) : undefined;
            if (parent && parent.type !== ROOT_STACK_TYPE && !parent.custom) {
                if (parent.account !== id) {
                    grouped.add(parent.urn);
                }
                nodeOf(parent, parent.account !== id).children.push(node);
            } else {
                roots.push(node);
            }
            return node;
        };
        for (const r of own) {
            nodeOf(r, false);
        }
        return {
            id, title, own, roots,
            diagnostics: evaluation.diagnostics.filter(d => (d.urn === "" ? "" : accountOf(d.urn)) === id)
                .sort((a, b) => LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel]),
            remediated: evaluation.remediated.filter(r => accountOf(r.urn) === id),
        };
    };
    for (const a of checked.accounts) {
        result.push(build(a.id, `Account ${a.id}${a.name !== a.id ? ` (${a.name})` : ""}`, shown.filter(r => r.account === a.id)));
    }
    const rest = shown.filter(r => r.account === "" && !grouped.has(r.urn));
    const stackLevel = evaluation.diagnostics.some(d => d.urn === "" || accountOf(d.urn) === "");
    if (rest.length > 0 || stackLevel) {
        result.push(build("", "Not in an account", rest));
    }
    return result;
}

const diagnosticsCache = new WeakMap<CheckReport, Map<string, EvaluatedDiagnostic[]>>();

function diagnosticsOf(urn: string, report: CheckReport): EvaluatedDiagnostic[] {
    let index = diagnosticsCache.get(report);
    if (!index) {
        index = new Map();
        for (const d of report.evaluation.diagnostics) {
            const list = index.get(d.urn);
            if (list) {
                list.push(d);
            } else {
                index.set(d.urn, [d]);
            }
        }
        diagnosticsCache.set(report, index);
    }
    return index.get(urn) ?? [];
}

function marks(urn: string, report: CheckReport): string {
    const ds = diagnosticsOf(urn, report);
    const parts: string[] = [];
    const by = levelCounts(ds);
    const mandatory = by.get("mandatory") ?? 0;
    if (mandatory > 0) {
        parts.push(`BLOCK${mandatory > 1 ? ` x${mandatory}` : ""}`);
    }
    for (const [l, n] of by) {
        if (l !== "mandatory") {
            parts.push(`${l.toUpperCase()}${n > 1 ? ` x${n}` : ""}`);
        }
    }
    if (report.evaluation.remediated.some(r => r.urn === urn)) {
        parts.push("REMEDIATED");
    }
    return parts.length > 0 ? `  [${parts.join(", ")}]` : "";
}

function treeLines(nodes: TreeNode[], report: CheckReport, indent: string, lines: string[]): void {
    nodes.forEach((node, i) => {
        const last = i === nodes.length - 1;
        const r = node.resource;
        const label = `${r.type} ${r.name}${node.grouping ? "  (component across accounts)" : ""}${r.defaultProvider ? "  (default provider)" : ""}`;
        lines.push(`${indent}${last ? "└─ " : "├─ "}${label}${marks(r.urn, report)}`);
        treeLines(node.children, report, `${indent}${last ? "   " : "│  "}`, lines);
    });
}

function verdictLines(section: Section, report: CheckReport, lines: string[]): void {
    const byUrn = new Map(report.checked.resources.map(r => [r.urn, r]));
    for (const d of section.diagnostics) {
        const mark = d.enforcementLevel === "mandatory" ? "BLOCK" : d.enforcementLevel.toUpperCase();
        const r = byUrn.get(d.urn);
        const what = r ? `${r.type} ${r.name}` : d.urn === "" ? "the stack" : d.urn;
        lines.push(`  [${mark}] ${d.policyName} on ${what}: ${d.description || detail(d)}`);
        if (d.description) {
            for (const l of detail(d).split("\n")) {
                lines.push(`      ${l}`);
            }
        }
    }
    for (const rem of section.remediated) {
        const r = byUrn.get(rem.urn);
        lines.push(`  [REMEDIATED] ${rem.policyName} on ${r ? `${r.type} ${r.name}` : rem.urn}: the next update fixes this automatically`);
    }
}

function summary(report: CheckReport): string {
    const { evaluation, plan } = report;
    const blocked = new Set(evaluation.diagnostics.filter(d => d.enforcementLevel === "mandatory").map(d => d.urn));
    const verdict = isCheckBlocked(evaluation)
        ? `BLOCKED: ${blocked.size} resource(s) violate mandatory policies`
        : "PASSED: no mandatory violation";
    return `${verdict}. ${plan.accounts.length} account(s), ${plan.resources.length} resources (${evaluation.resources} analysed); ` +
        `violations: ${countsText(evaluation.diagnostics)}; remediations: ${evaluation.remediated.length}.`;
}

function heading(report: CheckReport): string {
    return `stack ${report.checked.stack} of project ${report.checked.project} (${report.stackFile}), policy pack ` +
        `${report.pack.name}@${report.pack.version} with ${report.policyConfig}`;
}

export function renderCheckText(report: CheckReport): string {
    const lines: string[] = [`mlgov check: ${heading(report)}`];
    for (const n of report.notes) {
        lines.push(`Note: ${n}`);
    }
    lines.push("");
    for (const s of sections(report)) {
        lines.push(`${s.title}: ${s.own.length} resources; violations: ${countsText(s.diagnostics)}`);
        treeLines(s.roots, report, "  ", lines);
        if (s.diagnostics.length > 0 || s.remediated.length > 0) {
            lines.push("  Verdicts:");
            verdictLines(s, report, lines);
        } else {
            lines.push("  Verdicts: no violation");
        }
        lines.push("");
    }
    lines.push(summary(report));
    return `${lines.join("\n")}\n`;
}

function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").trim();
}

export function renderCheckMarkdown(report: CheckReport): string {
    const { evaluation, plan, checked } = report;
    const blocked = isCheckBlocked(evaluation);
    const lines: string[] = [];
    lines.push(`### ${blocked ? "🚫 Blocked" : "✅ Passed"}: mlgov check of stack \`${checked.stack}\``);
    lines.push("");
    lines.push(`Project \`${checked.project}\` on Pulumi's mock runtime (\`${report.stackFile}\`): **${plan.accounts.length} account(s), ` +
        `${plan.resources.length} resources**, analysed by \`${report.pack.name}@${report.pack.version}\` with ${report.policyConfig}: ` +
        `**${countsText(evaluation.diagnostics)}** violations, ${evaluation.remediated.length} remediations.`);
    lines.push("");
    for (const n of report.notes) {
        lines.push(`> ${n}`);
        lines.push("");
    }
    const all = sections(report);
    lines.push("| Account | Name | Resources | Mandatory | Advisory |");
    lines.push("| --- | --- | ---: | ---: | ---: |");
    for (const s of all) {
        const by = levelCounts(s.diagnostics);
        const name = s.id === "" ? "_not in an account_" : cell(plan.accounts.find(a => a.id === s.id)?.name ?? s.id);
        lines.push(`| ${s.id === "" ? "—" : `\`${s.id}\``} | ${name} | ${s.own.length} | ${by.get("mandatory") ?? 0} | ${by.get("advisory") ?? 0} |`);
    }
    lines.push("");
    const byUrn = new Map(checked.resources.map(r => [r.urn, r]));
    if (evaluation.diagnostics.length > 0) {
        lines.push("#### Violations");
        lines.push("");
        lines.push("| Level | Account | Resource | Type | Policy | Finding |");
        lines.push("| --- | --- | --- | --- | --- | --- |");
        for (const s of all) {
            for (const d of s.diagnostics) {
                const level = d.enforcementLevel === "mandatory" ? "🚫 mandatory" : d.enforcementLevel === "advisory"
                    ? "⚠️ advisory" : d.enforcementLevel;
                const r = byUrn.get(d.urn);
                lines.push(`| ${level} | ${s.id === "" ? "—" : `\`${s.id}\``} | ${r ? `\`${cell(r.name)}\`` : "_stack_"} | ` +
                    `${d.type ? `\`${cell(d.type)}\`` : ""} | \`${cell(d.policyName)}\` | ${cell(detail(d))} |`);
            }
        }
        lines.push("");
    }
    if (evaluation.remediated.length > 0) {
        lines.push("<details><summary>Remediated automatically on the next update</summary>");
        lines.push("");
        for (const rem of evaluation.remediated) {
            lines.push(`- \`${cell(byUrn.get(rem.urn)?.name ?? rem.urn)}\`: \`${rem.policyName}\``);
        }
        lines.push("");
        lines.push("</details>");
        lines.push("");
    }
    for (const s of all) {
        lines.push(`<details><summary>${cell(s.title)}: ${s.own.length} resources</summary>`);
        lines.push("");
        lines.push("```text");
        const tree: string[] = [];
        treeLines(s.roots, report, "", tree);
        lines.push(...(tree.length > 0 ? tree : ["(none)"]));
        lines.push("```");
        lines.push("");
        lines.push("</details>");
        lines.push("");
    }
    return `${lines.join("\n").trimEnd()}\n`;
}

export function renderCheck(report: CheckReport, format: CheckFormat): string {
    switch (format) {
        case "json":
            return `${JSON.stringify(report.plan, null, 2)}\n`;
        case "markdown":
            return renderCheckMarkdown(report);
        default:
            return renderCheckText(report);
    }
}
