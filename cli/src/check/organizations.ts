/**
 * AWS Organizations without AWS: `mlgov check` answers a program's account discovery from a snapshot
 * of the organization committed next to the stack, `Pulumi.<stack>.accounts.json`, or refuses it.
 *
 * Nothing is asked of the program: it calls the AWS SDK for JavaScript v3 (`@aws-sdk/client-organizations`,
 * `client.send(new ListAccountsForParentCommand(…))`, paginators included) or the Pulumi invokes
 * (`aws.organizations.getOrganizationalUnitChildAccounts` …) as it does under `pulumi up`, and gets
 * what the real API would answer for that organization: every page, `NextToken`s, the errors of an
 * unknown parent or account. `installOrganizations` patches `send` of the SDK's client base class as
 * the program resolves it, so every other AWS SDK call fails at once with a clear error instead of
 * looking for credentials.
 *
 * Without a snapshot every Organizations call fails with an error that says so, and `refusals`
 * records it: the check then exits 2 with "stack <s> discovers accounts; commit a snapshot".
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { mockInvoke, world } from "./mocks";
import { StackError } from "./project";

export { snapshotFileOf } from "./project";

/** The committed snapshot of the organization (see cli/README.md). */
export interface OrganizationSnapshot {
    organization: { id: string; managementAccountId: string; rootId: string; managementAccountEmail?: string };
    organizationalUnits: Array<{ id: string; name: string; parentId: string; tags?: Record<string, string> }>;
    accounts: Array<{
        id: string; name: string; email?: string; parentId: string;
        state?: "ACTIVE" | "SUSPENDED" | "PENDING_ACTIVATION" | "PENDING_CLOSURE" | "CLOSED";
        tags?: Record<string, string>;
    }>;
}

const ACCOUNT = /^\d{12}$/;
const OU = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT = /^r-[0-9a-z]{4,32}$/;
const ORG = /^o-[a-z0-9]{10,32}$/;
const STATES = new Set(["ACTIVE", "SUSPENDED", "PENDING_ACTIVATION", "PENDING_CLOSURE", "CLOSED"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads and checks a snapshot; StackError naming the field when it is not one. */
export function readSnapshot(file: string): OrganizationSnapshot {
    const where = path.relative(process.cwd(), file) || file;
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new StackError(`accounts snapshot ${where} is not valid JSON (${(e as Error).message})`);
    }
    const problems: string[] = [];
    const str = (v: unknown, at: string, re?: RegExp, what?: string): string => {
        if (typeof v !== "string" || v === "" || (re && !re.test(v))) {
            problems.push(`${at} must be ${what ?? "a non-empty string"} (got ${JSON.stringify(v)})`);
            return "";
        }
        return v;
    };
    const tags = (v: unknown, at: string): Record<string, string> | undefined => {
        if (v === undefined) {
            return undefined;
        }
        if (!isObject(v) || Object.values(v).some(t => typeof t !== "string")) {
            problems.push(`${at} must map tag keys to string values`);
            return undefined;
        }
        return v as Record<string, string>;
    };
    if (!isObject(doc)) {
        throw new StackError(`accounts snapshot ${where} is not a JSON object`);
    }
    const org = isObject(doc.organization) ? doc.organization : {};
    if (!isObject(doc.organization)) {
        problems.push(`"organization" must be an object with id, managementAccountId and rootId`);
    }
    const snapshot: OrganizationSnapshot = {
        organization: {
            id: str(org.id, "organization.id", ORG, "an organization id (o-…)"),
            managementAccountId: str(org.managementAccountId, "organization.managementAccountId", ACCOUNT, "a 12-digit account id in quotes"),
            rootId: str(org.rootId, "organization.rootId", ROOT, "a root id (r-…)"),
            managementAccountEmail: typeof org.managementAccountEmail === "string" ? org.managementAccountEmail : undefined,
        },
        organizationalUnits: [],
        accounts: [],
    };
    const ous = doc.organizationalUnits ?? [];
    if (!Array.isArray(ous)) {
        problems.push(`"organizationalUnits" must be a list`);
    } else {
        ous.forEach((o: unknown, i) => {
            const at = `organizationalUnits[${i}]`;
            const u = isObject(o) ? o : {};
            snapshot.organizationalUnits.push({
                id: str(u.id, `${at}.id`, OU, "an OU id (ou-…)"),
                name: str(u.name, `${at}.name`),
                parentId: str(u.parentId, `${at}.parentId`),
                tags: tags(u.tags, `${at}.tags`),
            });
        });
    }
    const accounts = doc.accounts ?? [];
    if (!Array.isArray(accounts)) {
        problems.push(`"accounts" must be a list`);
    } else {
        accounts.forEach((a: unknown, i) => {
            const at = `accounts[${i}]`;
            const u = isObject(a) ? a : {};
            if (u.state !== undefined && !STATES.has(u.state as string)) {
                problems.push(`${at}.state must be one of ${[...STATES].join(", ")} (got ${JSON.stringify(u.state)})`);
            }
            snapshot.accounts.push({
                id: str(u.id, `${at}.id`, ACCOUNT, "a 12-digit account id in quotes"),
                name: str(u.name, `${at}.name`),
                email: typeof u.email === "string" ? u.email : undefined,
                parentId: str(u.parentId, `${at}.parentId`),
                state: (u.state as OrganizationSnapshot["accounts"][number]["state"]) ?? "ACTIVE",
                tags: tags(u.tags, `${at}.tags`),
            });
        });
    }
    const parents = new Set([snapshot.organization.rootId, ...snapshot.organizationalUnits.map(o => o.id)]);
    const seen = new Set<string>();
    for (const [i, o] of snapshot.organizationalUnits.entries()) {
        if (o.parentId && !parents.has(o.parentId)) {
            problems.push(`organizationalUnits[${i}].parentId ${o.parentId} is neither the root nor a listed OU`);
        }
        if (seen.has(o.id)) {
            problems.push(`organizationalUnits[${i}].id ${o.id} is listed twice`);
        }
        seen.add(o.id);
    }
    for (const [i, a] of snapshot.accounts.entries()) {
        if (a.parentId && !parents.has(a.parentId)) {
            problems.push(`accounts[${i}].parentId ${a.parentId} is neither the root nor a listed OU`);
        }
        if (seen.has(a.id)) {
            problems.push(`accounts[${i}].id ${a.id} is listed twice`);
        }
        seen.add(a.id);
    }
    if (problems.length > 0) {
        throw new StackError(`accounts snapshot ${where} is not valid: ${problems.join("; ")}`, `Fix ${where} and run again`);
    }
    return snapshot;
}

/** An error shaped like the SDK's service exceptions (name, $fault, $metadata). */
function awsError(name: string, message: string): Error {
    const e = new Error(message) as Error & { $fault: string; $metadata: Record<string, unknown> };
    e.name = name;
    e.$fault = "client";
    e.$metadata = { httpStatusCode: 400, attempts: 1 };
    return e;
}

/** The name of the error every Organizations call gets when the stack has no snapshot. */
export const NO_SNAPSHOT_ERROR = "MlgovCheckNoAccountsSnapshot";
/** The name of the error every other AWS SDK call gets. */
export const OFFLINE_ERROR = "MlgovCheckOffline";

export interface OrganizationsState {
    /** The snapshot answering, if any. */
    snapshot?: OrganizationSnapshot;
    /** The file it came from, or would have. */
    file: string;
    /** Calls answered: operation → count. */
    answered: Map<string, number>;
    /** Organizations operations refused for want of a snapshot. */
    refusals: string[];
    /** Other AWS SDK calls refused (`Service Operation`). */
    offline: string[];
}

type Input = Record<string, unknown>;

/** Answers Organizations operations from a snapshot, as the API would. */
export class OrganizationAnswers {
    constructor(private readonly s: OrganizationSnapshot) {}

    private get org() {
        return this.s.organization;
    }

    private accountArn(id: string): string {
        return `arn:aws:organizations::${this.org.managementAccountId}:account/${this.org.id}/${id}`;
    }

    private ouArn(id: string): string {
        return `arn:aws:organizations::${this.org.managementAccountId}:ou/${this.org.id}/${id}`;
    }

    private account(a: OrganizationSnapshot["accounts"][number]) {
        const state = a.state ?? "ACTIVE";
        const status = state === "ACTIVE" || state === "SUSPENDED" || state === "PENDING_CLOSURE" ? state : undefined;
        return {
            Id: a.id, Arn: this.accountArn(a.id), Name: a.name, Email: a.email ?? `${a.name}@example.com`,
            State: state, ...(status ? { Status: status } : {}), JoinedMethod: "CREATED", JoinedTimestamp: new Date(0),
        };
    }

    private checkParent(id: unknown): string {
        if (typeof id !== "string" || !(id === this.org.rootId || this.s.organizationalUnits.some(o => o.id === id))) {
            throw awsError("ParentNotFoundException", `We can't find a root or OU with the ParentId that you specified (${String(id)}).`);
        }
        return id;
    }

    private findAccount(id: unknown) {
        const a = this.s.accounts.find(x => x.id === id);
        if (!a) {
            throw awsError("AccountNotFoundException", `We can't find an AWS account with the AccountId that you specified (${String(id)}).`);
        }
        return a;
    }

    private findOu(id: unknown) {
        const o = this.s.organizationalUnits.find(x => x.id === id);
        if (!o) {
            throw awsError("OrganizationalUnitNotFoundException", `We can't find an OU with the OrganizationalUnitId that you specified (${String(id)}).`);
        }
        return o;
    }

    /** One page of `items` as the API pages it (`MaxResults`, `NextToken` = the offset). */
    private page<T>(items: T[], input: Input, key: string): Record<string, unknown> {
        const max = typeof input.MaxResults === "number" && input.MaxResults > 0 ? Math.min(input.MaxResults, 20) : 20;
        const start = typeof input.NextToken === "string" ? Number.parseInt(input.NextToken, 10) : 0;
        if (!Number.isInteger(start) || start < 0 || start > items.length) {
            throw awsError("InvalidInputException", "The provided NextToken is not valid.");
        }
        const end = Math.min(items.length, start + max);
        return { [key]: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
    }

    private tagsOf(id: unknown): Record<string, string> {
        if (id === this.org.rootId) {
            return {};
        }
        const a = this.s.accounts.find(x => x.id === id);
        if (a) {
            return a.tags ?? {};
        }
        const o = this.s.organizationalUnits.find(x => x.id === id);
        if (o) {
            return o.tags ?? {};
        }
        throw awsError("TargetNotFoundException", `We can't find a resource that matches the target id that you specified (${String(id)}).`);
    }

    /** The answer to `operation` (e.g. `ListAccountsForParent`) with `input`, or a thrown AWS error. */
    answer(operation: string, input: Input): Record<string, unknown> {
        const o = this.org;
        switch (operation) {
            case "DescribeOrganization":
                return {
                    Organization: {
                        Id: o.id, Arn: `arn:aws:organizations::${o.managementAccountId}:organization/${o.id}`, FeatureSet: "ALL",
                        MasterAccountArn: this.accountArn(o.managementAccountId), MasterAccountId: o.managementAccountId,
                        MasterAccountEmail: o.managementAccountEmail ?? "management@example.com",
                    },
                };
            case "ListRoots":
                return this.page([{ Id: o.rootId, Arn: `arn:aws:organizations::${o.managementAccountId}:root/${o.id}/${o.rootId}`, Name: "Root", PolicyTypes: [] }], input, "Roots");
            case "ListAccounts":
                return this.page(this.s.accounts.map(a => this.account(a)), input, "Accounts");
            case "ListAccountsForParent": {
                const parent = this.checkParent(input.ParentId);
                return this.page(this.s.accounts.filter(a => a.parentId === parent).map(a => this.account(a)), input, "Accounts");
            }
            case "ListOrganizationalUnitsForParent": {
                const parent = this.checkParent(input.ParentId);
                return this.page(this.s.organizationalUnits.filter(u => u.parentId === parent)
                    .map(u => ({ Id: u.id, Arn: this.ouArn(u.id), Name: u.name })), input, "OrganizationalUnits");
            }
            case "ListChildren": {
                const parent = this.checkParent(input.ParentId);
                const children = input.ChildType === "ACCOUNT"
                    ? this.s.accounts.filter(a => a.parentId === parent).map(a => ({ Id: a.id, Type: "ACCOUNT" }))
                    : input.ChildType === "ORGANIZATIONAL_UNIT"
                        ? this.s.organizationalUnits.filter(u => u.parentId === parent).map(u => ({ Id: u.id, Type: "ORGANIZATIONAL_UNIT" }))
                        : (() => {
                            throw awsError("InvalidInputException", "ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT.");
                        })();
                return this.page(children, input, "Children");
            }
            case "ListParents": {
                const child = this.s.accounts.find(a => a.id === input.ChildId) ?? this.s.organizationalUnits.find(u => u.id === input.ChildId);
                if (!child) {
                    throw awsError("ChildNotFoundException", `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified (${String(input.ChildId)}).`);
                }
                return this.page([{ Id: child.parentId, Type: child.parentId === o.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }], input, "Parents");
            }
            case "DescribeAccount":
                return { Account: this.account(this.findAccount(input.AccountId)) };
            case "DescribeOrganizationalUnit": {
                const u = this.findOu(input.OrganizationalUnitId);
                return { OrganizationalUnit: { Id: u.id, Arn: this.ouArn(u.id), Name: u.name } };
            }
            case "ListTagsForResource":
                return this.page(Object.entries(this.tagsOf(input.ResourceId)).map(([Key, Value]) => ({ Key, Value })), input, "Tags");
            default:
                throw awsError(OFFLINE_ERROR, `mlgov check answers Organizations' read operations from the accounts snapshot; ` +
                    `${operation} is not one of them`);
        }
    }

    /** Accounts directly under an OU (or root), as the Pulumi invokes list them. */
    childAccounts(parentId: unknown) {
        const parent = this.checkParent(parentId);
        return this.s.accounts.filter(a => a.parentId === parent);
    }

    /** Accounts anywhere under an OU (or root). */
    descendantAccounts(parentId: unknown) {
        const parent = this.checkParent(parentId);
        const ous = new Set([parent]);
        for (let grew = true; grew;) {
            grew = false;
            for (const u of this.s.organizationalUnits) {
                if (ous.has(u.parentId) && !ous.has(u.id)) {
                    ous.add(u.id);
                    grew = true;
                }
            }
        }
        return this.s.accounts.filter(a => ous.has(a.parentId));
    }

    childOus(parentId: unknown) {
        const parent = this.checkParent(parentId);
        return this.s.organizationalUnits.filter(u => u.parentId === parent);
    }

    invokeAccount(a: OrganizationSnapshot["accounts"][number]) {
        const state = a.state ?? "ACTIVE";
        return { arn: this.accountArn(a.id), email: a.email ?? `${a.name}@example.com`, id: a.id, name: a.name, state, status: state };
    }

    ouArnOf(id: string): string {
        return this.ouArn(id);
    }
}

interface SdkClient {
    config?: { serviceId?: string };
}
interface SdkCommand {
    input?: Input;
    constructor: { name: string };
}
type Send = (this: SdkClient, command: SdkCommand, optionsOrCb?: unknown, cb?: unknown) => Promise<unknown> | void;

/**
 * Answers the program's AWS SDK calls: Organizations from the snapshot (or refused without one), any
 * other service refused. Patches `send` of the SDK client base class as `projectDir` resolves
 * `@aws-sdk/client-organizations`; does nothing when the program cannot resolve it.
 */
function patchSdk(projectDir: string, state: OrganizationsState, stack: string): void {
    let organizationsClient: { prototype: object } | undefined;
    try {
        const resolved = require.resolve("@aws-sdk/client-organizations", { paths: [projectDir] });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        organizationsClient = (require(resolved) as { OrganizationsClient?: { prototype: object } }).OrganizationsClient;
    } catch {
        return;
    }
    if (!organizationsClient) {
        return;
    }
    const base = Object.getPrototypeOf(organizationsClient.prototype) as { send?: Send };
    if (typeof base.send !== "function") {
        throw new Error("mlgov check: the AWS SDK client no longer has send(); update cli/src/check/organizations.ts");
    }
    const answers = state.snapshot ? new OrganizationAnswers(state.snapshot) : undefined;
    const where = path.relative(process.cwd(), state.file) || state.file;
    base.send = function send(this: SdkClient, command: SdkCommand, optionsOrCb?: unknown, cb?: unknown) {
        const callback = (typeof optionsOrCb === "function" ? optionsOrCb : cb) as ((err: unknown, data?: unknown) => void) | undefined;
        const operation = command.constructor.name.replace(/Command$/, "");
        const service = this.config?.serviceId ?? "AWS";
        const result = new Promise<unknown>((resolve, reject) => {
            // Asynchronous, as a real call is.
            setImmediate(() => {
                try {
                    if (this instanceof (organizationsClient as unknown as new () => object) || service === "Organizations") {
                        if (!answers) {
                            state.refusals.push(operation);
                            throw awsError(NO_SNAPSHOT_ERROR, `mlgov check runs without AWS, and stack ${stack} has no accounts snapshot ` +
                                `(${where}) to answer Organizations ${operation}`);
                        }
                        const out = answers.answer(operation, command.input ?? {});
                        state.answered.set(operation, (state.answered.get(operation) ?? 0) + 1);
                        resolve({ ...out, $metadata: { httpStatusCode: 200, attempts: 1 } });
                        return;
                    }
                    state.offline.push(`${service} ${operation}`);
                    throw awsError(OFFLINE_ERROR, `mlgov check runs without AWS: the program called ${service} ${operation}, ` +
                        "which only Organizations (from the accounts snapshot) can answer here");
                } catch (e) {
                    reject(e);
                }
            });
        });
        if (callback) {
            result.then(data => callback(null, data), err => callback(err));
            return;
        }
        return result;
    };
}

/** The Pulumi invokes that list an organization's accounts, answered from the snapshot (or refused). */
function answerInvokes(state: OrganizationsState, stack: string): void {
    const answers = state.snapshot ? new OrganizationAnswers(state.snapshot) : undefined;
    const where = path.relative(process.cwd(), state.file) || state.file;
    const need = (token: string): OrganizationAnswers => {
        if (!answers) {
            state.refusals.push(token);
            throw new Error(`${NO_SNAPSHOT_ERROR}: mlgov check runs without AWS, and stack ${stack} has no accounts snapshot (${where}) ` +
                `to answer ${token}`);
        }
        state.answered.set(token, (state.answered.get(token) ?? 0) + 1);
        return answers;
    };
    mockInvoke("aws:organizations/getOrganizationalUnitChildAccounts:getOrganizationalUnitChildAccounts", args => {
        const a = need("getOrganizationalUnitChildAccounts");
        return { id: args.parentId, parentId: args.parentId, accounts: a.childAccounts(args.parentId).map(x => a.invokeAccount(x)) };
    });
    mockInvoke("aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts", args => {
        const a = need("getOrganizationalUnitDescendantAccounts");
        return { id: args.parentId, parentId: args.parentId, accounts: a.descendantAccounts(args.parentId).map(x => a.invokeAccount(x)) };
    });
    mockInvoke("aws:organizations/getOrganizationalUnits:getOrganizationalUnits", args => {
        const a = need("getOrganizationalUnits");
        return { id: args.parentId, parentId: args.parentId, children: a.childOus(args.parentId).map(u => ({ id: u.id, name: u.name, arn: a.ouArnOf(u.id) })) };
    });
    if (state.snapshot) {
        const s = state.snapshot;
        mockInvoke("aws:organizations/getOrganization:getOrganization", (_args, t) => {
            const a = need("getOrganization");
            const accounts = s.accounts.map(x => a.invokeAccount(x));
            return {
                id: s.organization.id, featureSet: "ALL", masterAccountId: s.organization.managementAccountId,
                arn: `arn:${t.partition}:organizations::${s.organization.managementAccountId}:organization/${s.organization.id}`,
                masterAccountArn: `arn:${t.partition}:organizations::${s.organization.managementAccountId}:account/${s.organization.id}/${s.organization.managementAccountId}`,
                masterAccountEmail: s.organization.managementAccountEmail ?? "management@example.com", masterAccountName: "management",
                accounts, nonMasterAccounts: accounts.filter(x => x.id !== s.organization.managementAccountId),
                roots: [{ id: s.organization.rootId, name: "Root", arn: `arn:${t.partition}:organizations::${s.organization.managementAccountId}:root/${s.organization.id}/${s.organization.rootId}`, policyTypes: [] }],
                awsServiceAccessPrincipals: [], enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
            };
        });
    }
}

/**
 * Makes Organizations answer from `snapshotFile` when it exists (checked first: StackError when it is
 * not a valid snapshot), and every other AWS SDK call fail. Call before the program is loaded.
 */
export function installOrganizations(projectDir: string, snapshotFile: string, stack: string): OrganizationsState {
    const state: OrganizationsState = { file: snapshotFile, answered: new Map(), refusals: [], offline: [] };
    if (fs.existsSync(snapshotFile)) {
        state.snapshot = readSnapshot(snapshotFile);
        world.organization = { id: state.snapshot.organization.id, managementAccount: state.snapshot.organization.managementAccountId };
    }
    patchSdk(projectDir, state, stack);
    answerInvokes(state, stack);
    return state;
}
