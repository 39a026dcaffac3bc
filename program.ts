/**
 * The ml-governance program: stack config -> accounts -> organization guardrails -> the three
 * components in every ML account and region. `index.ts` runs it for `pulumi up`; `mlgov check` and
 * the tests run the same function on Pulumi's mock runtime.
 */
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import * as pulumi from "@pulumi/pulumi";
import { governanceProviders, GovernanceConfig, GovernedAccount, loadGovernedAccounts, readGovernanceConfig } from "./accounts";
import { AuditTrail, DetectiveControls, OrganizationGuardrails, SAGEMAKER_LOG_GROUPS, SecureMlDomain } from "./components";

/** What the stack exports for each ML account. */
export interface AccountOutputs {
    readonly name: string;
    readonly trailArn: pulumi.Output<string>;
    readonly alarmTopicArn: pulumi.Output<string>;
    readonly regions: Record<string, {
        readonly domainId: pulumi.Output<string>;
        readonly domainArn: pulumi.Output<string>;
        readonly vpcId: pulumi.Output<string>;
        readonly dataBucketName: pulumi.Output<string>;
        readonly modelBucketName: pulumi.Output<string>;
        readonly dataKeyArn: pulumi.Output<string>;
        readonly studioKeyArn: pulumi.Output<string>;
        readonly studioExecutionRoleArn: pulumi.Output<string>;
        readonly jobExecutionRoleArn: pulumi.Output<string>;
        readonly correctiveFunctionArn: pulumi.Output<string | undefined>;
    }>;
}

export interface ProgramOutputs {
    readonly environment: string;
    readonly accounts: Record<string, AccountOutputs>;
    readonly scpIds: pulumi.Output<string[]>;
    readonly organizationTrailArn?: pulumi.Output<string>;
}

export interface ProgramOptions {
    /** The Organizations client for discovery (default: the SDK's, with the stack's retry settings). */
    readonly organizations?: OrganizationsClient;
}

/** The services the security account administers for the organization (GuardDuty, Security Hub, Macie per region). */
const REGIONAL_DELEGATIONS = ["guardDuty", "securityHub", "macie"] as const;

/** Where the guardrail SCPs attach: the discovery OUs, and the explicit accounts that are not under them. */
function scpTargets(config: GovernanceConfig, accounts: readonly GovernedAccount[]): string[] {
    const ous = config.discovery?.organizationalUnits ?? [];
    const outside = accounts.filter(a => a.source === "config").map(a => a.id);
    return [...ous, ...outside];
}

/** One account's three components in each of its regions; the trail and its alarms in its home region. */
function governAccount(config: GovernanceConfig, account: GovernedAccount, providers: ReturnType<typeof governanceProviders>): AccountOutputs {
    const [home] = account.regions;
    const name = (region: string) => `${account.name}-${region}`;
    const domains = new Map(account.regions.map(region => [region, new SecureMlDomain(name(region), {
        vpcCidrBlock: account.vpcCidr,
        userProfiles: [...account.userProfiles],
        approvedInstanceTypes: [...account.approvedInstanceTypes],
        requireNetworkIsolation: config.guardrails.requireNetworkIsolation,
        requireInterContainerEncryption: config.guardrails.requireInterContainerEncryption,
    }, { provider: providers.forAccount(account.id, region) })]));

    const audit = new AuditTrail(`${account.name}-audit`, {
        dataEventBucketArns: [...domains.values()].flatMap(d => [d.dataBucketArn, d.modelBucketArn]),
        logRetentionDays: config.audit.logRetentionDays,
        archiveAfterDays: config.audit.archiveAfterDays,
        expireAfterDays: config.audit.expireAfterDays,
        protectAuditData: config.audit.protectAuditData,
        protectionDays: config.audit.protectionDays,
    }, { provider: providers.forAccount(account.id, home) });

    const regions: AccountOutputs["regions"] = {};
    for (const [region, domain] of domains) {
        const detective = new DetectiveControls(`${name(region)}-detective`, {
            recordGlobalResources: region === home,
            // Administered by the security account, which enables them in every member.
            enableGuardDuty: false,
            enableSecurityHub: false,
            enableMacie: false,
            vpcId: domain.vpcId,
            logRetentionInDays: config.audit.logRetentionDays,
            // The account's AuditTrail creates SageMaker's log groups in its home region; here, the others.
            ...(region === home ? {} : { sagemakerLogGroups: [...SAGEMAKER_LOG_GROUPS] }),
            approvedInstanceTypes: [...account.approvedInstanceTypes],
            approvedKmsKeyArns: [domain.dataKeyArn, domain.studioKeyArn],
            // The alarm topic is regional, and its key only serves SNS in its region.
            ...(region === home ? { notificationTopicArn: audit.alarmTopicArn, notificationTopicKeyArn: audit.keyArn } : {}),
        }, { provider: providers.forAccount(account.id, region) });
        regions[region] = {
            domainId: domain.domainId, domainArn: domain.domainArn, vpcId: domain.vpcId,
            dataBucketName: domain.dataBucketName, modelBucketName: domain.modelBucketName,
            dataKeyArn: domain.dataKeyArn, studioKeyArn: domain.studioKeyArn,
            studioExecutionRoleArn: domain.studioExecutionRoleArn, jobExecutionRoleArn: domain.jobExecutionRoleArn,
            correctiveFunctionArn: detective.functionArn,
        };
    }
    return { name: account.name, trailArn: audit.trailArn, alarmTopicArn: audit.alarmTopicArn, regions };
}

/** Runs the program for the current stack; every config problem is thrown before any resource exists. */
export async function governOrganization(options: ProgramOptions = {}): Promise<ProgramOutputs> {
    const config = readGovernanceConfig();
    const { accounts } = await loadGovernedAccounts(config, options.organizations);
    const providers = governanceProviders(config, accounts);

    const outputs: Record<string, AccountOutputs> = {};
    for (const account of accounts) {
        outputs[account.id] = governAccount(config, account, providers);
        // Let the runtime send this account's registrations before the next account is declared.
        // Declared in one synchronous loop, every resource of every account waits unsent, each holding
        // its outputs' pending promises (some 55 KB per resource in the Node.js SDK: 1.1 GB for 100
        // accounts); this way the engine starts on the first account while the others are declared.
        await new Promise(resolve => setImmediate(resolve));
    }

    // The organization, from the management account: SCPs once, delegations per region.
    const regions = [...new Set([config.defaultRegion, ...accounts.flatMap(a => a.regions)])].sort();
    let scpIds: pulumi.Output<string[]> = pulumi.output([]);
    for (const region of regions) {
        const isDefault = region === config.defaultRegion;
        const org = new OrganizationGuardrails(`organization-${region}`, {
            scpTargetIds: isDefault ? scpTargets(config, accounts) : undefined,
            guardrails: config.guardrails,
            adminRoleName: config.guardrails.adminRoleName,
            securityAccountId: config.organization.securityAccountId,
            securityProvider: providers.security.get(region)!,
            delegatedServices: isDefault ? [...REGIONAL_DELEGATIONS, "config"] : [...REGIONAL_DELEGATIONS],
            macieBuckets: accounts.filter(a => a.regions.includes(region)).map(a => ({
                accountId: a.id,
                bucketNames: [outputs[a.id].regions[region].dataBucketName, outputs[a.id].regions[region].modelBucketName],
            })),
            tags: config.defaultTags,
        }, { provider: providers.management.get(region)! });
        if (isDefault) {
            scpIds = org.scpIds;
        }
    }

    const organizationTrail = config.audit.organizationTrail
        ? new AuditTrail("organization-audit", {
            organizationTrail: true,
            archiveProvider: providers.logArchive,
            logRetentionDays: config.audit.logRetentionDays,
            archiveAfterDays: config.audit.archiveAfterDays,
            expireAfterDays: config.audit.expireAfterDays,
            protectAuditData: config.audit.protectAuditData,
            protectionDays: config.audit.protectionDays,
            sagemakerLogGroups: [],
        }, { provider: providers.management.get(config.defaultRegion)! })
        : undefined;

    return { environment: config.environment, accounts: outputs, scpIds, organizationTrailArn: organizationTrail?.trailArn };
}
