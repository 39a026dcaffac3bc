/**
 * The components of ml-governance and the building blocks they are made of. Every policy document a
 * component creates comes from an exported builder below (and is also a public field of the component),
 * so tests, IAM simulation and docs read exactly what is deployed.
 */
export { AuditTrail } from "./audit-trail";
export { SAGEMAKER_LOG_GROUPS } from "./sagemaker-logs";
export type { AuditTrailArgs } from "./audit-trail";
export { DELEGATED_SERVICES, OrganizationGuardrails, configAggregatorTrustPolicy } from "./organization-guardrails";
export type { DelegatedService, MacieBuckets, OrganizationGuardrailsArgs } from "./organization-guardrails";
export { SecureMlDomain } from "./secure-ml-domain";
export { DetectiveControls, type DetectiveControlsArgs } from "./detective-controls";
export * from "./guardrails";
export type { SecureMlDomainArgs } from "./secure-ml-domain";
export type { AwsTarget, ChildScope, Tags } from "./context";
export { accessLogBucketPolicy, bucketArn, dataBucketPolicy, PERIMETER_ACTIONS } from "./buckets";
export type { AccessLogBucketPolicyArgs, DataBucketPolicyArgs } from "./buckets";
export { KEY_GRANT_ACTIONS, KEY_USE_ACTIONS, keyPolicy } from "./kms";
export type { KeyPolicyArgs } from "./kms";
export {
    DEFAULT_INTERFACE_ENDPOINTS, INTERFACE_ENDPOINTS, interfaceEndpointPolicy, interfaceEndpointSpec, requireRouteTables,
    reverseDnsPrefix, s3EndpointPolicy, subnetCidrs,
} from "./network";
export type { ExistingNetworkArgs, InterfaceEndpointSpec, S3EndpointPolicyArgs } from "./network";
export { executionRolePolicy, executionRoleTrustPolicy, STUDIO_SAGEMAKER_ACTIONS } from "./roles";
export type { ExecutionRoleKind, ExecutionRolePolicyArgs, TrustPolicyArgs } from "./roles";
export { defaultAppInstanceType, isApprovedInstanceType } from "./instance-types";
export { bucketName, sagemakerName } from "./naming";
