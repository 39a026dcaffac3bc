import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "./context";

/** The log groups SageMaker writes to, created up front so that they are encrypted and expire (issue 4, lab 3). */
export const SAGEMAKER_LOG_GROUPS: readonly string[] = [
    "/aws/sagemaker/studio",
    "/aws/sagemaker/TrainingJobs",
    "/aws/sagemaker/ProcessingJobs",
    "/aws/sagemaker/TransformJobs",
    "/aws/sagemaker/Endpoints",
    "/aws/sagemaker/NotebookInstances",
];

/** Throws unless every name is a SageMaker log group (`/aws/sagemaker/...`); `field` names the argument. */
export function checkSageMakerLogGroups(field: string, groups: readonly string[] | undefined): void {
    for (const group of groups ?? []) {
        if (!/^\/aws\/sagemaker\/[\w./-]+$/.test(group)) {
            throw new Error(`${field}: "${group}" is not a SageMaker log group (/aws/sagemaker/...)`);
        }
    }
}

/**
 * SageMaker's log groups in one account and region, encrypted with `kmsKeyArn` and kept
 * `retentionInDays`. SageMaker creates a missing one on first use without either. Each is named
 * `<name>-sagemaker-<group>` (`/aws/sagemaker/TrainingJobs` -> `<name>-sagemaker-trainingjobs`).
 */
export function createSageMakerLogGroups(
    name: string, groups: readonly string[],
    args: { readonly kmsKeyArn: pulumi.Input<string>; readonly retentionInDays: number; readonly tags?: Tags },
    opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup[] {
    return groups.map(group => new aws.cloudwatch.LogGroup(
        `${name}${group.replace(/^\/aws\/sagemaker/, "-sagemaker").replace(/[^a-zA-Z0-9-]+/g, "-").toLowerCase()}`,
        { name: group, retentionInDays: args.retentionInDays, kmsKeyId: args.kmsKeyArn, tags: args.tags },
        opts,
    ));
}
