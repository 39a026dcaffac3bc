/**
 * Inputs whose change replaces the resource (deletes it and creates a new one), per resource type.
 * The engine's Remediate request does not say whether a resource is being created or updated, so a
 * remediate-level fix may only set inputs that update in place: defineResourcePolicy refuses a fix
 * of an input listed here, and one of a type not listed here (its inputs were not reviewed).
 *
 * Sources: `aws` (terraform-provider-aws, which @pulumi/aws 7.48 bridges) marks these `ForceNew` in
 * internal/service/sagemaker/notebook_instance.go (`volume_size` is replaced only when it shrinks);
 * `aws-native` lists them as `createOnlyProperties` of the AWS::SageMaker::NotebookInstance
 * CloudFormation schema.
 */
export const REPLACED_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
    "aws:sagemaker/notebookInstance:NotebookInstance": [
        "name", "platformIdentifier", "subnetId", "securityGroups", "kmsKeyId", "directInternetAccess",
    ],
    "aws-native:sagemaker:NotebookInstance": [
        "notebookInstanceName", "platformIdentifier", "subnetId", "securityGroupIds", "kmsKeyId", "directInternetAccess",
    ],
};

/** Why a fix of `path` on `type` is not safe at the remediate level, or undefined when it is. */
export function unsafeFix(type: string, path: string): string | undefined {
    const replaced = REPLACED_ON_CHANGE[type];
    if (!replaced) {
        return `the inputs of ${type} that force a replacement have not been reviewed (lib/replacement.ts)`;
    }
    const top = path.split(/[.[]/, 1)[0];
    return replaced.includes(top) ? `changing \`${top}\` replaces an existing ${type}` : undefined;
}
