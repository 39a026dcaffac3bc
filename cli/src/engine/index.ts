/**
 * Engine emulator: runs a CrossGuard policy pack as the Pulumi engine does and talks the analyzer
 * protocol to it. Used by the tests (tests/harness/pack.ts), `mlgov audit` and the pack benchmark.
 */
export {
    analyzeRequest, analyzerResource, defaultPackDir, encodeStackRequest, PolicyPackHost,
} from "./host";
export type {
    Diagnostic, EnforcementLevel, EvaluatedDiagnostic, Evaluation, EvaluationPlan, HostResource, PackInfo, PolicyInfo,
    ProviderResource, Remediated, Remediation, RemediationResult, StackSettings, StartOptions,
} from "./host";
export { ENFORCEMENT_LEVELS, parsePolicyConfig, PolicyConfigError } from "./config";
export { PackStartError, UNUSED_ENGINE_ADDRESS } from "./launch";
export type { LaunchSpec, StackInfo } from "./launch";
export * from "./sentinels";
