/**
 * A policy test case: one resource (plus the resources its unknown inputs come from), the config of
 * the policy under test, and the verdict that policy must reach on that resource after the engine's
 * whole path (Remediate, Analyze, AnalyzeStack). Run by policies.spec.ts through the real pack.
 */
export interface PolicyCase {
    /** Test title: what is being shown ("notebook with direct internet access"). */
    readonly title: string;
    /** The policy under test; other policies' verdicts on the resource are ignored. */
    readonly policy: string;
    /** The resource type token, e.g. "aws:sagemaker/notebookInstance:NotebookInstance". */
    readonly type: string;
    /** The resource's inputs. Use UNKNOWN (and the other sentinels) for values unknown in preview. */
    readonly props: Record<string, unknown>;
    /** This policy's config in the engine's format (may include "enforcementLevel"). */
    readonly config?: Record<string, unknown>;
    /**
     * For unknown inputs: top-level property -> resource types it depends on. The runner creates one
     * resource of each type in the stack and passes them as the engine's propertyDependencies.
     */
    readonly dependsOn?: Record<string, string[]>;
    /** The AWS provider's inputs (e.g. defaultTags), when the policy reads them. */
    readonly provider?: Record<string, unknown>;
    /**
     * The verdict: "pass" (no diagnostic from the policy), "mandatory" or "advisory" (at least one
     * diagnostic at that level, and none at a higher one), or "remediated" (the remediate level fixed it:
     * a remediation was applied and no violation is left).
     */
    readonly expect: "pass" | "mandatory" | "advisory" | "remediated";
    /** Every diagnostic message of the policy must match this (when given). */
    readonly message?: RegExp;
}

export { UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_OBJECT, UNKNOWN_STRING as UNKNOWN } from "../../cli/src/engine/sentinels";

export const KMS_KEY = "aws:kms/key:Key";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
