/**
 * The finding services of DetectiveControls: Security Hub with AWS Foundational Security Best Practices
 * (SageMaker.1 to SageMaker.25 included), GuardDuty with S3 protection and the features asked for, and
 * IAM Access Analyzer for external access (and unused access when asked).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, ChildScope } from "../context";
import { physicalName } from "./names";

/** ARN of AWS Foundational Security Best Practices v1.0.0 in a region (the StandardsSubscription table of @pulumi/aws). */
export function foundationalBestPracticesArn(t: Pick<AwsTarget, "partition" | "region">): string {
    return `arn:${t.partition}:securityhub:${t.region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

export function createSecurityHub(scope: ChildScope, target: pulumi.Output<AwsTarget>) {
    const opts = { parent: scope.parent };
    const account = new aws.securityhub.Account(`${scope.name}-security-hub`, {
        // No default standards: the one wanted is subscribed below, and nothing else appears on its own.
        enableDefaultStandards: false,
        controlFindingGenerator: "SECURITY_CONTROL",
        autoEnableControls: true,
    }, opts);
    const subscription = new aws.securityhub.StandardsSubscription(`${scope.name}-fsbp`, {
        standardsArn: target.apply(foundationalBestPracticesArn),
    }, { ...opts, dependsOn: [account] });
    return { account, subscription };
}

/** GuardDuty detector features (DetectorFeature `name`, @pulumi/aws 7.48). */
export const GUARDDUTY_FEATURES = [
    "S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "EKS_RUNTIME_MONITORING",
    "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING", "AI_PROTECTION", "AI_ANALYST",
] as const;
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

export const FINDING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;
export type FindingPublishingFrequency = (typeof FINDING_FREQUENCIES)[number];

/** The features to enable: S3 protection always, then the ones asked for, each once; conflicting ones refused. */
export function guardDutyFeatureList(requested: readonly string[] = []): GuardDutyFeature[] {
    const unknown = requested.filter(f => !(GUARDDUTY_FEATURES as readonly string[]).includes(f));
    if (unknown.length > 0) {
        throw new Error(`guardDutyFeatures: unknown feature ${unknown.map(u => JSON.stringify(u)).join(", ")} (known: ${GUARDDUTY_FEATURES.join(", ")})`);
    }
    const features = [...new Set(["S3_DATA_EVENTS", ...requested])] as GuardDutyFeature[];
    if (features.includes("RUNTIME_MONITORING") && features.includes("EKS_RUNTIME_MONITORING")) {
        throw new Error("guardDutyFeatures: RUNTIME_MONITORING and EKS_RUNTIME_MONITORING cannot both be enabled (RUNTIME_MONITORING covers EKS)");
    }
    return features;
}

export function createGuardDuty(scope: ChildScope, features: readonly GuardDutyFeature[], frequency: FindingPublishingFrequency) {
    const opts = { parent: scope.parent };
    const detector = new aws.guardduty.Detector(`${scope.name}-guardduty`, {
        enable: true,
        findingPublishingFrequency: frequency,
        tags: scope.tags,
    }, opts);
    const enabled = features.map(feature => new aws.guardduty.DetectorFeature(`${scope.name}-guardduty-${feature.toLowerCase().replace(/_/g, "-")}`, {
        detectorId: detector.id,
        name: feature,
        status: "ENABLED",
    }, opts));
    return { detector, features: enabled };
}

export function createAccessAnalyzers(scope: ChildScope, unusedAccessAgeDays: number | undefined) {
    const opts = { parent: scope.parent };
    const external = new aws.accessanalyzer.Analyzer(`${scope.name}-external-access`, {
        analyzerName: physicalName(scope.name, "external-access", 255),
        type: "ACCOUNT",
        tags: scope.tags,
    }, opts);
    const unused = unusedAccessAgeDays === undefined ? undefined : new aws.accessanalyzer.Analyzer(`${scope.name}-unused-access`, {
        analyzerName: physicalName(scope.name, "unused-access", 255),
        type: "ACCOUNT_UNUSED_ACCESS",
        configuration: { unusedAccess: { unusedAccessAge: unusedAccessAgeDays } },
        tags: scope.tags,
    }, opts);
    return { external, unused };
}
