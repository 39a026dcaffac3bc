/** The plain-text reports (a terminal, a CI log) of audit, check, diff and scan. */
import type { PlanViolation } from "../check/plan-format";
import type { PlanDiff } from "../diff/diff";
import type { EvaluatedDiagnostic, Evaluation } from "../engine";
import { auditNotes, describeInput, findingsByResource, remediationsByUrn } from "./audit-view";
import { Section, sections, treeLines } from "./check-view";
import { accountTitle, hasChanges, headline, resourceOf } from "./diff-view";
import type { AuditReport, CheckReport, DiffReport, Renderer, ScanReport } from "./reports";
import { accountProblems, accounts, failureText, findingsIn, regionCounts, scanHeader, scanVerdict } from "./scan-view";
import { detail, isBlocked, levelMark, nameFromUrn, plural, violationCounts } from "./verdicts";

const REMEDIATED = "the next update fixes this automatically";

/** `  [BLOCK] policy on what: description`, then the finding indented below it. */
function verdictLines(d: EvaluatedDiagnostic, what: string, lines: string[]): void {
    lines.push(`  [${levelMark(d.enforcementLevel)}] ${d.policyName}${what}: ${d.description || detail(d)}`);
    if (d.description) {
        for (const l of detail(d).split("\n")) {
            lines.push(`      ${l}`);
        }
    }
}

/** "BLOCKED: 2 resource(s) violate mandatory policies" or "PASSED: no mandatory violation". */
function verdict(evaluation: Evaluation): string {
    const blocked = new Set(evaluation.diagnostics.filter(d => d.enforcementLevel === "mandatory").map(d => d.urn));
    return isBlocked(evaluation) ? `BLOCKED: ${blocked.size} resource(s) violate mandatory policies` : "PASSED: no mandatory violation";
}

// ---------------------------------------------------------------------------------------------------
// audit

export function renderAuditText(report: AuditReport): string {
    const { evaluation, pack } = report;
    const lines: string[] = [`mlgov audit ${report.file}: ${describeInput(report)}, policy pack ${pack.name}@${pack.version}`, ""];
    const remediated = remediationsByUrn(evaluation);
    const shown = new Set<string>();
    for (const g of findingsByResource(evaluation)) {
        shown.add(g.urn);
        if (g.urn === "") {
            lines.push("Stack");
        } else {
            lines.push(`${g.type} ${nameFromUrn(g.urn)}`, `  ${g.urn}`);
        }
        for (const d of g.diagnostics) {
            verdictLines(d, "", lines);
        }
        for (const policy of remediated.get(g.urn) ?? []) {
            lines.push(`  [REMEDIATED] ${policy}: ${REMEDIATED}`);
        }
        lines.push("");
    }
    for (const [urn, policies] of remediated) {
        if (!shown.has(urn)) {
            lines.push(nameFromUrn(urn), `  ${urn}`, ...policies.map(policy => `  [REMEDIATED] ${policy}: ${REMEDIATED}`), "");
        }
    }
    for (const n of auditNotes(report)) {
        lines.push(`Note: ${n}`);
    }
    lines.push(`${verdict(evaluation)}. ${evaluation.resources} resources analysed; violations: ${violationCounts(evaluation.diagnostics)}` +
        `; remediations: ${evaluation.remediated.length}.`);
    return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------
// check

function sectionVerdictLines(section: Section, report: CheckReport, lines: string[]): void {
    const byUrn = new Map(report.checked.resources.map(r => [r.urn, r]));
    for (const d of section.diagnostics) {
        const r = byUrn.get(d.urn);
        verdictLines(d, ` on ${r ? `${r.type} ${r.name}` : d.urn === "" ? "the stack" : d.urn}`, lines);
    }
    for (const rem of section.remediated) {
        const r = byUrn.get(rem.urn);
        lines.push(`  [REMEDIATED] ${rem.policyName} on ${r ? `${r.type} ${r.name}` : rem.urn}: ${REMEDIATED}`);
    }
}

export function renderCheckText(report: CheckReport): string {
    const { evaluation, plan, checked, pack } = report;
    const lines: string[] = [`mlgov check: stack ${checked.stack} of project ${checked.project} (${report.stackFile}), policy pack ` +
        `${pack.name}@${pack.version} with ${report.policyConfig}`];
    for (const n of report.notes) {
        lines.push(`Note: ${n}`);
    }
    lines.push("");
    for (const s of sections(report)) {
        lines.push(`${s.title}: ${s.own.length} resources; violations: ${violationCounts(s.diagnostics)}`);
        treeLines(s.roots, report, "  ", lines);
        if (s.diagnostics.length > 0 || s.remediated.length > 0) {
            lines.push("  Verdicts:");
            sectionVerdictLines(s, report, lines);
        } else {
            lines.push("  Verdicts: no violation");
        }
        lines.push("");
    }
    lines.push(`${verdict(evaluation)}. ${plan.accounts.length} account(s), ${plan.resources.length} resources (${evaluation.resources} analysed); ` +
        `violations: ${violationCounts(evaluation.diagnostics)}; remediations: ${evaluation.remediated.length}.`);
    return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------
// diff

function violationLine(prefix: string, v: PlanViolation, d: PlanDiff): string {
    const r = resourceOf(v.urn, d);
    return `  ${prefix} [${levelMark(v.enforcementLevel)}] ${v.policy} on ${r ? `${r.type} ${r.name}` : "the stack"}: ${detail(v).split("\n")[0]}`;
}

export function renderDiffText(d: PlanDiff, labels: DiffReport["labels"]): string {
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
        lines.push(...a.introduced.map(v => violationLine("+ violation", v, d)), ...a.cleared.map(v => violationLine("- violation", v, d)));
        lines.push(...a.added.map(r => `  + ${r.type} ${r.name}`), ...a.removed.map(r => `  - ${r.type} ${r.name}`));
        for (const c of a.changed) {
            lines.push(`  ~ ${c.head.type} ${c.head.name}: ${c.paths.join(", ")}${c.more > 0 ? ` and ${c.more} more` : ""}`);
        }
        lines.push("");
    }
    lines.push(headline(d));
    return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------
// scan

export function renderScanText(report: ScanReport): string {
    const lines = [scanHeader(report), ""];
    const summaries = accounts(report);
    for (const account of summaries) {
        lines.push(`Account ${account.id} (${account.name})`);
        for (const region of account.regions) {
            if (!region.reachable) {
                lines.push(`  ${region.region}: NOT REACHED, nothing read: ${region.failures.map(failureText).join("; ")}`);
                continue;
            }
            lines.push(`  ${region.region}: ${regionCounts(region, report.kinds)}`);
            for (const f of region.failures) {
                lines.push(`    [NOT READ] ${failureText(f)}`);
            }
            for (const [arn, findings] of findingsIn(report, region)) {
                lines.push(`    ${findings[0].resource.shape.type} ${findings[0].resource.name}`);
                lines.push(`      ${arn}`);
                for (const f of findings) {
                    lines.push(`      [${levelMark(f.enforcementLevel)}] ${f.policyName}: ${detail(f).split("\n").join(" ")}`);
                }
            }
        }
        lines.push("");
    }
    lines.push("Summary per account:");
    for (const a of summaries) {
        const problems = accountProblems(a);
        lines.push(`  ${a.id} (${a.name}): ${a.resources} resources in ${plural(a.regions.length, "region")}; ` +
            `violations: ${violationCounts(a.findings)}${problems.length > 0 ? `; ${problems.join(", ")}` : ""}`);
    }
    lines.push("", scanVerdict(report));
    return `${lines.join("\n")}\n`;
}

export const textFormat: Renderer = {
    audit: renderAuditText,
    check: renderCheckText,
    diff: r => renderDiffText(r.diff, r.labels),
    scan: renderScanText,
};
