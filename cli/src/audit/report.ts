/** Renders the result of `mlgov audit` as text, Markdown or JSON. */
import type { EnforcementLevel, EvaluatedDiagnostic, Evaluation, PackInfo } from "../engine";
import type { AuditInput } from "./input";

export type Format = "text" | "markdown" | "json";
export const FORMATS: readonly Format[] = ["text", "markdown", "json"];

export interface AuditReport {
    file: string;
    input: AuditInput;
    pack: PackInfo;
    evaluation: Evaluation;
}

/** The JSON output, exactly: `{"resources": n, "violations": [{urn, type, policy, enforcementLevel, message}]}`. */
export interface JsonReport {
    resources: number;
    violations: Array<{ urn: string; type: string; policy: string; enforcementLevel: EnforcementLevel; message: string }>;
}

const LEVEL_ORDER: Record<EnforcementLevel, number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

export function isBlocked(evaluation: Evaluation): boolean {
    return evaluation.diagnostics.some(d => d.enforcementLevel === "mandatory");
}

export function toJsonReport(evaluation: Evaluation): JsonReport {
    return {
        resources: evaluation.resources,
        violations: evaluation.diagnostics.map(d => ({
            urn: d.urn,
            type: d.type,
            policy: d.policyName,
            enforcementLevel: d.enforcementLevel,
            message: d.message,
        })),
    };
}

function counts(evaluation: Evaluation): string {
    const by = new Map<string, number>();
    for (const d of evaluation.diagnostics) {
        by.set(d.enforcementLevel, (by.get(d.enforcementLevel) ?? 0) + 1);
    }
    const parts = (["mandatory", "advisory"] as const).map(l => `${by.get(l) ?? 0} ${l}`);
    for (const [l, n] of by) {
        if (l !== "mandatory" && l !== "advisory") {
            parts.push(`${n} ${l}`);
        }
    }
    return parts.join(", ");
}

/** Diagnostics grouped by resource URN ("" = the stack as a whole), mandatory first. */
function groups(evaluation: Evaluation): Array<{ urn: string; type: string; diagnostics: EvaluatedDiagnostic[] }> {
    const map = new Map<string, { urn: string; type: string; diagnostics: EvaluatedDiagnostic[] }>();
    for (const d of evaluation.diagnostics) {
        const g = map.get(d.urn) ?? { urn: d.urn, type: d.type, diagnostics: [] };
        g.diagnostics.push(d);
        map.set(d.urn, g);
    }
    const list = [...map.values()];
    for (const g of list) {
        g.diagnostics.sort((a, b) => LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel]);
    }
    const worst = (g: { diagnostics: EvaluatedDiagnostic[] }) => LEVEL_ORDER[g.diagnostics[0].enforcementLevel];
    return list.sort((a, b) => (a.urn === "" ? 1 : 0) - (b.urn === "" ? 1 : 0) || worst(a) - worst(b));
}

function nameFromUrn(urn: string): string {
    const at = urn.lastIndexOf("::");
    return at < 0 ? urn : urn.slice(at + 2);
}

/** The violation text without the policy description the SDK puts on its first line. */
function detail(d: EvaluatedDiagnostic): string {
    const prefix = `${d.description}\n`;
    return d.description && d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message;
}

function remediationsByUrn(evaluation: Evaluation): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const r of evaluation.remediated) {
        map.set(r.urn, [...(map.get(r.urn) ?? []), r.policyName]);
    }
    return map;
}

function notes(report: AuditReport): string[] {
    const out: string[] = [];
    if (report.input.encryptedSecrets > 0) {
        out.push(`${report.input.encryptedSecrets} encrypted secret value(s) could not be read and were treated as ` +
            "unknown; run `pulumi stack export --show-secrets` to check them.");
    }
    const skipped = Object.entries(report.input.skippedSteps).map(([op, n]) => `${n} ${op}`);
    if (skipped.length > 0) {
        out.push(`Preview steps not analysed (resources going away): ${skipped.join(", ")}.`);
    }
    return out;
}

function describeInput(report: AuditReport): string {
    const s = report.input.stackSettings;
    const what = report.input.kind === "preview" ? "preview" : "stack export";
    const stack = s.stack ? ` of ${s.project ? `${s.project}/` : ""}${s.stack}` : "";
    return `${what}${stack}`;
}

export function renderText(report: AuditReport): string {
    const { evaluation, pack } = report;
    const lines: string[] = [];
    lines.push(`mlgov audit ${report.file}: ${describeInput(report)}, policy pack ${pack.name}@${pack.version}`);
    lines.push("");
    const remediated = remediationsByUrn(evaluation);
    const shown = new Set<string>();
    for (const g of groups(evaluation)) {
        shown.add(g.urn);
        if (g.urn === "") {
            lines.push("Stack");
        } else {
            lines.push(`${g.type} ${nameFromUrn(g.urn)}`);
            lines.push(`  ${g.urn}`);
        }
        for (const d of g.diagnostics) {
            const mark = d.enforcementLevel === "mandatory" ? "BLOCK" : d.enforcementLevel.toUpperCase();
            lines.push(`  [${mark}] ${d.policyName}: ${d.description || detail(d)}`);
            if (d.description) {
                for (const l of detail(d).split("\n")) {
                    lines.push(`      ${l}`);
                }
            }
        }
        for (const policy of remediated.get(g.urn) ?? []) {
            lines.push(`  [REMEDIATED] ${policy}: the next update fixes this automatically`);
        }
        lines.push("");
    }
    for (const [urn, policies] of remediated) {
        if (!shown.has(urn)) {
            lines.push(`${nameFromUrn(urn)}`);
            lines.push(`  ${urn}`);
            for (const policy of policies) {
                lines.push(`  [REMEDIATED] ${policy}: the next update fixes this automatically`);
            }
            lines.push("");
        }
    }
    for (const n of notes(report)) {
        lines.push(`Note: ${n}`);
    }
    const blockedResources = new Set(evaluation.diagnostics.filter(d => d.enforcementLevel === "mandatory").map(d => d.urn));
    const verdict = isBlocked(evaluation)
        ? `BLOCKED: ${blockedResources.size} resource(s) violate mandatory policies`
        : "PASSED: no mandatory violation";
    lines.push(`${verdict}. ${evaluation.resources} resources analysed; violations: ${counts(evaluation)}` +
        `; remediations: ${evaluation.remediated.length}.`);
    return `${lines.join("\n")}\n`;
}

/** `text` in a Markdown table cell: pipes and backslashes escaped, line breaks as <br>. */
export function cell(text: string): string {
    return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>").trim();
}

export function renderMarkdown(report: AuditReport): string {
    const { evaluation, pack } = report;
    const blocked = isBlocked(evaluation);
    const lines: string[] = [];
    lines.push(`### ${blocked ? "🚫 Blocked" : "✅ Passed"}: ml-governance policy audit`);
    lines.push("");
    lines.push(`${evaluation.resources} resources analysed in the ${describeInput(report)} \`${report.file}\` ` +
        `with policy pack \`${pack.name}@${pack.version}\`: **${counts(evaluation)}** violations, ` +
        `${evaluation.remediated.length} remediations.`);
    lines.push("");
    if (evaluation.diagnostics.length > 0) {
        lines.push("| Level | Resource | Type | Policy | Finding |");
        lines.push("| --- | --- | --- | --- | --- |");
        for (const g of groups(evaluation)) {
            for (const d of g.diagnostics) {
                const level = d.enforcementLevel === "mandatory" ? "🚫 mandatory" : d.enforcementLevel === "advisory"
                    ? "⚠️ advisory" : d.enforcementLevel;
                const resource = g.urn === "" ? "_stack_" : `\`${cell(nameFromUrn(g.urn))}\``;
                lines.push(`| ${level} | ${resource} | ${g.type ? `\`${cell(g.type)}\`` : ""} | \`${cell(d.policyName)}\` ` +
                    `| ${cell(detail(d))} |`);
            }
        }
        lines.push("");
    }
    if (evaluation.remediated.length > 0) {
        lines.push("<details><summary>Remediated automatically on the next update</summary>");
        lines.push("");
        for (const [urn, policies] of remediationsByUrn(evaluation)) {
            lines.push(`- \`${cell(nameFromUrn(urn))}\`: ${policies.map(p => `\`${p}\``).join(", ")}`);
        }
        lines.push("");
        lines.push("</details>");
        lines.push("");
    }
    for (const n of notes(report)) {
        lines.push(`> ${n}`);
    }
    return `${lines.join("\n").trimEnd()}\n`;
}

export function render(report: AuditReport, format: Format): string {
    switch (format) {
        case "json":
            return `${JSON.stringify(toJsonReport(report.evaluation), null, 2)}\n`;
        case "markdown":
            return renderMarkdown(report);
        default:
            return renderText(report);
    }
}
