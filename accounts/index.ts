/**
 * The organization as the program sees it: the stack config (validated), the ML accounts (explicit
 * and discovered, merged), and one provider per account and region.
 *
 *     const config = readGovernanceConfig();                       // throws ConfigError
 *     const discovery = config.discovery
 *         ? await discoverAccounts(discoveryClient(config), config.discovery.organizationalUnits)
 *         : undefined;                                             // throws DiscoveryError
 *     const accounts = resolveAccounts(config, discovery);         // throws ConfigError
 *     const providers = governanceProviders(config, accounts);
 *
 * `loadGovernedAccounts` does the middle two steps.
 */
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { discoverAccounts, DiscoveryResult, managementRoleCredentials, organizationsClient } from "./discovery";
import { resolveAccounts } from "./resolve";
import { GovernanceConfig, GovernedAccount } from "./types";

export { configFromPulumi, parseGovernanceConfig, readGovernanceConfig, settingsOf } from "./config";
export type { ReadOptions } from "./config";
export {
    discoverAccounts, DISCOVERY_RETRY_MODE, DISCOVERY_SESSION_NAME, managementRoleCredentials, ORGANIZATIONS_REGION, organizationsClient,
} from "./discovery";
export type { DiscoveredAccount, DiscoveryOptions, DiscoveryResult, SkippedAccount } from "./discovery";
export { ConfigError, DiscoveryError } from "./errors";
export type { ConfigProblem } from "./errors";
export { accountLabel, resolveAccounts, tagSettings } from "./resolve";
export { accountProviders, assumeRolesFor, governanceProviders, organizationProviders, roleArn } from "./providers";
export type { AccountProvider, GovernanceProviders, OrganizationProviders, ProviderSettings } from "./providers";
export {
    ACCOUNT_FIELDS, ACCOUNT_TAG_PREFIX, ACCOUNT_TAGS, CONFIG_NAMESPACE, CONFIG_SCHEMA, DEFAULT_DISCOVERY_MAX_ATTEMPTS, DEFAULT_MEMBER_ROLE, DEFAULT_VPC_CIDR,
    MANAGED_BY, RESERVED_TAG_KEYS, SESSION_NAME,
} from "./schema";
export { COMMERCIAL_REGIONS, isCommercialRegion, PARTITION } from "./regions";
export { SAGEMAKER_INSTANCE_FAMILIES } from "./instance-families";
export { cidrsOverlap, parseCidr } from "./cidr";
export { defaultTagsOf } from "./tags";
export type * from "./types";

/**
 * The Organizations client discovery uses by default: `discovery.maxAttempts`, and the credentials of
 * `organization.managementRoleArn` when the stack sets it (else the default credential chain).
 * `stsConfig` adds to the configuration of the STS client that assumes the role (tests).
 */
export function discoveryClient(config: GovernanceConfig, stsConfig?: Parameters<typeof managementRoleCredentials>[1]): OrganizationsClient {
    const role = config.organization.managementRoleArn;
    const maxAttempts = config.discovery?.maxAttempts;
    return organizationsClient({
        ...(maxAttempts !== undefined ? { maxAttempts } : {}),
        ...(role ? { credentials: managementRoleCredentials(role, stsConfig) } : {}),
    });
}

/**
 * The ML accounts of the stack: discovered under `config.discovery` when it is set (with `client`,
 * default discoveryClient(config)), merged with the explicit ones and checked. Throws DiscoveryError
 * or ConfigError; never returns a partial list.
 */
export async function loadGovernedAccounts(config: GovernanceConfig, client?: OrganizationsClient): Promise<{
    accounts: GovernedAccount[];
    discovery?: DiscoveryResult;
}> {
    if (!config.discovery) {
        return { accounts: resolveAccounts(config) };
    }
    const discovery = await discoverAccounts(client ?? discoveryClient(config), config.discovery.organizationalUnits);
    return { accounts: resolveAccounts(config, discovery), discovery };
}
