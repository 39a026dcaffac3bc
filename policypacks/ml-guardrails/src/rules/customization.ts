import { defineResourcePolicy } from "../lib/policy";
import { findSecrets } from "../lib/secrets";

const AREA = "Custom images and lifecycle configurations";

/*
 * aws-native names (pulumi-aws-native SDK, from the CloudFormation schemas): AWS::SageMaker::Image
 * `ImageDescription`; AWS::SageMaker::NotebookInstanceLifecycleConfig `OnCreate[].Content`,
 * `OnStart[].Content`; AWS::SageMaker::StudioLifecycleConfig `StudioLifecycleConfigContent`. The aws
 * names are those of @pulumi/aws 7.48 (`description`; `onCreate`, `onStart`; `studioLifecycleConfigContent`).
 */

export const imageDescription = defineResourcePolicy({
    name: "sagemaker-image-description",
    description: "SageMaker custom images should say what they hold.",
    area: AREA,
    severity: "low",
    enforcementLevel: "advisory",
    remediation: "Set `description` (aws-native: `imageDescription`) to what the image contains, who maintains it and " +
        "where it is built, so that a reviewer can tell an approved image from a stray one.",
    controls: { awsConfig: ["sagemaker-image-description"] },
    targets: { "aws:sagemaker/image:Image": "description", "aws-native:sagemaker:Image": "imageDescription" },
    check(c, path) {
        c.requireText(path);
    },
});

/** The script properties of each lifecycle configuration type. */
const SCRIPTS: Record<string, readonly string[]> = {
    "aws:sagemaker/notebookInstanceLifecycleConfiguration:NotebookInstanceLifecycleConfiguration": ["onCreate", "onStart"],
    "aws-native:sagemaker:NotebookInstanceLifecycleConfig": ["onCreate[].content", "onStart[].content"],
    "aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig": ["studioLifecycleConfigContent"],
    "aws-native:sagemaker:StudioLifecycleConfig": ["studioLifecycleConfigContent"],
};

export const lifecycleConfigSecrets = defineResourcePolicy({
    name: "sagemaker-lifecycle-config-no-secrets",
    description: "SageMaker notebook and Studio lifecycle configuration scripts must not contain credentials or tokens.",
    area: AREA,
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Remove the credential from the script, revoke it (it is readable by anyone allowed to describe the " +
        "lifecycle configuration), keep it in AWS Secrets Manager or SSM Parameter Store, and read it when the script " +
        "runs (`aws secretsmanager get-secret-value`) with the notebook's or Studio's execution role. A false positive " +
        "is recorded with an exemption of this policy.",
    controls: { prowler: ["sagemaker_notebook_instance_no_secrets"] },
    targets: SCRIPTS,
    check(c, paths) {
        for (const path of paths) {
            for (const r of c.all(path)) {
                if (r.state === "unknown") {
                    c.unknown(r.path, `\`${r.path}\` (a lifecycle script) is unknown during preview`);
                } else if (r.state === "known" && typeof r.value === "string") {
                    for (const f of findSecrets(r.value)) {
                        c.fail(r.path, `\`${r.path}\` holds ${f.kind} on line ${f.line} of the script`);
                    }
                }
            }
        }
    },
});

export const customizationPolicies = [imageDescription, lifecycleConfigSecrets];
