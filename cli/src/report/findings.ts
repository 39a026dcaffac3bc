/**
 * Every finding of an evaluation, remediations included, for the machine-readable reports (JSON,
 * SARIF, JUnit): what the pack found on planned inputs it fixed at the remediate level is a finding
 * too, and what it would fix on deployed state is a violation of that state.
 */
import type { EnforcementLevel, Evaluation } from "../engine";

export interface Finding {
    /** "" for the stack as a whole. */
    urn: string;
    type: string;
    policy: string;
    enforcementLevel: EnforcementLevel;
    /** The pack's message (a resource policy's starts with the policy description). */
    message: string;
    /** The policy's description ("" when the pack gave none). */
    description: string;
    stage: "resource" | "stack";
    /**
     * `applied`: the remediate level fixed the planned inputs before Analyze (level `remediate`);
     * `next-update`: deployed state violates the policy and the next update would apply its fix.
     */
    remediation?: "applied" | "next-update";
}

export function findings(evaluation: Evaluation): Finding[] {
    const fixes = new Set(evaluation.remediated.map(r => `${r.urn}\u0000${r.policyName}`));
    const out: Finding[] = evaluation.diagnostics.map(d => {
        const f: Finding = {
            urn: d.urn, type: d.type, policy: d.policyName, enforcementLevel: d.enforcementLevel, message: d.message,
            description: d.description, stage: d.stage,
        };
        if (evaluation.deployedState && fixes.has(`${d.urn}\u0000${d.policyName}`)) {
            f.remediation = "next-update";
        }
        return f;
    });
    if (!evaluation.deployedState) {
        for (const r of evaluation.remediated) {
            out.push({
                urn: r.urn, type: r.type, policy: r.policyName, enforcementLevel: "remediate", stage: "resource",
                description: r.description, remediation: "applied",
                message: `${r.description ? `${r.description}\n` : ""}Fixed by the remediate level: the update applies the corrected inputs.`,
            });
        }
    }
    return out;
}
