/**
 * What the text and Markdown reports of `mlgov check` both show: per account (sorted by id, then the
 * resources in no account) its resources as a tree under their components, its verdicts, and the
 * marks of each resource in the tree.
 */
import type { EvaluatedDiagnostic } from "../engine";
import type { CheckedResource } from "../check/plan";
import type { CheckReport } from "./reports";
import { byLevel, LEVEL_ORDER, levelCounts, levelMark } from "./verdicts";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface Section {
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

export interface TreeNode {
    resource: CheckedResource;
    /** Not deploying to this account: shown to group the ones below it. */
    grouping: boolean;
    children: TreeNode[];
}

/** Per account (sorted by id), then the resources in no account. */
export function sections(report: CheckReport): Section[] {
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
            diagnostics: byLevel(evaluation.diagnostics.filter(d => (d.urn === "" ? "" : accountOf(d.urn)) === id)),
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

/** `  [BLOCK x2, ADVISORY, REMEDIATED]`: the verdicts on one resource, worst first; "" for none. */
function marks(urn: string, report: CheckReport): string {
    const by = levelCounts(diagnosticsOf(urn, report));
    const parts = [...by].sort(([a], [b]) => LEVEL_ORDER[a] - LEVEL_ORDER[b]).map(([l, n]) => `${levelMark(l)}${n > 1 ? ` x${n}` : ""}`);
    if (report.evaluation.remediated.some(r => r.urn === urn)) {
        parts.push("REMEDIATED");
    }
    return parts.length > 0 ? `  [${parts.join(", ")}]` : "";
}

/** The tree lines of `nodes` (`├─ type name  [marks]`), appended to `lines`. */
export function treeLines(nodes: TreeNode[], report: CheckReport, indent: string, lines: string[]): void {
    nodes.forEach((node, i) => {
        const last = i === nodes.length - 1;
        const r = node.resource;
        const label = `${r.type} ${r.name}${node.grouping ? "  (component across accounts)" : ""}${r.defaultProvider ? "  (default provider)" : ""}`;
        lines.push(`${indent}${last ? "└─ " : "├─ "}${label}${marks(r.urn, report)}`);
        treeLines(node.children, report, `${indent}${last ? "   " : "│  "}`, lines);
    });
}
