/**
 * Reading the live SageMaker resources of every target account and region (inventory.ts says what
 * is read). Nothing is skipped silently: an account whose role cannot be assumed, and a kind or a
 * resource that cannot be read, are reported with the AWS error, and everything else is still read.
 *
 * Each SageMaker client retries throttling and transient errors with the SDK's own strategy
 * (adaptive mode: exponential backoff with jitter, and client-side rate limiting once throttled),
 * `maxAttempts` attempts per call.
 */
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { isGone, Kind, listTags, PAGE_SIZE } from "./inventory";
import { Shape } from "./shapes/common";
import { Credentials, ScanTarget, targetCredentials } from "./targets";

export const SCAN_RETRY_MODE = "adaptive";
export const DEFAULT_SCAN_MAX_ATTEMPTS = 10;

export interface LiveResource {
    readonly accountId: string;
    readonly region: string;
    /** The inventory kind (`notebook-instances`). */
    readonly kind: string;
    readonly arn: string;
    readonly name: string;
    readonly shape: Shape;
}

export interface ReadFailure {
    /** The kind being read; absent when the account itself could not be reached. */
    readonly kind?: string;
    /** The API operation that failed (`sts:AssumeRole`, `ListNotebookInstances`, `DescribeModel`, `ListTags`). */
    readonly operation: string;
    /** The resource being described, when the failure concerns one. */
    readonly resource?: string;
    readonly message: string;
}

export interface RegionRead {
    readonly accountId: string;
    readonly accountName: string;
    readonly region: string;
    /** False when the account's role could not be assumed: nothing was read. */
    readonly reachable: boolean;
    /** Resources read, per kind. */
    readonly counts: Readonly<Record<string, number>>;
    readonly failures: readonly ReadFailure[];
}

export interface ScanRead {
    readonly resources: readonly LiveResource[];
    /** One per target account and region, in target order. */
    readonly regions: readonly RegionRead[];
}

export interface ReadOptions {
    readonly kinds: readonly Kind[];
    /** Jobs created before this are not read. */
    readonly since: Date;
    readonly maxAttempts?: number;
    /** Results per List call (default PAGE_SIZE; tests make it small to see every page read). */
    readonly pageSize?: number;
    /** Regions read at once (default 4) and resources described at once in each (default 4). */
    readonly concurrency?: { readonly regions?: number; readonly describe?: number };
    /** The SageMaker client of a region (tests point it elsewhere); default: the SDK's, with the retry settings. */
    readonly client?: (region: string, credentials: Credentials | undefined, maxAttempts: number) => SageMakerClient;
    /** The credentials of a target (tests); default: its role chain (targets.ts). */
    readonly credentials?: (target: ScanTarget, region: string) => Credentials | undefined;
}

/** `AccessDeniedException: User ... is not authorized ... (after 3 attempts)`. */
export function describeError(e: unknown): string {
    const name = (e as { name?: string })?.name ?? "Error";
    const message = e instanceof Error ? e.message : String(e);
    const attempts = (e as { $metadata?: { attempts?: number } })?.$metadata?.attempts;
    return `${name}: ${message.split("\n")[0]}${attempts && attempts > 1 ? ` (after ${attempts} attempts)` : ""}`;
}

/** Runs `f` on every item, `limit` at a time, in order of the items. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await f(items[i]);
        }
    }));
    return out;
}

function defaultClient(region: string, credentials: Credentials | undefined, maxAttempts: number): SageMakerClient {
    return new SageMakerClient({ region, retryMode: SCAN_RETRY_MODE, maxAttempts, ...(credentials ? { credentials } : {}) });
}

async function readRegion(target: ScanTarget, region: string, credentials: Credentials | undefined, options: ReadOptions,
    resources: LiveResource[]): Promise<RegionRead> {
    const base = { accountId: target.accountId, accountName: target.accountName, region };
    const client = (options.client ?? defaultClient)(region, credentials, options.maxAttempts ?? DEFAULT_SCAN_MAX_ATTEMPTS);
    const counts: Record<string, number> = {};
    const failures: ReadFailure[] = [];
    const width = options.concurrency?.describe ?? 4;
    try {
        for (const kind of options.kinds) {
            counts[kind.name] = 0;
            const [listOperation, describeOperation] = kind.operations;
            try {
                for await (const items of kind.list(client, options.since, options.pageSize ?? PAGE_SIZE)) {
                    await mapLimit(items, width, async item => {
                        let tagsFailed: unknown;
                        try {
                            const described = await kind.describe(client, item, arn => listTags(client, arn).catch(e => {
                                tagsFailed = e;
                                throw e;
                            }));
                            if (described) {
                                resources.push({ ...base, kind: kind.name, ...described });
                                counts[kind.name]++;
                            }
                        } catch (e) {
                            if (!isGone(e)) {
                                const resource = Object.values(item).filter(Boolean).join("/");
                                failures.push({ kind: kind.name, operation: tagsFailed === e ? "ListTags" : describeOperation, resource, message: describeError(e) });
                            }
                        }
                    });
                }
            } catch (e) {
                failures.push({ kind: kind.name, operation: listOperation, message: describeError(e) });
            }
        }
    } finally {
        client.destroy();
    }
    return { ...base, reachable: true, counts, failures };
}

/**
 * Reads every target in each of its regions. The role chain of an account is tried once (in its
 * first region); an account it cannot reach is reported in each of its regions, and not read.
 */
export async function readTargets(targets: readonly ScanTarget[], options: ReadOptions): Promise<ScanRead> {
    const resources: LiveResource[] = [];
    const jobs = targets.flatMap(target => target.regions.map(region => ({ target, region })));
    const reach = new Map<string, Promise<{ credentials?: Credentials; failure?: ReadFailure }>>();
    const reachAccount = (target: ScanTarget) => {
        let found = reach.get(target.accountId);
        if (!found) {
            const credentials = (options.credentials ?? ((t, r) => targetCredentials(t.roleArns, r)))(target, target.regions[0]);
            found = (credentials ? credentials() : Promise.resolve()).then(
                () => ({ credentials }),
                e => ({ failure: { operation: "sts:AssumeRole", message: `cannot assume ${target.roleArns.join(" then ")}: ${describeError(e)}` } }),
            );
            reach.set(target.accountId, found);
        }
        return found;
    };
    const regions = await mapLimit(jobs, options.concurrency?.regions ?? 4, async ({ target, region }): Promise<RegionRead> => {
        const { credentials, failure } = await reachAccount(target);
        if (failure) {
            return { accountId: target.accountId, accountName: target.accountName, region, reachable: false, counts: {}, failures: [failure] };
        }
        return readRegion(target, region, credentials, options, resources);
    });
    const order = new Map(jobs.map(({ target, region }, i) => [`${target.accountId}/${region}`, i]));
    resources.sort((a, b) => (order.get(`${a.accountId}/${a.region}`) ?? 0) - (order.get(`${b.accountId}/${b.region}`) ?? 0)
        || options.kinds.findIndex(k => k.name === a.kind) - options.kinds.findIndex(k => k.name === b.kind)
        || a.arn.localeCompare(b.arn));
    return { resources, regions };
}
