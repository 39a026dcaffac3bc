/**
 * IAM decisions with @cloud-copilot/iam-simulate (identity, resource and service control policies).
 * A simulation whose inputs are invalid — an unknown action, a condition key the action does not
 * support, a malformed policy — throws, so every test that simulates a policy also validates it.
 */
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Request {
    principal: string;
    action: string;
    resource: string;
    /** Account that owns the resource. */
    resourceAccount: string;
    context?: Record<string, string | string[]>;
}

export interface Policies {
    identity?: unknown[];
    /** SCPs of the account's OU; FullAWSAccess is added, as Organizations attaches it by default. */
    scps?: unknown[];
    resourcePolicy?: unknown;
}

export const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

export async function decide(request: Request, policies: Policies): Promise<Decision> {
    const simulation: Simulation = {
        request: {
            principal: request.principal,
            action: request.action,
            resource: { resource: request.resource, accountId: request.resourceAccount },
            contextVariables: request.context ?? {},
        },
        identityPolicies: (policies.identity ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
        serviceControlPolicies: policies.scps
            ? [{ orgIdentifier: "ou-ml", policies: [{ name: "FullAWSAccess", policy: ALLOW_ALL }, ...policies.scps.map((policy, i) => ({ name: `scp-${i}`, policy }))] }]
            : [],
        resourceControlPolicies: [],
        resourcePolicy: policies.resourcePolicy,
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === "error") {
        throw new Error(`invalid simulation of ${request.action}: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult as Decision;
}
