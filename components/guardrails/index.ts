export { GUARDRAILS } from "./catalog";
export { DEFAULT_GUARDRAIL_OPTIONS } from "./defaults";
export type { ConditionBlock, Guardrail, GuardrailOptions, Rendering } from "./catalog";
export { guardrailIamPolicies, guardrailScps, IAM_POLICY_LIMIT, policySize, SCP_LIMIT } from "./render";
export type { ScpOptions } from "./render";
