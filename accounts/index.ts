/**
 * The organization as the program sees it: the stack config (validated), the ML accounts (explicit
 * and discovered, merged), and one provider per account and region.
 *
 *     const config = readGovernanceConfig();                       // throws ConfigError
 *     const discovery = config.discovery
 *         ? await discoverAccounts(organizationsClient({ maxAttempts: config.discovery.maxAttempts }), config.discovery.organizationalUnits)
 *         : undefined;                                             // throws DiscoveryError
 *     const accounts = resolveAccounts(config, discovery);         // throws ConfigError
 *     const providers = governanceProviders(config, accounts);
 *
 * `loadGovernedAccounts` does the middle two steps.
 */
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { discoverAccounts, DiscoveryResult, organizationsClient } from "./discovery";
import { resolveAccounts } from "./resolve";
import { GovernanceConfig, GovernedAccount } from "./types";

export { configFromPulumi, parseGovernanceConfig, readGovernanceConfig } from "./config";
export type { ReadOptions } from "./config";
export { discoverAccounts, DISCOVERY_RETRY_MODE, ORGANIZATIONS_REGION, organizationsClient } from "./discovery";
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
 * The ML accounts of the stack: discovered under `config.discovery` when it is set (with `client`,
 * default organizationsClient with `discovery.maxAttempts`), merged with the explicit ones and
 * checked. Throws DiscoveryError or ConfigError; never returns a partial list.
 */
export async function loadGovernedAccounts(config: GovernanceConfig, client?: OrganizationsClient): Promise<{
    accounts: GovernedAccount[];
    discovery?: DiscoveryResult;
}> {
    if (!config.discovery) {
        return { accounts: resolveAccounts(config) };
    }
    const discovery = await discoverAccounts(client ?? organizationsClient({ maxAttempts: config.discovery.maxAttempts }),
        config.discovery.organizationalUnits);
    return { accounts: resolveAccounts(config, discovery), discovery };
}
