import * as aws from "@pulumi/aws";
import { ConditionBlock, Guardrail, GUARDRAILS, GuardrailOptions, Rendering } from "./catalog";

/** IAM's limit for a managed policy (white space not counted) and Organizations' limit for an SCP. */
export const IAM_POLICY_LIMIT = 6144;
export const SCP_LIMIT = 5120;

/** The guardrails that apply to `rendering` with these options, each with its condition. */
function active(rendering: Rendering, options: GuardrailOptions): Array<{ g: Guardrail; condition: ConditionBlock }> {
    return GUARDRAILS.flatMap(g => {
        const condition = g.renderings.includes(rendering) ? g.condition(options) : undefined;
        return condition ? [{ g, condition }] : [];
    });
}

function statement(g: Guardrail, condition: ConditionBlock): aws.iam.PolicyStatement {
    const hasCondition = Object.keys(condition).length > 0;
    return {
        Sid: g.sid,
        Effect: "Deny",
        Action: [...g.actions],
        Resource: "*",
        ...(hasCondition ? { Condition: condition } : {}),
    };
}

/**
 * The guardrails as IAM managed policies, for the execution roles and the data scientists' roles:
 * deny statements only, so they take away nothing but what the guardrails forbid. Usually one
 * document; more when a long approved-instance-type list would pass IAM's size limit. Attach all.
 */
export function guardrailIamPolicies(options: GuardrailOptions): aws.iam.PolicyDocument[] {
    return packed(active("iam", options).map(({ g, condition }) => statement(g, condition)), IAM_POLICY_LIMIT);
}

/** The SCP settings the organization decides. */
export interface ScpOptions extends GuardrailOptions {
    /** Name of the platform admin role that may still change the audit and detection services. */
    readonly adminRoleName: string;
}

/**
 * The guardrails as service control policies, each within Organizations' size limit (statements are
 * never split; a list of documents is returned when one is not enough). Attach all of them.
 */
export function guardrailScps(options: ScpOptions): aws.iam.PolicyDocument[] {
    const statements = active("scp", options).map(({ g, condition }) => statement(g, g.adminException
        ? { ...condition, ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::*:role/${options.adminRoleName}` } }
        : condition));
    return packed(statements, SCP_LIMIT);
}

/** Statements packed into as few documents as `limit` allows (a statement is never split). */
function packed(statements: aws.iam.PolicyStatement[], limit: number): aws.iam.PolicyDocument[] {
    const documents: aws.iam.PolicyStatement[][] = [[]];
    for (const s of statements) {
        const current = documents[documents.length - 1];
        if (current.length > 0 && policySize({ Version: "2012-10-17", Statement: [...current, s] }) > limit) {
            documents.push([s]);
        } else {
            current.push(s);
        }
    }
    return documents.map(Statement => ({ Version: "2012-10-17", Statement }));
}

/** Characters of the minified JSON, as IAM and Organizations count a policy. */
export function policySize(document: aws.iam.PolicyDocument): number {
    return JSON.stringify(document).length;
}
