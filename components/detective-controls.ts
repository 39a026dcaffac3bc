import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_INSTANCE_TYPES } from "../policypacks/ml-guardrails/src/facts";
import { childOptions, ChildScope, LOG_RETENTION_DAYS, resolveTarget, Tags } from "./context";
import { createKey } from "./kms";
import { createConfig } from "./detective/config";
import {
    CONFIG_RULE_FREQUENCIES, ConfigRuleFrequency, DEFAULT_NOTEBOOK_PLATFORMS, KMS_KEY_RULES, ManagedRuleSpec, SelectedRule, SkippedRule,
    TAGGED_RULES,
} from "./detective/config-rules";
import { checkApprovedInstanceTypes, correctiveNames, createCorrectiveControl, DEFAULT_BUNDLE_DIR, requireBundle } from "./detective/corrective";
import {
    createAccessAnalyzers, createGuardDuty, createSecurityHub, FINDING_FREQUENCIES, FindingPublishingFrequency, guardDutyFeatureList,
} from "./detective/findings";
import { createFlowLogs } from "./detective/flow-logs";
import { createMacie, MACIE_SCHEDULES, MacieSchedule } from "./detective/macie";
import { MAIN_COMMERCIAL_REGIONS } from "./detective/regions";
import { detectiveKeyPolicy } from "./detective/policies";
import { checkSageMakerLogGroups, createSageMakerLogGroups } from "./sagemaker-logs";

/** Arguments of DetectiveControls: all optional; the defaults are the secure choice. */
export interface DetectiveControlsArgs {
    /** Record IAM and other global resource types (set it in exactly one region of each account; default false). */
    readonly recordGlobalResources?: boolean;
    /** Create the Config recorder, its role, bucket and delivery channel (default true; false: rules only, on the account's existing recorder). */
    readonly enableConfigRecorder?: boolean;
    /** Catalog Config rules to leave out, by rule name (e.g. `s3-default-encryption-kms`). */
    readonly excludeConfigRules?: readonly string[];
    /** More AWS managed Config rules to create beside the catalog's. */
    readonly additionalConfigRules?: readonly ManagedRuleSpec[];
    /** Input parameters by rule name, merged over the catalog's and the arguments below (strings; lists as CSV). */
    readonly configRuleParameters?: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
    /** Regions by rule name where that rule exists, replacing the catalog's data (when AWS adds regions). */
    readonly configRuleRegions?: Readonly<Record<string, readonly string[]>>;
    /** Regions where rules whose availability the catalog could not confirm are created (default MAIN_COMMERCIAL_REGIONS). */
    readonly unverifiedRuleRegions?: readonly string[];
    /** How often periodic Config rules run (default TwentyFour_Hours). */
    readonly configRuleFrequency?: ConfigRuleFrequency;
    /** KMS key ARNs notebooks and endpoint configurations may use (`kmsKeyArns` of the kms-key-configured rules; default any key). */
    readonly approvedKmsKeyArns?: readonly pulumi.Input<string>[];
    /** Subnets notebook instances may use (`SubnetIds` of sagemaker-notebook-instance-inside-vpc; default any subnet of a VPC). */
    readonly approvedSubnetIds?: readonly pulumi.Input<string>[];
    /** Tag keys the SageMaker *-tagged rules require (`requiredKeyTags`; default: any tag). */
    readonly requiredTagKeys?: readonly string[];
    /** Notebook platforms sagemaker-notebook-instance-platform-version accepts (default notebook-al2023-v1). */
    readonly supportedNotebookPlatforms?: readonly string[];
    /** Enable Security Hub with AWS Foundational Security Best Practices (default true; false where a delegated admin manages it). */
    readonly enableSecurityHub?: boolean;
    /** Enable GuardDuty (default true; false where a delegated admin manages it). */
    readonly enableGuardDuty?: boolean;
    /** GuardDuty features to enable besides S3_DATA_EVENTS, which is always on (e.g. RUNTIME_MONITORING, EBS_MALWARE_PROTECTION). */
    readonly guardDutyFeatures?: readonly string[];
    /** How often GuardDuty and Macie publish updated findings (default FIFTEEN_MINUTES). */
    readonly findingPublishingFrequency?: FindingPublishingFrequency;
    /** Enable Macie (default true). */
    readonly enableMacie?: boolean;
    /** ML data buckets (names, in this account) Macie classifies on a schedule; no job without any. */
    readonly macieBucketNames?: readonly pulumi.Input<string>[];
    /** How often the classification job runs (DAILY or WEEKLY; default DAILY, each run covers new and changed objects). */
    readonly macieSchedule?: MacieSchedule;
    /** Create the IAM Access Analyzer for external access (default true). */
    readonly enableAccessAnalyzer?: boolean;
    /** Also create the unused-access analyzer (a paid feature; default false). */
    readonly enableUnusedAccessAnalyzer?: boolean;
    /** Days without use after which the unused-access analyzer reports access (1 to 365, default 90). */
    readonly unusedAccessAgeDays?: number;
    /** The ML VPC whose traffic is logged (VPC Flow Logs; default: no flow log). */
    readonly vpcId?: pulumi.Input<string>;
    /** Retention of the flow-log, function and SageMaker log groups, in days (a CloudWatch Logs value; default 365). */
    readonly logRetentionInDays?: number;
    /**
     * SageMaker log groups to create here with the detective key and `logRetentionInDays` (default none:
     * AuditTrail creates them in the account's home region; give SAGEMAKER_LOG_GROUPS in its other regions).
     */
    readonly sagemakerLogGroups?: readonly string[];
    /** Deploy the corrective control that stops unapproved SageMaker instances (default true). */
    readonly enableCorrectiveControl?: boolean;
    /** Instance types the corrective control leaves running (default: the pack's DEFAULT_INSTANCE_TYPES). */
    readonly approvedInstanceTypes?: readonly string[];
    /** The corrective control also stops work without a VPC (default true). */
    readonly requireVpc?: boolean;
    /** The corrective control also stops work without customer-managed keys (default true). */
    readonly requireKms?: boolean;
    /** Reserved concurrency of the corrective function (default 5). */
    readonly reservedConcurrentExecutions?: number;
    /** How long Lambda keeps retrying an event before it goes to the dead-letter queue, in seconds (60 to 21600, default 3600). */
    readonly maximumEventAgeInSeconds?: number;
    /** SNS topic the corrective control notifies (AuditTrail's alarm topic); default: an encrypted topic is created. */
    readonly notificationTopicArn?: pulumi.Input<string>;
    /** The customer-managed key of `notificationTopicArn`, if it has one (the function's role may then use it through SNS). */
    readonly notificationTopicKeyArn?: pulumi.Input<string>;
    /** Folder of the built handler (default functions/dist/stop-unapproved, made by `npm run build`). */
    readonly functionBundleDir?: string;
    /** Days a scheduled key deletion waits (7 to 30, default 30). */
    readonly keyDeletionWindowInDays?: number;
    /** Tags for every taggable resource. */
    readonly tags?: Tags;
}

function checkOneOf<T extends string>(name: string, value: T, allowed: readonly string[]): T {
    if (!allowed.includes(value)) {
        throw new Error(`${name} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`);
    }
    return value;
}

function checkInteger(name: string, value: number, min: number, max: number): number {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`${name} must be an integer from ${min} to ${max} (got ${value})`);
    }
    return value;
}

/** The catalog parameters the arguments set (before `configRuleParameters`). */
function argumentParameters(args: DetectiveControlsArgs): Record<string, Record<string, pulumi.Input<string>>> {
    const csv = (values: readonly pulumi.Input<string>[]) => pulumi.all([...values]).apply(v => v.join(","));
    const parameters: Record<string, Record<string, pulumi.Input<string>>> = {
        "sagemaker-notebook-instance-platform-version": {
            supportedPlatformIdentifierVersions: (args.supportedNotebookPlatforms ?? DEFAULT_NOTEBOOK_PLATFORMS).join(","),
        },
    };
    if (args.approvedKmsKeyArns && args.approvedKmsKeyArns.length > 0) {
        KMS_KEY_RULES.forEach(r => { parameters[r] = { kmsKeyArns: csv(args.approvedKmsKeyArns!) }; });
    }
    if (args.requiredTagKeys && args.requiredTagKeys.length > 0) {
        const bad = args.requiredTagKeys.filter(k => k.startsWith("aws:") || k.trim() === "" || k.includes(","));
        if (bad.length > 0) {
            throw new Error(`requiredTagKeys: ${bad.map(b => JSON.stringify(b)).join(", ")} cannot be required (no aws: prefix, no commas)`);
        }
        TAGGED_RULES.forEach(r => { parameters[r] = { requiredKeyTags: args.requiredTagKeys!.join(",") }; });
    }
    if (args.approvedSubnetIds && args.approvedSubnetIds.length > 0) {
        parameters["sagemaker-notebook-instance-inside-vpc"] = { SubnetIds: csv(args.approvedSubnetIds) };
    }
    for (const [rule, values] of Object.entries(args.configRuleParameters ?? {})) {
        parameters[rule] = { ...parameters[rule], ...values };
    }
    return parameters;
}

/**
 * Detective and corrective controls of one ML account and region: AWS Config (recorder, encrypted
 * delivery, the SageMaker managed rules that exist in the region, the ML-relevant S3, CloudTrail, KMS,
 * CloudWatch Logs and VPC rules), Security Hub with AWS Foundational Security Best Practices, GuardDuty
 * with S3 protection, Macie with a scheduled classification job over the ML data buckets, IAM Access
 * Analyzer, VPC Flow Logs of the ML VPC, and the corrective control that stops SageMaker work on
 * unapproved instance types (EventBridge -> Lambda -> Stop* or DeleteApp -> SNS).
 *
 * Create it with the provider of the account and region it belongs to (`{ provider }`): every child and
 * every invoke goes through it. Config, Security Hub, GuardDuty and Macie are one per account and
 * region: create one DetectiveControls per account and region, and turn off what a delegated
 * administrator already manages.
 */
export class DetectiveControls extends pulumi.ComponentResource {
    /** Name of the Config recorder (undefined with `enableConfigRecorder: false`). */
    public readonly recorderName: pulumi.Output<string | undefined>;
    /** The Config delivery bucket. */
    public readonly configBucketName: pulumi.Output<string | undefined>;
    /** Names of the Config rules created in this region. */
    public readonly configRuleNames: pulumi.Output<string[]>;
    /** The catalog rules created here, with their basis (confirmed, override, unverified) and parameters. */
    public readonly configRules: pulumi.Output<SelectedRule[]>;
    /** The catalog rules left out here, with the reason. */
    public readonly skippedConfigRules: pulumi.Output<SkippedRule[]>;
    public readonly securityHubAccountId: pulumi.Output<string | undefined>;
    public readonly securityHubStandardsSubscriptionArn: pulumi.Output<string | undefined>;
    public readonly guardDutyDetectorId: pulumi.Output<string | undefined>;
    public readonly macieAccountId: pulumi.Output<string | undefined>;
    public readonly macieClassificationJobId: pulumi.Output<string | undefined>;
    public readonly accessAnalyzerArn: pulumi.Output<string | undefined>;
    public readonly unusedAccessAnalyzerArn: pulumi.Output<string | undefined>;
    public readonly flowLogId: pulumi.Output<string | undefined>;
    public readonly flowLogGroupName: pulumi.Output<string | undefined>;
    /** Key of the log groups, dead-letter queue, created topic and function environment. */
    public readonly detectiveKeyArn: pulumi.Output<string | undefined>;
    /** The SageMaker log groups created in this region (`sagemakerLogGroups`). */
    public readonly sagemakerLogGroupNames: pulumi.Output<string[]>;
    public readonly functionArn: pulumi.Output<string | undefined>;
    public readonly functionName: pulumi.Output<string | undefined>;
    /** ARNs of the EventBridge rules, by EVENT_PATTERNS key (apiCalls, stateChanges). */
    public readonly eventRuleArns: pulumi.Output<Record<string, string>>;
    public readonly deadLetterQueueArn: pulumi.Output<string | undefined>;
    /** The topic the corrective control notifies (given or created). */
    public readonly notificationTopicArn: pulumi.Output<string | undefined>;

    public readonly configRoleTrustPolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly configDeliveryPolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly configBucketPolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly configKeyPolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly configAccessLogBucketPolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly detectiveKeyPolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly flowLogsTrustPolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly flowLogsRolePolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly correctiveTrustPolicy?: aws.iam.PolicyDocument;
    public readonly correctiveRolePolicy?: pulumi.Output<aws.iam.PolicyDocument>;
    public readonly deadLetterQueuePolicy?: pulumi.Output<aws.iam.PolicyDocument>;

    constructor(name: string, args: DetectiveControlsArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("mlgov:components:DetectiveControls", name, {}, opts);
        // Everything is checked before the first child is created.
        const deletionWindow = checkInteger("keyDeletionWindowInDays", args.keyDeletionWindowInDays ?? 30, 7, 30);
        const retention = args.logRetentionInDays ?? 365;
        if (!LOG_RETENTION_DAYS.includes(retention)) {
            throw new Error(`logRetentionInDays must be a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")}); got ${retention}`);
        }
        const frequency = checkOneOf("configRuleFrequency", args.configRuleFrequency ?? "TwentyFour_Hours", CONFIG_RULE_FREQUENCIES);
        const findingFrequency = checkOneOf("findingPublishingFrequency", args.findingPublishingFrequency ?? "FIFTEEN_MINUTES", FINDING_FREQUENCIES);
        const macieSchedule = checkOneOf("macieSchedule", args.macieSchedule ?? "DAILY", MACIE_SCHEDULES);
        const features = guardDutyFeatureList(args.guardDutyFeatures);
        const unusedAge = args.enableUnusedAccessAnalyzer ? checkInteger("unusedAccessAgeDays", args.unusedAccessAgeDays ?? 90, 1, 365) : undefined;
        const corrective = args.enableCorrectiveControl ?? true;
        const approved = args.approvedInstanceTypes ?? DEFAULT_INSTANCE_TYPES;
        const reserved = checkInteger("reservedConcurrentExecutions", args.reservedConcurrentExecutions ?? 5, 1, 1000);
        const eventAge = checkInteger("maximumEventAgeInSeconds", args.maximumEventAgeInSeconds ?? 3600, 60, 21600);
        const bundleDir = args.functionBundleDir ?? DEFAULT_BUNDLE_DIR;
        if (corrective) {
            checkApprovedInstanceTypes(approved);
            requireBundle(bundleDir);
        }
        checkSageMakerLogGroups("sagemakerLogGroups", args.sagemakerLogGroups);
        const sagemakerGroups = [...new Set(args.sagemakerLogGroups ?? [])];
        if (args.notificationTopicKeyArn !== undefined && args.notificationTopicArn === undefined) {
            throw new Error("notificationTopicKeyArn is the key of notificationTopicArn: give both, or neither to create a topic");
        }
        const selection = {
            exclude: args.excludeConfigRules,
            additional: args.additionalConfigRules,
            parameters: argumentParameters(args),
            regions: args.configRuleRegions,
            unverifiedRegions: args.unverifiedRuleRegions ?? MAIN_COMMERCIAL_REGIONS,
        };

        const scope: ChildScope = { name, parent: this, tags: args.tags };
        const target = resolveTarget(this);
        const none = pulumi.output(undefined);

        // AWS Config.
        const config = createConfig(scope, {
            target,
            recorder: args.enableConfigRecorder ?? true,
            recordGlobalResources: args.recordGlobalResources ?? false,
            selection,
            frequency,
            keyDeletionWindowInDays: deletionWindow,
        });

        // The key of the log groups, queue, topic and environment (when something uses it).
        const flowLogGroup = args.vpcId === undefined ? undefined : `/aws/vpc-flow-logs/${name.replace(/[^A-Za-z0-9._-]+/g, "-")}`;
        const logGroupNames = [
            ...(flowLogGroup ? [flowLogGroup] : []), ...(corrective ? [correctiveNames(name).logGroupName] : []), ...sagemakerGroups,
        ];
        const keyPolicy = logGroupNames.length === 0 ? undefined : target.apply(t => detectiveKeyPolicy({ ...t, logGroupNames }));
        const keyUses = sagemakerGroups.length > 0 ? "Flow logs, SageMaker logs and corrective control" : "Flow logs and corrective control";
        const detectiveKey = keyPolicy && createKey(scope, "detective", `${keyUses} of ${name}`, keyPolicy, deletionWindow);
        const sagemakerLogs = detectiveKey === undefined ? [] : createSageMakerLogGroups(name, sagemakerGroups,
            { kmsKeyArn: detectiveKey.arn, retentionInDays: retention, tags: args.tags }, childOptions(scope));
        this.sagemakerLogGroupNames = pulumi.all(sagemakerLogs.map(g => g.name));

        // Findings.
        const securityHub = (args.enableSecurityHub ?? true) ? createSecurityHub(scope, target) : undefined;
        const guardDuty = (args.enableGuardDuty ?? true) ? createGuardDuty(scope, features, findingFrequency) : undefined;
        const macie = (args.enableMacie ?? true)
            ? createMacie(scope, { target, bucketNames: args.macieBucketNames ?? [], schedule: macieSchedule, frequency: findingFrequency })
            : undefined;
        const analyzers = (args.enableAccessAnalyzer ?? true) ? createAccessAnalyzers(scope, unusedAge) : undefined;

        // Flow logs of the ML VPC.
        const flowLogs = args.vpcId === undefined ? undefined : createFlowLogs(scope, {
            target, vpcId: args.vpcId, logGroupName: flowLogGroup!, kmsKeyArn: detectiveKey!.arn, retentionInDays: retention,
        });

        // The corrective control.
        const control = !corrective ? undefined : createCorrectiveControl(scope, {
            target,
            kmsKeyArn: detectiveKey!.arn,
            approvedInstanceTypes: approved,
            requireVpc: args.requireVpc ?? true,
            requireKms: args.requireKms ?? true,
            reservedConcurrentExecutions: reserved,
            maximumEventAgeInSeconds: eventAge,
            retentionInDays: retention,
            topicArn: args.notificationTopicArn,
            topicKeyArn: args.notificationTopicKeyArn,
            bundleDir,
        });

        this.recorderName = config.recorder?.name ?? none;
        this.configBucketName = config.bucket?.bucket ?? none;
        this.configRules = config.rules.apply(rs => rs.map(r => r.selected));
        this.configRuleNames = config.rules.apply(rs => pulumi.all(rs.map(r => r.rule.name)));
        this.skippedConfigRules = config.skipped;
        this.securityHubAccountId = securityHub?.account.id ?? none;
        this.securityHubStandardsSubscriptionArn = securityHub?.subscription.id ?? none;
        this.guardDutyDetectorId = guardDuty?.detector.id ?? none;
        this.macieAccountId = macie?.account.id ?? none;
        this.macieClassificationJobId = macie?.job?.id ?? none;
        this.accessAnalyzerArn = analyzers?.external.arn ?? none;
        this.unusedAccessAnalyzerArn = analyzers?.unused?.arn ?? none;
        this.flowLogId = flowLogs?.flowLog.id ?? none;
        this.flowLogGroupName = flowLogs?.logGroup.name ?? none;
        this.detectiveKeyArn = detectiveKey?.arn ?? none;
        this.functionArn = control?.fn.arn ?? none;
        this.functionName = control?.fn.name ?? none;
        this.eventRuleArns = control
            ? pulumi.all(Object.fromEntries(Object.entries(control.rules).map(([k, r]) => [k, r.rule.arn]))) as pulumi.Output<Record<string, string>>
            : pulumi.output<Record<string, string>>({});
        this.deadLetterQueueArn = control?.queueArn ?? none;
        this.notificationTopicArn = control?.topicArn ?? none;

        this.detectiveKeyPolicy = keyPolicy;
        this.configRoleTrustPolicy = config.documents?.roleTrustPolicy;
        this.configDeliveryPolicy = config.documents?.deliveryPolicy;
        this.configBucketPolicy = config.documents?.bucketPolicy;
        this.configKeyPolicy = config.documents?.keyPolicy;
        this.configAccessLogBucketPolicy = config.documents?.accessLogBucketPolicy;
        this.flowLogsTrustPolicy = flowLogs?.trustPolicy;
        this.flowLogsRolePolicy = flowLogs?.rolePolicy;
        this.correctiveTrustPolicy = control?.trustPolicy;
        this.correctiveRolePolicy = control?.rolePolicy;
        this.deadLetterQueuePolicy = control?.queuePolicy;

        this.registerOutputs({
            recorderName: this.recorderName,
            configBucketName: this.configBucketName,
            configRuleNames: this.configRuleNames,
            securityHubAccountId: this.securityHubAccountId,
            securityHubStandardsSubscriptionArn: this.securityHubStandardsSubscriptionArn,
            guardDutyDetectorId: this.guardDutyDetectorId,
            macieAccountId: this.macieAccountId,
            macieClassificationJobId: this.macieClassificationJobId,
            accessAnalyzerArn: this.accessAnalyzerArn,
            unusedAccessAnalyzerArn: this.unusedAccessAnalyzerArn,
            flowLogId: this.flowLogId,
            flowLogGroupName: this.flowLogGroupName,
            detectiveKeyArn: this.detectiveKeyArn,
            sagemakerLogGroupNames: this.sagemakerLogGroupNames,
            functionArn: this.functionArn,
            functionName: this.functionName,
            eventRuleArns: this.eventRuleArns,
            deadLetterQueueArn: this.deadLetterQueueArn,
            notificationTopicArn: this.notificationTopicArn,
        });
    }
}
