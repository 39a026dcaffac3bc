/**
 * The result of `mlgov scan` as text, Markdown or JSON: per account and region, what was read and
 * the verdicts on it, what could not be read, and a summary per account.
 */
import type { EnforcementLevel, PackInfo } from "../engine";
import { cell } from "../audit/report";
import { findingText } from "../report/findings";
import { junitReport } from "../report/junit";
import { sarifLog } from "../report/sarif";
import type { Kind } from "./inventory";
import { asEvaluation, Finding } from "./judge";
import type { RegionRead, ScanRead } from "./read";

export type ScanFormat = "text" | "markdown" | "json" | "sarif" | "junit";
export const SCAN_FORMATS: readonly ScanFormat[] = ["text", "markdown", "json", "sarif", "junit"];

export interface ScanReport {
    readonly stack: string;
    /** The stack config file, relative to the project (where SARIF results point: live resources have no source). */
    readonly stackFile: string;
    /** Jobs created before this were not read. */
    readonly jobsSince: Date;
    readonly kinds: readonly Kind[];
    readonly pack: PackInfo;
    /** Where the policy config came from, for people. */
    readonly policyConfig: string;
    readonly read: ScanRead;
    readonly findings: readonly Finding[];
}

/** At least one mandatory violation. */
export function isScanBlocked(findings: readonly Finding[]): boolean {
    return findings.some(f => f.enforcementLevel === "mandatory");
}

/** Something that should have been read was not: an account unreachable, or a kind or resource that failed. */
export function isScanIncomplete(read: ScanRead): boolean {
    return read.regions.some(r => !r.reachable || r.failures.length > 0);
}

const LEVELS: readonly EnforcementLevel[] = ["mandatory", "remediate", "advisory", "disabled"];
const rank = (l: EnforcementLevel) => LEVELS.indexOf(l);

interface AccountSummary {
    readonly id: string;
    readonly name: string;
    readonly regions: readonly RegionRead[];
    readonly resources: number;
    readonly levels: Readonly<Record<string, number>>;
    readonly unreachable: boolean;
    readonly failures: number;
}

function accounts(report: ScanReport): AccountSummary[] {
    const byId = new Map<string, RegionRead[]>();
    for (const r of report.read.regions) {
        byId.set(r.accountId, [...(byId.get(r.accountId) ?? []), r]);
    }
    return [...byId.entries()].map(([id, regions]) => {
        const levels: Record<string, number> = {};
        for (const f of report.findings.filter(f => f.resource.accountId === id)) {
            levels[f.enforcementLevel] = (levels[f.enforcementLevel] ?? 0) + 1;
        }
        return {
            id, name: regions[0].accountName, regions,
            resources: regions.reduce((n, r) => n + Object.values(r.counts).reduce((a, b) => a + b, 0), 0),
            levels,
            unreachable: regions.some(r => !r.reachable),
            failures: regions.reduce((n, r) => n + (r.reachable ? r.failures.length : 0), 0),
        };
    });
}

function levelsText(levels: Readonly<Record<string, number>>): string {
    return ["mandatory", "advisory", ...Object.keys(levels).filter(l => l !== "mandatory" && l !== "advisory")]
        .map(l => `${levels[l] ?? 0} ${l}`).join(", ");
}

function summaryText(a: AccountSummary): string {
    const problems = [
        ...(a.unreachable ? ["NOT REACHED"] : []),
        ...(a.failures > 0 ? [`${a.failures} read failure${a.failures === 1 ? "" : "s"}`] : []),
    ];
    return `${a.id} (${a.name}): ${a.resources} resources in ${a.regions.length} region${a.regions.length === 1 ? "" : "s"}; ` +
        `violations: ${levelsText(a.levels)}${problems.length > 0 ? `; ${problems.join(", ")}` : ""}`;
}

function countsText(region: RegionRead, kinds: readonly Kind[]): string {
    const parts = kinds.filter(k => (region.counts[k.name] ?? 0) > 0).map(k => `${region.counts[k.name]} ${k.label}`);
    return parts.length > 0 ? parts.join(", ") : "no SageMaker resources";
}

function failureText(f: RegionRead["failures"][number]): string {
    return `${f.operation}${f.resource ? ` ${f.resource}` : ""}: ${f.message}`;
}

function findingsOf(report: ScanReport, region: RegionRead): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    for (const f of report.findings) {
        if (f.resource.accountId === region.accountId && f.resource.region === region.region) {
            out.set(f.resource.arn, [...(out.get(f.resource.arn) ?? []), f]);
        }
    }
    for (const list of out.values()) {
        list.sort((a, b) => rank(a.enforcementLevel) - rank(b.enforcementLevel) || a.policyName.localeCompare(b.policyName));
    }
    return out;
}

function verdict(report: ScanReport): string {
    const resources = report.read.resources.length;
    const blocked = new Set(report.findings.filter(f => f.enforcementLevel === "mandatory").map(f => f.resource.arn)).size;
    const incomplete = isScanIncomplete(report.read) ? " INCOMPLETE: not everything could be read (see above)." : "";
    return `${isScanBlocked(report.findings) ? `VIOLATIONS: ${blocked} live resource(s) violate mandatory policies` : "PASSED: no mandatory violation"}` +
        `. ${resources} resources judged.${incomplete}`;
}

function header(report: ScanReport): string {
    return `mlgov scan --stack ${report.stack}: jobs created since ${report.jobsSince.toISOString()}, ` +
        `policy pack ${report.pack.name}@${report.pack.version}, ${report.policyConfig}`;
}

export function renderText(report: ScanReport): string {
    const lines = [header(report), ""];
    const summaries = accounts(report);
    for (const account of summaries) {
        lines.push(`Account ${account.id} (${account.name})`);
        for (const region of account.regions) {
            if (!region.reachable) {
                lines.push(`  ${region.region}: NOT REACHED, nothing read: ${region.failures.map(failureText).join("; ")}`);
                continue;
            }
            lines.push(`  ${region.region}: ${countsText(region, report.kinds)}`);
            for (const f of region.failures) {
                lines.push(`    [NOT READ] ${failureText(f)}`);
            }
            for (const [arn, findings] of findingsOf(report, region)) {
                lines.push(`    ${findings[0].resource.shape.type} ${findings[0].resource.name}`);
                lines.push(`      ${arn}`);
                for (const f of findings) {
                    const mark = f.enforcementLevel === "mandatory" ? "BLOCK" : f.enforcementLevel.toUpperCase();
                    lines.push(`      [${mark}] ${f.policyName}: ${findingText(f).split("\n").join(" ")}`);
                }
            }
        }
        lines.push("");
    }
    lines.push("Summary per account:");
    for (const account of summaries) {
        lines.push(`  ${summaryText(account)}`);
    }
    lines.push("");
    lines.push(verdict(report));
    return `${lines.join("\n")}\n`;
}

export function renderMarkdown(report: ScanReport): string {
    const blocked = isScanBlocked(report.findings);
    const lines = [`### ${blocked ? "🚫 Violations" : "✅ Passed"}: live SageMaker resources of stack \`${report.stack}\``, "", `${cell(header(report))}.`, ""];
    const summaries = accounts(report);
    lines.push("| Account | Resources | Mandatory | Advisory | Not read |", "| --- | --- | --- | --- | --- |");
    for (const a of summaries) {
        const notRead = a.unreachable ? "account not reached" : a.failures > 0 ? `${a.failures} failure(s)` : "";
        lines.push(`| \`${a.id}\` ${cell(a.name)} | ${a.resources} | ${a.levels.mandatory ?? 0} | ${a.levels.advisory ?? 0} | ${notRead} |`);
    }
    lines.push("");
    for (const account of summaries) {
        for (const region of account.regions) {
            const findings = [...findingsOf(report, region).values()].flat();
            if (findings.length === 0 && region.failures.length === 0) {
                continue;
            }
            lines.push(`#### \`${account.id}\` ${cell(account.name)}, ${region.region}`, "");
            for (const f of region.failures) {
                lines.push(`> ⚠️ not read: ${cell(failureText(f))}`);
            }
            if (region.failures.length > 0) {
                lines.push("");
            }
            if (findings.length > 0) {
                lines.push("| Level | Resource | Type | Policy | Finding |", "| --- | --- | --- | --- | --- |");
                for (const f of findings) {
                    const level = f.enforcementLevel === "mandatory" ? "🚫 mandatory" : f.enforcementLevel === "advisory" ? "⚠️ advisory" : f.enforcementLevel;
                    lines.push(`| ${level} | \`${cell(f.resource.name)}\` | \`${f.resource.shape.type}\` | \`${f.policyName}\` | ${cell(findingText(f))} |`);
                }
                lines.push("");
            }
        }
    }
    lines.push(cell(verdict(report)));
    return `${lines.join("\n").trimEnd()}\n`;
}

/** The JSON output (documented in cli/README.md). */
export function toJson(report: ScanReport) {
    return {
        stack: report.stack,
        jobsSince: report.jobsSince.toISOString(),
        resources: report.read.resources.length,
        accounts: accounts(report).map(a => ({
            id: a.id,
            name: a.name,
            resources: a.resources,
            violations: a.levels,
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
            message: findingText(f),
        })),
    };
}

export function renderScan(report: ScanReport, format: ScanFormat): string {
    switch (format) {
        case "json":
            return `${JSON.stringify(toJson(report), null, 2)}\n`;
        case "markdown":
            return renderMarkdown(report);
        case "sarif":
            return `${JSON.stringify(sarifLog({
                pack: report.pack, evaluation: asEvaluation(report.read.resources.length, report.findings), category: `scan/${report.stack}`,
                sourceOf: () => undefined, fallback: { file: report.stackFile },
            }), null, 2)}\n`;
        case "junit":
            return junitReport({ pack: report.pack, evaluation: asEvaluation(report.read.resources.length, report.findings), name: `mlgov scan ${report.stack}` });
        default:
            return renderText(report);
    }
}
