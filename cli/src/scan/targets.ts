/**
 * Where `mlgov scan` reads: every governed account of the stack (explicit and discovered, through the
 * program's `accounts/` module) in each of its regions, reached as the providers reach it: the
 * management role when the stack sets `organization.managementRoleArn`, then the member role
 * (`organization.memberRoleName`; none for the management account itself). Sessions are named
 * `ml-governance-scan`, so CloudTrail tells a scan from a deployment.
 */
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { assumeRolesFor, GovernanceConfig, GovernedAccount } from "../../../accounts";

export const SCAN_SESSION_NAME = "ml-governance-scan";

export type Credentials = ReturnType<typeof fromTemporaryCredentials>;

export interface ScanTarget {
    readonly accountId: string;
    readonly accountName: string;
    /** The account's regions (the stack's `regions`, or its own). */
    readonly regions: readonly string[];
    /** The roles assumed in turn to reach the account (empty: the credentials scan runs with). */
    readonly roleArns: readonly string[];
}

/** One target per governed account, sorted by account id, regions sorted. */
export function scanTargets(config: GovernanceConfig, accounts: readonly GovernedAccount[]): ScanTarget[] {
    return [...accounts].sort((a, b) => a.id.localeCompare(b.id)).map(account => ({
        accountId: account.id,
        accountName: account.name,
        regions: [...account.regions].sort(),
        roleArns: assumeRolesFor(config.organization, account.id).map(r => r.roleArn as string),
    }));
}

/**
 * Credentials that act in the target's account: each role of the chain assumed with the previous
 * one's credentials (the first with the default chain), through STS in `region`, refreshed before
 * they expire. Undefined when there is no role to assume.
 */
export function targetCredentials(roleArns: readonly string[], region: string): Credentials | undefined {
    let credentials: Credentials | undefined;
    for (const roleArn of roleArns) {
        credentials = fromTemporaryCredentials({
            ...(credentials ? { masterCredentials: credentials } : {}),
            params: { RoleArn: roleArn, RoleSessionName: SCAN_SESSION_NAME },
            clientConfig: { region },
        });
    }
    return credentials;
}
