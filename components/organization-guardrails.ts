import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "./context";
import { guardrailScps, GuardrailOptions } from "./guardrails";

/** The services whose administration the organization delegates to the security account. */
export const DELEGATED_SERVICES = ["guardDuty", "securityHub", "macie", "config"] as const;
export type DelegatedService = typeof DELEGATED_SERVICES[number];

/** ML buckets of one member account, for the organization's Macie classification job. */
export interface MacieBuckets {
    readonly accountId: string;
    readonly bucketNames: readonly pulumi.Input<string>[];
}

export interface OrganizationGuardrailsArgs {
    /**
     * OUs (`ou-…`), accounts or the root the guardrail SCPs attach to: the ML accounts'. SCPs are global:
     * leave it unset in the instances of the other regions.
     */
    readonly scpTargetIds?: readonly pulumi.Input<string>[];
    /** What the guardrails allow: approved instance types, network isolation, inter-container encryption. */
    readonly guardrails: GuardrailOptions;
    /** Role name (in every account) still allowed to change CloudTrail, Config, GuardDuty, Security Hub and Macie. */
    readonly adminRoleName: string;
    /** The security account: delegated administrator of the services below. */
    readonly securityAccountId: string;
    /** Provider of the security account (the component's own provider is the management account's). */
    readonly securityProvider: pulumi.ProviderResource;
    /**
     * Services delegated to the security account, enabled for every member by its organization
     * configuration (default all). GuardDuty, Security Hub and Macie are delegated per region; Config
     * (its delegation and the all-region aggregator) once: name it in one region only.
     */
    readonly delegatedServices?: readonly DelegatedService[];
    /** GuardDuty features the organization turns on in every member (S3 protection always). */
    readonly guardDutyFeatures?: readonly string[];
    /** The ML buckets Macie classifies, per member account (run by the administrator: members cannot create jobs). */
    readonly macieBuckets?: pulumi.Input<MacieBuckets[]>;
    /** How often the organization's Macie job runs (default DAILY). */
    readonly macieSchedule?: "DAILY" | "WEEKLY";
    /** Tags for every taggable child. */
    readonly tags?: Tags;
}

/**
 * The organization's guardrails, from the management account: the guardrail SCPs (rendered from the
 * same catalog as SecureMlDomain's IAM policy) attached to the ML organizational units; GuardDuty,
 * Security Hub, Macie and Config administered by the security account, in the order AWS requires
 * (the service enabled in the security account, then the delegation from the management account,
 * then the organization configuration from the security account); a Config aggregator of the whole
 * organization in the security account; the organization's Macie classification of the ML buckets.
 */
export class OrganizationGuardrails extends pulumi.ComponentResource {
    /** The SCP documents, as attached (usually two: Organizations limits an SCP to 5,120 characters). */
    public readonly scpDocuments: readonly aws.iam.PolicyDocument[];
    public readonly scpIds: pulumi.Output<string[]>;
    public readonly guardDutyDetectorId?: pulumi.Output<string>;
    public readonly configAggregatorArn?: pulumi.Output<string>;
    public readonly macieJobId?: pulumi.Output<string>;
    public readonly delegatedServices: readonly DelegatedService[];

    constructor(name: string, args: OrganizationGuardrailsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("mlgov:components:OrganizationGuardrails", name, {}, opts);
        if (!/^\d{12}$/.test(args.securityAccountId)) {
            throw new Error(`OrganizationGuardrails securityAccountId must be a 12-digit account id (got "${args.securityAccountId}")`);
        }
        if (!/^[\w+=,.@-]{1,64}$/.test(args.adminRoleName)) {
            throw new Error(`OrganizationGuardrails adminRoleName must be an IAM role name (got "${args.adminRoleName}")`);
        }
        if (args.scpTargetIds !== undefined && args.scpTargetIds.length === 0) {
            throw new Error("OrganizationGuardrails scpTargetIds must name at least one OU, account or the root (or be left unset " +
                "where another instance attaches the SCPs)");
        }
        const management = { parent: this };
        const security = { parent: this, provider: args.securityProvider };
        const services = new Set(args.delegatedServices ?? DELEGATED_SERVICES);
        this.delegatedServices = DELEGATED_SERVICES.filter(s => services.has(s));

        // Service control policies, attached to every target.
        const targets = args.scpTargetIds ?? [];
        this.scpDocuments = targets.length > 0 ? guardrailScps({ ...args.guardrails, adminRoleName: args.adminRoleName }) : [];
        const scps = this.scpDocuments.map((document, i) => {
            const id = `${name}-guardrails-scp${i === 0 ? "" : `-${i + 1}`}`;
            const policy = new aws.organizations.Policy(id, {
                type: "SERVICE_CONTROL_POLICY",
                description: `ml-governance guardrails (${i + 1} of ${this.scpDocuments.length}): see docs/guardrails.md`,
                content: JSON.stringify(document),
                tags: args.tags,
            }, management);
            targets.forEach((target, j) => new aws.organizations.PolicyAttachment(`${id}-target-${j + 1}`, {
                policyId: policy.id,
                targetId: target,
            }, management));
            return policy;
        });
        this.scpIds = pulumi.all(scps.map(p => p.id));

        if (services.has("guardDuty")) {
            const detector = new aws.guardduty.Detector(`${name}-guardduty`, { enable: true, tags: args.tags }, security);
            const admin = new aws.guardduty.OrganizationAdminAccount(`${name}-guardduty`, {
                adminAccountId: args.securityAccountId,
            }, { ...management, dependsOn: [detector] });
            const configuration = new aws.guardduty.OrganizationConfiguration(`${name}-guardduty`, {
                detectorId: detector.id,
                autoEnableOrganizationMembers: "ALL",
            }, { ...security, dependsOn: [admin] });
            for (const feature of new Set(["S3_DATA_EVENTS", ...(args.guardDutyFeatures ?? [])])) {
                new aws.guardduty.OrganizationConfigurationFeature(`${name}-guardduty-${feature.toLowerCase().replace(/_/g, "-")}`, {
                    detectorId: detector.id,
                    name: feature,
                    autoEnable: "ALL",
                }, { ...security, dependsOn: [configuration] });
            }
            this.guardDutyDetectorId = detector.id;
        }

        if (services.has("securityHub")) {
            const account = new aws.securityhub.Account(`${name}-securityhub`, {
                enableDefaultStandards: false,
                controlFindingGenerator: "SECURITY_CONTROL",
            }, security);
            const admin = new aws.securityhub.OrganizationAdminAccount(`${name}-securityhub`, {
                adminAccountId: args.securityAccountId,
            }, { ...management, dependsOn: [account] });
            new aws.securityhub.OrganizationConfiguration(`${name}-securityhub`, {
                autoEnable: true,
                autoEnableStandards: "DEFAULT",
            }, { ...security, dependsOn: [admin] });
        }

        if (services.has("macie")) {
            const account = new aws.macie2.Account(`${name}-macie`, { status: "ENABLED" }, security);
            const admin = new aws.macie2.OrganizationAdminAccount(`${name}-macie`, {
                adminAccountId: args.securityAccountId,
            }, { ...management, dependsOn: [account] });
            const configuration = new aws.macie2.OrganizationConfiguration(`${name}-macie`, {
                autoEnable: true,
            }, { ...security, dependsOn: [admin] });
            if (args.macieBuckets) {
                const job = new aws.macie2.ClassificationJob(`${name}-ml-data`, {
                    name: `${name}-ml-data-classification`,
                    description: "PII in the SageMaker training and inference data of every ML account",
                    jobType: "SCHEDULED",
                    scheduleFrequency: args.macieSchedule === "WEEKLY" ? { weeklySchedule: "MONDAY" } : { dailySchedule: true },
                    s3JobDefinition: {
                        bucketDefinitions: pulumi.output(args.macieBuckets).apply(list => list
                            .filter(b => b.bucketNames.length > 0)
                            .map(b => ({ accountId: b.accountId, buckets: b.bucketNames as string[] }))),
                    },
                    tags: args.tags,
                }, { ...security, dependsOn: [configuration] });
                this.macieJobId = job.id;
            }
        }

        if (services.has("config")) {
            const delegation = new aws.organizations.DelegatedAdministrator(`${name}-config`, {
                accountId: args.securityAccountId,
                servicePrincipal: "config.amazonaws.com",
            }, management);
            const role = new aws.iam.Role(`${name}-config-aggregator`, {
                description: "AWS Config aggregation of the organization",
                assumeRolePolicy: JSON.stringify(configAggregatorTrustPolicy(args.securityAccountId)),
                tags: args.tags,
            }, security);
            const policy = new aws.iam.RolePolicyAttachment(`${name}-config-aggregator`, {
                role: role.name,
                policyArn: aws.getPartitionOutput({}, security).partition
                    .apply(p => `arn:${p}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations`),
            }, security);
            const aggregator = new aws.cfg.ConfigurationAggregator(`${name}-organization`, {
                name: `${name}-organization`,
                organizationAggregationSource: { allRegions: true, roleArn: role.arn },
                tags: args.tags,
            }, { ...security, dependsOn: [delegation, policy] });
            this.configAggregatorArn = aggregator.arn;
        }

        this.registerOutputs({
            scpIds: this.scpIds,
            guardDutyDetectorId: this.guardDutyDetectorId,
            configAggregatorArn: this.configAggregatorArn,
            macieJobId: this.macieJobId,
        });
    }
}

/** Trust policy of the aggregator's role: AWS Config in the security account, nothing else. */
export function configAggregatorTrustPolicy(securityAccountId: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": securityAccountId } },
        }],
    };
}
