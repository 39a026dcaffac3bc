/**
 * What complies: every instance type approved; when required, a VPC (subnets and security groups)
 * where the resource has a VPC setting, and a KMS key in every key setting it has, except the volume
 * key on instance types with local NVMe storage (SageMaker rejects one there; the same exception as
 * the ml-guardrails pack's `sagemaker-job-kms`).
 */
import type { Config } from "./config";
import type { Unit } from "./events";
import type { SageMakerResourceType } from "./permissions";

export type Rule = "instance-type" | "vpc" | "kms";

export interface Violation {
    readonly rule: Rule;
    readonly message: string;
}

const matches = (patterns: readonly RegExp[], value: string) => patterns.some(p => p.test(value));

export function evaluate(units: readonly Unit[], config: Config): Violation[] {
    const violations: Violation[] = [];
    for (const unit of units) {
        const where = unit.label ? ` (${unit.label})` : "";
        const unapproved = unit.instanceTypes.filter(t => !matches(config.approved, t));
        if (unapproved.length > 0) {
            violations.push({
                rule: "instance-type",
                message: `instance type ${unapproved.join(", ")}${where} is not approved (approved: ${config.approvedInstanceTypes.join(", ")})`,
            });
        }
        if (config.requireVpc && unit.vpc) {
            const missing = [
                ...(unit.vpc.subnets.length === 0 ? ["subnets"] : []),
                ...(unit.vpc.securityGroups.length === 0 ? ["security groups"] : []),
            ];
            if (missing.length > 0) {
                violations.push({ rule: "vpc", message: `not in a VPC${where}: no ${missing.join(" and no ")} in ${unit.vpc.path}` });
            }
        }
        if (config.requireKms) {
            const localStorage = unit.instanceTypes.some(t => matches(config.localStorage, t));
            for (const key of unit.keys) {
                if (!key.keyId && !(key.purpose === "volume" && localStorage)) {
                    violations.push({ rule: "kms", message: `no KMS key for the ${key.purpose === "volume" ? "storage volume" : "output"}${where} (${key.path})` });
                }
            }
        }
    }
    return violations;
}

/**
 * Where a resource is in its life: `running` can be stopped, `pending` cannot be stopped yet (a
 * notebook or app still starting), `done` is already stopping, stopped, finished or deleted. An
 * unknown status counts as running: the stop call is tried and the API has the last word.
 */
export type Phase = "running" | "pending" | "done";

const DONE_JOB = ["Completed", "Failed", "Stopping", "Stopped", "Deleting", "DeleteFailed"];
const PHASES: Record<SageMakerResourceType, { pending: readonly string[]; done: readonly string[] }> = {
    "notebook-instance": { pending: ["Pending"], done: ["Stopping", "Stopped", "Failed", "Deleting", "Updating"] },
    "training-job": { pending: [], done: DONE_JOB },
    "processing-job": { pending: [], done: DONE_JOB },
    "transform-job": { pending: [], done: DONE_JOB },
    "hyper-parameter-tuning-job": { pending: [], done: DONE_JOB },
    "app": { pending: ["Pending"], done: ["Deleted", "Deleting", "Failed"] },
};

export function phaseOf(kind: SageMakerResourceType, status: string | undefined): Phase {
    const phases = PHASES[kind];
    if (status !== undefined && phases.done.includes(status)) {
        return "done";
    }
    return status !== undefined && phases.pending.includes(status) ? "pending" : "running";
}
