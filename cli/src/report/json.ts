/**
 * The JSON reports, for programs (cli/README.md documents them): audit's verdicts
 * `{"resources": n, "violations": [{urn, type, policy, enforcementLevel, message}]}`, check's plan
 * (check/plan-format.ts), scan's accounts, regions and violations. A diff has no JSON form: the two
 * plans are the data.
 */
import type { EnforcementLevel } from "../engine/config-format";
import type { Evaluation } from "../engine";
import type { Renderer, ScanReport } from "./reports";
import { accounts, levelsOf } from "./scan-view";
import { detail } from "./verdicts";

/** The JSON output of `mlgov audit`, exactly. */
export interface AuditJson {
    resources: number;
    violations: Array<{ urn: string; type: string; policy: string; enforcementLevel: EnforcementLevel; message: string }>;
}

export function auditJson(evaluation: Evaluation): AuditJson {
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

export function scanJson(report: ScanReport) {
    return {
        stack: report.stack,
        jobsSince: report.jobsSince.toISOString(),
        resources: report.read.resources.length,
        accounts: accounts(report).map(a => ({
            id: a.id,
            name: a.name,
            resources: a.resources,
            violations: levelsOf(a.findings),
            regions: a.regions.map(r => ({ region: r.region, reachable: r.reachable, resources: r.counts, failures: r.failures })),
        })),
        violations: report.findings.map(f => ({
            account: f.resource.accountId,
            region: f.resource.region,
            arn: f.resource.arn,
            urn: f.urn,
            type: f.resource.shape.type,
            policy: f.policyName,
            enforcementLevel: f.enforcementLevel,
            severity: f.severity,
            message: detail(f),
        })),
    };
}

const document = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const jsonFormat: Renderer = {
    audit: r => document(auditJson(r.evaluation)),
    check: r => document(r.plan),
    scan: r => document(scanJson(r)),
};
