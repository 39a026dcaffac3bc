/**
 * Macie for DetectiveControls: the account, and a scheduled classification job over the ML data
 * buckets. The job uses the recommended set of managed data identifiers (the PII Macie recommends):
 * that is what CreateClassificationJob does when `managedDataIdentifierSelector` is not given, and
 * `aws.macie2.ClassificationJob` cannot set it (pulumi/pulumi-aws#2759, terraform-provider-aws#21952).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, ChildScope } from "../context";
import { FindingPublishingFrequency } from "./findings";
import { physicalName } from "./names";

export const MACIE_SCHEDULES = ["DAILY", "WEEKLY"] as const;
export type MacieSchedule = (typeof MACIE_SCHEDULES)[number];

export interface MacieArgs {
    readonly target: pulumi.Output<AwsTarget>;
    /** The buckets to classify; no job without any. */
    readonly bucketNames: readonly pulumi.Input<string>[];
    readonly schedule: MacieSchedule;
    readonly frequency: FindingPublishingFrequency;
}

export function createMacie(scope: ChildScope, args: MacieArgs) {
    const opts = { parent: scope.parent };
    const account = new aws.macie2.Account(`${scope.name}-macie`, {
        status: "ENABLED",
        findingPublishingFrequency: args.frequency,
    }, opts);
    const job = args.bucketNames.length === 0 ? undefined : new aws.macie2.ClassificationJob(`${scope.name}-ml-data-classification`, {
        name: physicalName(scope.name, "ml-data-classification", 500),
        description: `Sensitive data (recommended managed data identifiers) in the ML data buckets of ${scope.name}`,
        jobType: "SCHEDULED",
        // A scheduled job analyses the objects created or changed since its previous run.
        scheduleFrequency: args.schedule === "DAILY" ? { dailySchedule: true } : { weeklySchedule: "MONDAY" },
        initialRun: true,
        samplingPercentage: 100,
        jobStatus: "RUNNING",
        s3JobDefinition: {
            bucketDefinitions: [{ accountId: args.target.account, buckets: [...args.bucketNames] }],
        },
        tags: scope.tags,
    }, { ...opts, dependsOn: [account] });
    return { account, job };
}
