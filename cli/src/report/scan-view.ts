/**
 * What every report of `mlgov scan` shows: per account its regions and what was read, the findings
 * per live resource, what could not be read, and the findings as an engine Evaluation (SARIF, JUnit).
 */
import type { Evaluation } from "../engine";
import type { Kind } from "../scan/inventory";
import type { Finding } from "../scan/judge";
import type { ReadFailure, RegionRead, ScanRead } from "../scan/read";
import type { ScanReport } from "./reports";
import { isBlocked, LEVEL_ORDER, levelCounts, plural } from "./verdicts";

/** Something that should have been read was not: an account unreachable, or a kind or resource that failed. */
export function isScanIncomplete(read: ScanRead): boolean {
    return read.regions.some(r => !r.reachable || r.failures.length > 0);
}

export interface AccountSummary {
    readonly id: string;
    readonly name: string;
    readonly regions: readonly RegionRead[];
    readonly resources: number;
    readonly findings: readonly Finding[];
    readonly unreachable: boolean;
    /** Read failures in the regions that were reached. */
    readonly failures: number;
}

/** Per account, in the order read. */
export function accounts(report: ScanReport): AccountSummary[] {
    const byId = new Map<string, RegionRead[]>();
    for (const r of report.read.regions) {
        byId.set(r.accountId, [...(byId.get(r.accountId) ?? []), r]);
    }
    return [...byId.entries()].map(([id, regions]) => ({
        id, name: regions[0].accountName, regions,
        resources: regions.reduce((n, r) => n + Object.values(r.counts).reduce((a, b) => a + b, 0), 0),
        findings: report.findings.filter(f => f.resource.accountId === id),
        unreachable: regions.some(r => !r.reachable),
        failures: regions.reduce((n, r) => n + (r.reachable ? r.failures.length : 0), 0),
    }));
}

/** How many findings of each level, by level name (the JSON report's `violations`). */
export function levelsOf(findings: readonly Finding[]): Record<string, number> {
    return Object.fromEntries(levelCounts(findings));
}

/** "3 notebook instances, 1 models", or "no SageMaker resources". */
export function regionCounts(region: RegionRead, kinds: readonly Kind[]): string {
    const parts = kinds.filter(k => (region.counts[k.name] ?? 0) > 0).map(k => `${region.counts[k.name]} ${k.label}`);
    return parts.length > 0 ? parts.join(", ") : "no SageMaker resources";
}

export function failureText(f: ReadFailure): string {
    return `${f.operation}${f.resource ? ` ${f.resource}` : ""}: ${f.message}`;
}

/** "NOT REACHED, 2 read failures": what is missing from an account; [] when nothing is. */
export function accountProblems(a: AccountSummary): string[] {
    return [...(a.unreachable ? ["NOT REACHED"] : []), ...(a.failures > 0 ? [plural(a.failures, "read failure")] : [])];
}

/** The findings in one region, by resource ARN, each worst first, then by policy. */
export function findingsIn(report: ScanReport, region: RegionRead): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    for (const f of report.findings) {
        if (f.resource.accountId === region.accountId && f.resource.region === region.region) {
            out.set(f.resource.arn, [...(out.get(f.resource.arn) ?? []), f]);
        }
    }
    for (const list of out.values()) {
        list.sort((a, b) => LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel] || a.policyName.localeCompare(b.policyName));
    }
    return out;
}

/** The last line: violations or passed, how many resources, and whether anything was not read. */
export function scanVerdict(report: ScanReport): string {
    const blocked = new Set(report.findings.filter(f => f.enforcementLevel === "mandatory").map(f => f.resource.arn)).size;
    const incomplete = isScanIncomplete(report.read) ? " INCOMPLETE: not everything could be read (see above)." : "";
    return `${isBlocked({ diagnostics: report.findings }) ? `VIOLATIONS: ${blocked} live resource(s) violate mandatory policies` : "PASSED: no mandatory violation"}` +
        `. ${report.read.resources.length} resources judged.${incomplete}`;
}

export function scanHeader(report: ScanReport): string {
    return `mlgov scan --stack ${report.stack}: jobs created since ${report.jobsSince.toISOString()}, ` +
        `policy pack ${report.pack.name}@${report.pack.version}, ${report.policyConfig}`;
}

/**
 * The findings as an engine Evaluation of deployed state (for the SARIF and JUnit reports): every
 * diagnostic at the resource stage, no remediation (nothing applies one to a live resource).
 */
export function scanEvaluation(report: ScanReport): Evaluation {
    return {
        resources: report.read.resources.length,
        diagnostics: report.findings.map(({ resource, ...d }) => ({ ...d, type: resource.shape.type, stage: "resource" as const })),
        remediated: [],
        deployedState: true,
    };
}
