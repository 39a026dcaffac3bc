/**
 * The typed stack config (what config.ts returns) and the accounts it resolves to (resolve.ts). The
 * settings are described once, in schema.ts; the names here are the same.
 */

/** Tags as the providers' `defaultTags` take them. */
export type TagMap = Readonly<Record<string, string>>;

/** The accounts and roles of the organization-level work (`ml-governance:organization`). */
export interface OrganizationSettings {
    readonly managementAccountId: string;
    readonly securityAccountId: string;
    /** Set when there is a log-archive account (required with `audit.organizationTrail`). */
    readonly logArchiveAccountId?: string;
    /** Assumed first by every provider when set (role chaining into the member role). */
    readonly managementRoleArn?: string;
    readonly memberRoleName: string;
}

/** An entry of `ml-governance:accounts` as written: unset settings stay unset (they come from tags or defaults). */
export interface AccountSettings {
    readonly id: string;
    readonly name: string;
    readonly regions?: readonly string[];
    readonly vpcCidr?: string;
    readonly userProfiles?: readonly string[];
    readonly approvedInstanceTypes?: readonly string[];
    readonly expectedInOu?: boolean;
    readonly tags?: TagMap;
}

/** `ml-governance:discovery`. */
export interface DiscoverySettings {
    readonly organizationalUnits: readonly string[];
    readonly maxAttempts: number;
}

/** `ml-governance:audit`: AuditTrail's argument names. */
export interface AuditSettings {
    readonly logRetentionDays: number;
    readonly archiveAfterDays: number;
    readonly expireAfterDays?: number;
    readonly protectAuditData: boolean;
    readonly protectionDays: number;
    readonly organizationTrail: boolean;
}

/** `ml-governance:guardrails`: the options of `guardrailScps` (and, without `adminRoleName`, `guardrailIamPolicies`). */
export interface GuardrailSettings {
    readonly approvedInstanceTypes: readonly string[];
    readonly requireNetworkIsolation: boolean;
    readonly requireInterContainerEncryption: boolean;
    readonly adminRoleName: string;
}

/** The validated stack config, defaults applied. */
export interface GovernanceConfig {
    readonly environment: string;
    readonly owner: string;
    readonly production: boolean;
    readonly defaultRegion: string;
    readonly regions: readonly string[];
    readonly organization: OrganizationSettings;
    /** The explicit ML accounts; resolveAccounts merges them with the discovered ones. */
    readonly accounts: readonly AccountSettings[];
    readonly discovery?: DiscoverySettings;
    /** The extra tags of `ml-governance:tags` (without environment, owner, managed-by). */
    readonly tags: TagMap;
    /** Every resource's default tags: environment, owner, managed-by and `tags`. */
    readonly defaultTags: TagMap;
    readonly audit: AuditSettings;
    readonly guardrails: GuardrailSettings;
    /** Project-relative path of the stack's ml-guardrails policy config. */
    readonly policyPackConfig?: string;
}

/** Where an ML account's settings came from. */
export type AccountSource = "config" | "discovery" | "config+discovery";

/** An ML account to govern, every setting resolved: the explicit entry over its tags over the stack defaults. */
export interface GovernedAccount {
    readonly id: string;
    readonly name: string;
    /** Sorted. */
    readonly regions: readonly string[];
    readonly vpcCidr: string;
    readonly userProfiles: readonly string[];
    readonly approvedInstanceTypes: readonly string[];
    /** The default tags of this account's providers: the stack's, then the account's `tags`. */
    readonly defaultTags: TagMap;
    readonly source: AccountSource;
    /** The OU the account was found in (discovered accounts). */
    readonly organizationalUnitId?: string;
}
