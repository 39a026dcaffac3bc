/**
 * One `aws.Provider` per account and region: the ML accounts, and the management, security and
 * log-archive accounts for the organization-level work. Every provider is pinned to its account
 * (`allowedAccountIds`), assumes the configured role (chained behind `managementRoleArn` when set) and
 * tags every resource (`defaultTags`). Names are deterministic: `<kind>-<account id>-<region>`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PARTITION } from "./regions";
import { SESSION_NAME } from "./schema";
import { GovernanceConfig, GovernedAccount, OrganizationSettings, TagMap } from "./types";

/** What the providers of one organization share (a GovernanceConfig is one). */
export interface ProviderSettings {
    readonly organization: OrganizationSettings;
    readonly defaultRegion: string;
    /** Default tags of the organization-level providers (the ML accounts carry their own). */
    readonly defaultTags: TagMap;
}

/** The provider of one account in one region. */
export interface AccountProvider {
    readonly accountId: string;
    readonly region: string;
    readonly provider: aws.Provider;
}

/** The providers of the organization-level work. */
export interface OrganizationProviders {
    /** Management account, by region (every region an ML account uses, and the default region). */
    readonly management: ReadonlyMap<string, aws.Provider>;
    /** Security account (delegated administrator), by region: GuardDuty, Security Hub, Macie and Config are regional. */
    readonly security: ReadonlyMap<string, aws.Provider>;
    /** Log-archive account, in the default region (the organization trail's bucket). */
    readonly logArchive?: aws.Provider;
}

/** Every provider of a stack. */
export interface GovernanceProviders extends OrganizationProviders {
    /** One per ML account and region, sorted by account id, then region. */
    readonly accounts: readonly AccountProvider[];
    /** The provider of an ML account in a region; throws for an account or region that has none. */
    readonly forAccount: (accountId: string, region: string) => aws.Provider;
}

/** `arn:aws:iam::<account>:role/<name>`. */
export const roleArn = (accountId: string, roleName: string) => `arn:${PARTITION}:iam::${accountId}:role/${roleName}`;

/** The roles a provider of `accountId` assumes, in order: the management role if set, then the member role (not for the management account itself). */
export function assumeRolesFor(organization: OrganizationSettings, accountId: string): aws.types.input.ProviderAssumeRole[] {
    const chain: string[] = organization.managementRoleArn ? [organization.managementRoleArn] : [];
    if (accountId !== organization.managementAccountId) {
        chain.push(roleArn(accountId, organization.memberRoleName));
    }
    return chain.map(arn => ({ roleArn: arn, sessionName: SESSION_NAME }));
}

function provider(name: string, organization: OrganizationSettings, accountId: string, region: string, tags: TagMap,
    opts: pulumi.CustomResourceOptions): aws.Provider {
    const assumeRoles = assumeRolesFor(organization, accountId);
    return new aws.Provider(name, {
        region: region as aws.Region,
        allowedAccountIds: [accountId],
        ...(assumeRoles.length > 0 ? { assumeRoles } : {}),
        defaultTags: { tags: { ...tags } },
    }, opts);
}

/** One provider per ML account and region (`account-<id>-<region>`), sorted by account id, then region. */
export function accountProviders(accounts: readonly GovernedAccount[], settings: ProviderSettings,
    opts: pulumi.CustomResourceOptions = {}): AccountProvider[] {
    return [...accounts].sort((a, b) => a.id.localeCompare(b.id)).flatMap(account => [...account.regions].sort().map(region => ({
        accountId: account.id,
        region,
        provider: provider(`account-${account.id}-${region}`, settings.organization, account.id, region, account.defaultTags, opts),
    })));
}

/**
 * The organization-level providers: the management and security accounts in `regions` plus the
 * default region (`management-<id>-<region>`, `security-<id>-<region>`), the log-archive account in the
 * default region (`log-archive-<id>-<region>`) when there is one.
 */
export function organizationProviders(settings: ProviderSettings, regions: readonly string[],
    opts: pulumi.CustomResourceOptions = {}): OrganizationProviders {
    const org = settings.organization;
    const all = [...new Set([settings.defaultRegion, ...regions])].sort();
    const byRegion = (kind: string, accountId: string) => new Map(all.map(region =>
        [region, provider(`${kind}-${accountId}-${region}`, org, accountId, region, settings.defaultTags, opts)]));
    return {
        management: byRegion("management", org.managementAccountId),
        security: byRegion("security", org.securityAccountId),
        ...(org.logArchiveAccountId
            ? { logArchive: provider(`log-archive-${org.logArchiveAccountId}-${settings.defaultRegion}`, org, org.logArchiveAccountId, settings.defaultRegion, settings.defaultTags, opts) }
            : {}),
    };
}

/** Every provider of the stack: the ML accounts' and the organization-level ones, in every region an ML account uses. */
export function governanceProviders(config: GovernanceConfig, accounts: readonly GovernedAccount[],
    opts: pulumi.CustomResourceOptions = {}): GovernanceProviders {
    const members = accountProviders(accounts, config, opts);
    const index = new Map(members.map(m => [`${m.accountId}/${m.region}`, m.provider]));
    return {
        ...organizationProviders(config, accounts.flatMap(a => a.regions), opts),
        accounts: members,
        forAccount: (accountId, region) => {
            const found = index.get(`${accountId}/${region}`);
            if (!found) {
                throw new Error(`no provider for account ${accountId} in ${region}: it is not an ML account of this stack in that region`);
            }
            return found;
        },
    };
}
