/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for GitHub code scanning and other
 * security tools: one run, its tool the policy pack with one rule per policy (description, remediation
 * as help text, default level, `security-severity` from the policy's severity), and one result per
 * finding (findings.ts), located by the resource's URN (a logical location) and, where known, the
 * program's source file (a physical location; else the file that was judged: the audited document
 * or the stack's config file, so that every result can be shown).
 */
import { createHash } from "node:crypto";
import type { EnforcementLevel, Evaluation, PackInfo, PolicyInfo } from "../engine";
import { Finding, findings } from "./findings";
import type { Renderer } from "./reports";
import { scanEvaluation } from "./scan-view";
import { detail, nameFromUrn } from "./verdicts";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A place in the repository: a path relative to its root, and a 1-based line and column when known. */
export interface SourceLocation {
    file: string;
    line?: number;
    column?: number;
}

export interface SarifInput {
    pack: PackInfo;
    evaluation: Evaluation;
    /** `check/dev`, `audit/examples/blocked-stack-export.json`: the run's automation id (GitHub's category). */
    category: string;
    /** Where the resource with this URN was declared, when known. */
    sourceOf: (urn: string) => SourceLocation | undefined;
    /** The file a result points at when its resource's source is not known. */
    fallback: SourceLocation;
}

type SarifLevel = "error" | "warning" | "note" | "none";

const LEVEL: Record<EnforcementLevel, SarifLevel> = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "none" };

/** GitHub code scanning reads `security-severity` (0.0-10.0): critical over 9.0, high 7.0-8.9, medium 4.0-6.9, low below. */
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function rule(p: PolicyInfo) {
    const help = p.remediationSteps ?? p.description;
    const controls = p.tags ?? [];
    return {
        id: p.name,
        name: p.name.replace(/(^|-)([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase()),
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        help: {
            text: controls.length ? `${help}\n\nExternal controls: ${controls.join(", ")}.` : help,
            markdown: `**Remediation.** ${help}${controls.length ? `\n\n**External controls:** ${controls.map(c => `\`${c}\``).join(", ")}` : ""}`,
        },
        ...(p.url ? { helpUri: p.url } : {}),
        defaultConfiguration: { level: LEVEL[p.enforcementLevel], enabled: p.enforcementLevel !== "disabled" },
        properties: {
            tags: ["security", "iac", ...controls],
            precision: "very-high",
            ...(p.severity && SECURITY_SEVERITY[p.severity] ? { "security-severity": SECURITY_SEVERITY[p.severity] } : {}),
            enforcementLevel: p.enforcementLevel,
            kind: p.kind ?? "resource",
        },
    };
}

function physical(at: SourceLocation) {
    return {
        artifactLocation: { uri: at.file.split("\\").join("/"), uriBaseId: "%SRCROOT%" },
        ...(at.line ? { region: { startLine: at.line, ...(at.column ? { startColumn: at.column } : {}) } } : {}),
    };
}

function result(f: Finding, input: SarifInput, ruleIndex: Map<string, number>) {
    const where = (f.urn && input.sourceOf(f.urn)) || input.fallback;
    const what = f.urn ? `${f.type} ${nameFromUrn(f.urn)}` : "the stack";
    const suffix = f.remediation === "applied" ? " (fixed by the remediate level for this update)"
        : f.remediation === "next-update" ? " (the next update remediates it)" : "";
    const index = ruleIndex.get(f.policy);
    return {
        ruleId: f.policy,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: f.remediation === "applied" ? "note" : LEVEL[f.enforcementLevel],
        kind: "fail",
        message: { text: `${what}: ${detail(f)}${suffix}` },
        locations: [{
            physicalLocation: physical(where),
            ...(f.urn ? { logicalLocations: [{ fullyQualifiedName: f.urn, name: nameFromUrn(f.urn), kind: "resource" }] } : {}),
        }],
        partialFingerprints: {
            "mlgovFinding/v1": createHash("sha256").update(`${f.policy}\n${f.urn}`).digest("hex"),
        },
        properties: {
            urn: f.urn,
            resourceType: f.type,
            enforcementLevel: f.enforcementLevel,
            stage: f.stage,
            ...(f.remediation ? { remediation: f.remediation } : {}),
        },
    };
}

/** The SARIF log (an object; JSON.stringify it). */
export function sarifLog(input: SarifInput) {
    const rules = input.pack.policies.map(rule);
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0" as const,
        runs: [{
            tool: {
                driver: {
                    name: input.pack.name,
                    version: input.pack.version,
                    ...(input.pack.description ? { fullDescription: { text: input.pack.description } } : {}),
                    rules,
                },
            },
            automationDetails: { id: `${input.category.replace(/\/+$/, "")}/` },
            invocations: [{ executionSuccessful: true }],
            results: findings(input.evaluation).map(f => result(f, input, ruleIndex)),
            columnKind: "utf16CodeUnits" as const,
        }],
    };
}

const document = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const sarifFormat: Renderer = {
    // Live resources have no source: every result points at the stack config that names their accounts.
    scan: r => document(sarifLog({
        pack: r.pack, evaluation: scanEvaluation(r), category: `scan/${r.stack}`, sourceOf: () => undefined, fallback: { file: r.stackFile },
    })),
};
