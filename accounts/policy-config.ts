/**
 * What the stack's ml-guardrails policy config (`ml-governance:policyPackConfig`, the engine's policy
 * config format) says that the stack config must agree with: the approved instance types, the
 * required tags, and the production switch of endpoint data capture. A policy set to `disabled`
 * constrains nothing.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { DEFAULT_INSTANCE_TYPES } from "../policypacks/ml-guardrails/src/facts";

/** The settings of the pack's config this program checks against. */
export interface PolicyConfigFacts {
    /** The types `sagemaker-approved-instance-types` approves (the file's, else the pack's default); undefined when it is disabled. */
    readonly approvedInstanceTypes?: readonly string[];
    /** `sagemaker-required-tags.requiredTags` (when the policy is on). */
    readonly requiredTags: readonly string[];
    /** `sagemaker-endpoint-data-capture.required` is true (and the policy on). */
    readonly dataCaptureRequired: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined => Array.isArray(v) && v.every(x => typeof x === "string") ? v : undefined;

/** The settings of one policy, or undefined when the file leaves it out or disables it. */
function policy(file: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
    const entry = file[name];
    const level = typeof entry === "string" ? entry : isObject(entry) ? entry.enforcementLevel ?? file.all : file.all;
    if (level === "disabled") {
        return undefined;
    }
    return isObject(entry) ? entry : {};
}

/** The facts of the policy config at `path` (relative to `projectRoot`), or why it cannot be read. */
export function readPolicyConfig(path: string, projectRoot: string): PolicyConfigFacts | string {
    const full = isAbsolute(path) ? path : join(projectRoot, path);
    let file: unknown;
    try {
        file = JSON.parse(readFileSync(full, "utf8"));
    } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : e instanceof Error ? e.message : String(e);
        return `cannot read ${path} (${reason}); give the path of a policy config file from the project folder, ` +
            "such as policypacks/ml-guardrails/config/prod.json";
    }
    if (!isObject(file)) {
        return `${path} is not a policy config (a JSON object of policy names)`;
    }
    const types = policy(file, "sagemaker-approved-instance-types");
    const tags = policy(file, "sagemaker-required-tags");
    const capture = policy(file, "sagemaker-endpoint-data-capture");
    return {
        approvedInstanceTypes: types ? strings(types.approvedInstanceTypes) ?? DEFAULT_INSTANCE_TYPES : undefined,
        requiredTags: (tags && strings(tags.requiredTags)) ?? [],
        dataCaptureRequired: capture?.required === true,
    };
}
