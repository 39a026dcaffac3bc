import { DEFAULT_INSTANCE_TYPES } from "../../policypacks/ml-guardrails/src/facts";
import { GuardrailOptions } from "./catalog";

/** Secure without any argument: the pack's approved instance types, isolation and encryption required. */
export const DEFAULT_GUARDRAIL_OPTIONS: GuardrailOptions = {
    approvedInstanceTypes: DEFAULT_INSTANCE_TYPES,
    requireNetworkIsolation: true,
    requireInterContainerEncryption: true,
};
