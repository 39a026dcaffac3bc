/**
 * IAM decisions with @cloud-copilot/iam-simulate (identity, resource and service control policies).
 * A simulation whose inputs are invalid — an unknown action, a condition key the action does not
 * support, a malformed policy — throws, so every test that simulates a policy also validates it.
 */
import { dirname, join } from "node:path";
import { runSimulation, runUnsafeSimulation, Simulation } from "@cloud-copilot/iam-simulate";

/*
 * iam-simulate 0.1.173's unfiltered path (runUnsafeSimulation) loads the resource policy without the
 * metadata its analysis reads (`metadata().name`) and crashes. Policies it loads get a default name.
 * (The parser module is reached by file path: the package exports only its index.)
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parser = require(join(dirname(require.resolve("@cloud-copilot/iam-policy")), "parser.js")) as {
    loadPolicy: (document: unknown, metadata?: { name: string }) => unknown;
};
const loadPolicy = parser.loadPolicy;
parser.loadPolicy = (document, metadata) => loadPolicy(document, metadata ?? { name: "resource-policy" });

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
    // The validated path drops context keys whose variable part follows a colon (it only recognizes
    // `prefix/variable` keys such as aws:PrincipalTag/x), so KMS encryption-context keys never reach the
    // conditions. With such keys, the inputs are validated above and the decision comes from the same
    // engine without that filter.
    if (Object.keys(request.context ?? {}).some(k => /^kms:EncryptionContext:/i.test(k))) {
        return runUnsafeSimulation(simulation, {}) as unknown as Decision;
    }
    return result.overallResult as Decision;
}
