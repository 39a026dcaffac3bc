/**
 * Account discovery with the AWS Organizations API: the ACTIVE accounts under the configured
 * organizational units (child OUs followed), each with its tags. It FAILS CLOSED: any API error
 * (after the SDK's own retries), an OU that does not exist, or an answer it cannot trust stops it with
 * a DiscoveryError naming the OU or account. It never returns a partial list, because Pulumi would plan
 * to delete everything deployed in an account missing from it.
 */
import {
    Account, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, ListTagsForResourceCommand, OrganizationalUnit,
    OrganizationsClient, OrganizationsClientConfig, Tag,
} from "@aws-sdk/client-organizations";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { DiscoveryError } from "./errors";
import { FORMATS } from "./formats";
import { DEFAULT_DISCOVERY_MAX_ATTEMPTS } from "./schema";
import { TagMap } from "./types";

/** The Organizations endpoint of the commercial partition is in us-east-1. */
export const ORGANIZATIONS_REGION = "us-east-1";
/**
 * The SDK's adaptive retry mode: exponential backoff with jitter, plus client-side rate limiting once
 * throttled (Organizations' API has low per-account rate limits).
 */
export const DISCOVERY_RETRY_MODE = "adaptive";

/**
 * An Organizations client configured for discovery: us-east-1, adaptive retry mode and `maxAttempts`
 * attempts per call (`discovery.maxAttempts`, default 10), with the default credential chain (the
 * management account, or a delegated administrator for Organizations) unless `overrides` give
 * credentials (managementRoleCredentials). `overrides` replace any of it.
 */
export function organizationsClient(overrides: OrganizationsClientConfig = {}): OrganizationsClient {
    return new OrganizationsClient({
        region: ORGANIZATIONS_REGION, retryMode: DISCOVERY_RETRY_MODE, maxAttempts: DEFAULT_DISCOVERY_MAX_ATTEMPTS, ...overrides,
    });
}

/** The session name of the role discovery assumes (CloudTrail shows it on every Organizations call). */
export const DISCOVERY_SESSION_NAME = "ml-governance-discovery";

/**
 * Credentials of `roleArn` (the stack's `organization.managementRoleArn`), assumed with the default
 * credential chain through STS in the Organizations region, refreshed before they expire: discovery
 * then runs as the management account's role, like the providers do, when Pulumi runs with
 * another account's credentials. `stsConfig` adds to the STS client's configuration (tests give it a
 * request handler).
 */
export function managementRoleCredentials(roleArn: string, stsConfig: Parameters<typeof fromTemporaryCredentials>[0]["clientConfig"] = {}) {
    return fromTemporaryCredentials({
        params: { RoleArn: roleArn, RoleSessionName: DISCOVERY_SESSION_NAME },
        clientConfig: { region: ORGANIZATIONS_REGION, ...stsConfig },
    });
}

/** An ACTIVE account found under the organizational units. */
export interface DiscoveredAccount {
    readonly id: string;
    /** Its name in Organizations. */
    readonly name: string;
    readonly email?: string;
    readonly arn?: string;
    /** The OU it is directly in. */
    readonly organizationalUnitId: string;
    /** The OUs from the configured one down to `organizationalUnitId`. */
    readonly organizationalUnitPath: readonly string[];
    /** All its tags (resolve.ts reads the `mlgov:` ones). */
    readonly tags: TagMap;
}

/** An account under the OUs that is not ACTIVE (suspended, closed, pending): not governed. */
export interface SkippedAccount {
    readonly id: string;
    readonly name?: string;
    readonly organizationalUnitId: string;
    /** Its `State` (or, from older APIs, `Status`). */
    readonly state: string;
}

/** What discovery found, in a deterministic order (by id). */
export interface DiscoveryResult {
    /** The organizational units it was asked for. */
    readonly organizationalUnits: readonly string[];
    /** Every OU it read (the configured ones and their descendants). */
    readonly visitedOrganizationalUnits: readonly string[];
    readonly accounts: readonly DiscoveredAccount[];
    readonly skipped: readonly SkippedAccount[];
}

export interface DiscoveryOptions {
    /** `MaxResults` of each list call (1 to 20; default: the service's). */
    readonly pageSize?: number;
}

interface Context {
    readonly organizationalUnitId?: string;
    readonly accountId?: string;
}

const errorName = (e: unknown) => (e as { name?: string })?.name ?? "Error";
const THROTTLING = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling", "ThrottledException", "RequestLimitExceeded"]);

/** What went wrong in words a person can act on. */
function explain(operation: string, target: string, e: unknown): string {
    const name = errorName(e);
    const message = e instanceof Error ? e.message : String(e);
    const attempts = (e as { $metadata?: { attempts?: number } })?.$metadata?.attempts;
    const after = attempts ? ` after ${attempts} attempt${attempts === 1 ? "" : "s"}` : "";
    const base = `${operation} for ${target} failed${after}: ${name}: ${message}`;
    if (THROTTLING.has(name)) {
        return `${base}. Organizations throttled the calls and the SDK's retries (adaptive mode, discovery.maxAttempts) ` +
            "did not get through; run again later, or raise ml-governance:discovery.maxAttempts";
    }
    if (/AccessDenied/.test(name)) {
        return `${base}. Run with credentials of the management account (or of a delegated administrator for Organizations) ` +
            "allowed organizations:ListAccountsForParent, organizations:ListOrganizationalUnitsForParent and organizations:ListTagsForResource";
    }
    if (name === "ParentNotFoundException" || name === "OrganizationalUnitNotFoundException") {
        return `${base}. The OU does not exist in this organization: check ml-governance:discovery.organizationalUnits ` +
            "and that the credentials belong to the right organization";
    }
    if (name === "TargetNotFoundException" || name === "AccountNotFoundException") {
        return `${base}. The account left the organization while it was being read; run again`;
    }
    if (name === "AWSOrganizationsNotInUseException") {
        return `${base}. The credentials' account is not in an organization: use the management account's`;
    }
    return base;
}

/** Every page of a paginated call (NextToken), or a DiscoveryError. */
async function allPages<T>(
    operation: string, target: string, context: Context, fetch: (token: string | undefined) => Promise<{ items?: T[]; next?: string }>,
): Promise<T[]> {
    const items: T[] = [];
    const tokens = new Set<string>();
    let token: string | undefined;
    do {
        let page: { items?: T[]; next?: string };
        try {
            page = await fetch(token);
        } catch (e) {
            throw new DiscoveryError(explain(operation, target, e), { ...context, cause: e });
        }
        items.push(...(page.items ?? []));
        token = page.next || undefined;
        if (token !== undefined && tokens.has(token)) {
            throw new DiscoveryError(`${operation} for ${target} returned the NextToken ${JSON.stringify(token)} twice`, context);
        }
        if (token !== undefined) {
            tokens.add(token);
        }
    } while (token !== undefined);
    return items;
}

/** `State` (current API) or `Status` (the older field, retired in September 2026). */
function stateOf(account: Account): string | undefined {
    return account.State ?? account.Status;
}

/**
 * The ACTIVE accounts under `organizationalUnits` and their child OUs, with their tags; accounts in
 * another state are reported in `skipped`. Calls are made one at a time (Organizations' rate limits
 * are low); each is retried by the client (see organizationsClient), and any failure throws a
 * DiscoveryError: discovery never returns a partial list.
 */
export async function discoverAccounts(
    client: OrganizationsClient, organizationalUnits: readonly string[], options: DiscoveryOptions = {},
): Promise<DiscoveryResult> {
    if (organizationalUnits.length === 0) {
        throw new DiscoveryError("no organizational units to discover (ml-governance:discovery.organizationalUnits is empty)");
    }
    for (const [i, ou] of organizationalUnits.entries()) {
        if (organizationalUnits.indexOf(ou) < i) {
            throw new DiscoveryError(`${ou} is listed twice in ml-governance:discovery.organizationalUnits`, { organizationalUnitId: ou });
        }
        const problem = FORMATS.organizationalUnitId.check(ou);
        if (problem) {
            throw new DiscoveryError(`ml-governance:discovery.organizationalUnits: ${problem}`, { organizationalUnitId: ou });
        }
    }
    const MaxResults = options.pageSize;
    /** OU -> the configured OU it was reached from, to explain an OU listed twice. */
    const reachedFrom = new Map<string, string>();
    const found = new Map<string, DiscoveredAccount & { tags: Record<string, string> }>();
    const skipped: SkippedAccount[] = [];

    const visit = async (ou: string, path: string[], root: string): Promise<void> => {
        const earlier = reachedFrom.get(ou);
        if (earlier !== undefined) {
            throw new DiscoveryError(earlier === ou || root === ou
                ? `${ou} is listed in ml-governance:discovery.organizationalUnits and is also inside ${earlier === ou ? root : earlier}, ` +
                  "which is listed too; list only the outer OU"
                : `${ou} was reached twice (from ${earlier} and ${root}); the organization changed during discovery, run again`,
            { organizationalUnitId: ou });
        }
        reachedFrom.set(ou, root);
        const context = { organizationalUnitId: ou };
        const where = path.length > 1 ? `${ou} (under ${path.slice(0, -1).join(" > ")})` : ou;
        const accounts = await allPages<Account>("ListAccountsForParent", where, context, async NextToken => {
            const r = await client.send(new ListAccountsForParentCommand({ ParentId: ou, NextToken, MaxResults }));
            return { items: r.Accounts, next: r.NextToken };
        });
        for (const account of accounts) {
            const id = account.Id ?? "";
            if (!/^\d{12}$/.test(id)) {
                throw new DiscoveryError(`ListAccountsForParent for ${where} returned an account without a valid id (${JSON.stringify(account.Id)})`, context);
            }
            const state = stateOf(account);
            if (state === undefined) {
                throw new DiscoveryError(`account ${id} in ${where} has neither State nor Status; cannot tell whether it is active`,
                    { ...context, accountId: id });
            }
            const previous = found.get(id) ?? skipped.find(s => s.id === id);
            if (previous) {
                throw new DiscoveryError(`account ${id} was listed twice (in ${previous.organizationalUnitId} and ${ou})`, { ...context, accountId: id });
            }
            if (state !== "ACTIVE") {
                skipped.push({ id, name: account.Name, organizationalUnitId: ou, state });
                continue;
            }
            found.set(id, {
                id, name: account.Name ?? id, email: account.Email, arn: account.Arn,
                organizationalUnitId: ou, organizationalUnitPath: path, tags: {},
            });
        }
        const children = await allPages<OrganizationalUnit>("ListOrganizationalUnitsForParent", where, context, async NextToken => {
            const r = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: ou, NextToken, MaxResults }));
            return { items: r.OrganizationalUnits, next: r.NextToken };
        });
        const childIds = children.map(c => c.Id ?? "");
        const bad = childIds.find(c => FORMATS.organizationalUnitId.check(c) !== undefined);
        if (bad !== undefined) {
            throw new DiscoveryError(`ListOrganizationalUnitsForParent for ${where} returned an OU without a valid id (${JSON.stringify(bad)})`, context);
        }
        for (const child of [...childIds].sort()) {
            await visit(child, [...path, child], root);
        }
    };

    for (const ou of organizationalUnits) {
        await visit(ou, [ou], ou);
    }

    const accounts = [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
    for (const account of accounts) {
        const context = { organizationalUnitId: account.organizationalUnitId, accountId: account.id };
        const tags = await allPages<Tag>("ListTagsForResource", `account ${account.id} (${account.name})`, context, async NextToken => {
            const r = await client.send(new ListTagsForResourceCommand({ ResourceId: account.id, NextToken }));
            return { items: r.Tags, next: r.NextToken };
        });
        for (const tag of tags) {
            if (tag.Key !== undefined) {
                account.tags[tag.Key] = tag.Value ?? "";
            }
        }
    }
    return {
        organizationalUnits: [...organizationalUnits],
        visitedOrganizationalUnits: [...reachedFrom.keys()].sort(),
        accounts,
        skipped: skipped.sort((a, b) => a.id.localeCompare(b.id)),
    };
}
