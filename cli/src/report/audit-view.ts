/** What the text and Markdown reports of `mlgov audit` both show: findings per resource, notes, the input's name. */
import type { EvaluatedDiagnostic, Evaluation } from "../engine";
import type { AuditReport } from "./reports";
import { byLevel, LEVEL_ORDER } from "./verdicts";

export interface ResourceFindings {
    /** "" for the stack as a whole. */
    urn: string;
    type: string;
    /** Worst first. */
    diagnostics: EvaluatedDiagnostic[];
}

/** Diagnostics grouped by resource URN, the worst resources first, the stack as a whole last. */
export function findingsByResource(evaluation: Evaluation): ResourceFindings[] {
    const map = new Map<string, ResourceFindings>();
    for (const d of evaluation.diagnostics) {
        const g = map.get(d.urn) ?? { urn: d.urn, type: d.type, diagnostics: [] };
        g.diagnostics.push(d);
        map.set(d.urn, g);
    }
    const list = [...map.values()].map(g => ({ ...g, diagnostics: byLevel(g.diagnostics) }));
    const worst = (g: ResourceFindings) => LEVEL_ORDER[g.diagnostics[0].enforcementLevel];
    return list.sort((a, b) => (a.urn === "" ? 1 : 0) - (b.urn === "" ? 1 : 0) || worst(a) - worst(b));
}

/** The policies that remediated each resource. */
export function remediationsByUrn(evaluation: Evaluation): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const r of evaluation.remediated) {
        map.set(r.urn, [...(map.get(r.urn) ?? []), r.policyName]);
    }
    return map;
}

/** What the reader should know about the input: secrets that could not be read, steps not analysed. */
export function auditNotes(report: AuditReport): string[] {
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

/** "stack export of project/stack", "preview". */
export function describeInput(report: AuditReport): string {
    const s = report.input.stackSettings;
    const what = report.input.kind === "preview" ? "preview" : "stack export";
    const stack = s.stack ? ` of ${s.project ? `${s.project}/` : ""}${s.stack}` : "";
    return `${what}${stack}`;
}
