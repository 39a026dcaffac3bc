/**
 * The offline AWS world of `mlgov check` and of every test that builds components or the program:
 * Pulumi mocks that answer as the AWS provider would. `mlgov check` runs a whole program on them;
 * the tests reach them through tests/components/mocks.ts, which calls `useMocks()` when imported.
 *
 * `pulumi.runtime.setMocks` is process-global, so ONE module owns it: call `useMocks()` (or import
 * tests/components/mocks.ts) FIRST, before any module that creates resources is loaded.
 *
 * What it answers is what the AWS provider would: ids and ARNs in the account and region of the
 * provider a resource or invoke goes through (an explicit `aws.Provider`'s `allowedAccountIds`,
 * `assumeRoles` and `region`, which reach the mocks JSON-encoded; `world.defaultProvider` for the
 * default provider; `world.credentialsAccount` when a provider names no account), auto-names with a
 * random-looking suffix, bucket names, and so on. Lookups of things that exist outside the stack (an
 * existing VPC, its route tables) come from `world`, and fail like AWS when nothing matches. Every id
 * is derived from the account, region, type and name, so two runs of a program give the same ids.
 *
 * It records every resource (type, name, inputs as the SDK deserialized them and as they went over
 * the wire, state, provider reference, parent, dependencies) and every invoke (token, arguments,
 * provider): `resources()`, `invokes()`, `resetRecords()`. Parents and URNs come from the mock
 * monitor's requests (see `instrument`).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * The account of the credentials (`world.credentialsAccount`) until something sets another: the
 * account of the default provider and of any provider that names no account.
 */
export const DEFAULT_ACCOUNT = "111122223333";
/** The region of a provider that names none (the default provider, unless `world.defaultProvider.region`). */
export const DEFAULT_REGION = "us-east-1";

/** Where a provider deploys. */
export interface Target {
    readonly account: string;
    readonly region: string;
    readonly partition: string;
    /** The caller ARN getCallerIdentity returns (the assumed role, or a user for the default provider). */
    readonly callerArn: string;
}

export interface ResourceRecord {
    /** Filled when the registration completes. */
    urn?: string;
    type: string;
    name: string;
    /** false for components. */
    custom: boolean;
    /** Read with `.get()` (an existing resource), not registered. */
    read?: boolean;
    /** The inputs as the provider receives them (objects and lists of provider resources are JSON strings). */
    inputs: Record<string, unknown>;
    /**
     * The inputs exactly as they went over the wire to the engine: unknowns as the sentinel string,
     * secrets, assets and resource references as their signature objects.
     */
    wire?: Record<string, unknown>;
    /** What the mock returned as the resource's outputs. */
    state: Record<string, unknown>;
    id?: string;
    /** The provider reference (`<urn>::<id>`); undefined means the default provider. */
    provider?: string;
    /** URN of that provider. */
    providerUrn?: string;
    /** A component's providers (`provider`/`providers` options), by package: references like `provider`. */
    providers?: Record<string, string>;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** For components: the outputs given to registerOutputs (serialized). */
    outputs?: Record<string, unknown>;
}

export interface InvokeRecord {
    token: string;
    args: Record<string, unknown>;
    /** The provider reference; undefined means the default provider. */
    provider?: string;
    providerUrn?: string;
    result: Record<string, unknown>;
}

/** Resources that exist outside the stack, for lookups (an existing VPC and its route tables), and who runs. */
export const world = {
    /** VPC id -> its attributes. */
    vpcs: new Map<string, { cidrBlock: string }>(),
    /** Subnet id -> the route table explicitly associated with it. */
    routeTables: new Map<string, string>(),
    /** The organization every account belongs to (getOrganization answers with it). */
    organization: { id: "o-a1b2c3d4e5", managementAccount: DEFAULT_ACCOUNT },
    /** The default provider's inputs (`region`, `allowedAccountIds`, `assumeRoles`: the `aws:` config). */
    defaultProvider: {} as Record<string, unknown>,
    /** The account of the credentials Pulumi runs with: where a provider that names no account deploys. */
    credentialsAccount: DEFAULT_ACCOUNT,
};

/** An invoke answer: the arguments and the target of the provider it goes through. */
export type InvokeHandler = (args: Record<string, unknown>, target: Target) => Record<string, unknown>;

const records = { resources: [] as ResourceRecord[], invokes: [] as InvokeRecord[], errors: [] as unknown[] };
/** Provider resources by id (the last part of a provider reference), kept across resets. */
const providers = new Map<string, ResourceRecord>();
const overrides = new Map<string, InvokeHandler>();
/** The registration request being handled: newResource runs synchronously inside it (see instrument). */
let current: Partial<ResourceRecord> | undefined;
let inflight = 0;
let activity = 0;
let onRegistration: ((type: string, name: string) => void) | undefined;

/**
 * Calls `listener` on every resource registration (synchronously, from inside the mock monitor), or
 * stops calling any with `undefined`. A large program runs on promises alone, without a turn of the
 * event loop in which a timer could fire; mlgov check looks at its heap from here.
 */
export function setRegistrationListener(listener: ((type: string, name: string) => void) | undefined): void {
    onRegistration = listener;
}
let providerCount = 0;

// ---------------------------------------------------------------------------------------------------
// Targets

function decoded(value: unknown): unknown {
    if (typeof value === "string" && /^[[{]/.test(value.trim())) {
        try {
            return JSON.parse(value);
        } catch {
            return value;
        }
    }
    return value;
}

export function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/** Where a provider with these inputs deploys (its account, region, partition and caller). */
export function targetOfInputs(inputs: Record<string, unknown> | undefined): Target {
    const region = typeof inputs?.region === "string" ? inputs.region : DEFAULT_REGION;
    const partition = partitionOf(region);
    const allowed = decoded(inputs?.allowedAccountIds);
    const roles = decoded(inputs?.assumeRoles) ?? decoded(inputs?.assumeRole);
    // A chain (management role, then member role) ends in the role whose credentials the provider uses.
    const role = (Array.isArray(roles) ? roles[roles.length - 1] : roles) as { roleArn?: string; sessionName?: string } | undefined;
    const fromRole = typeof role?.roleArn === "string" ? /^arn:[a-z-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(role.roleArn) : null;
    const account = Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string"
        ? allowed[0]
        : fromRole ? fromRole[1] : world.credentialsAccount;
    if (fromRole && fromRole[1] !== account) {
        throw new Error(`provider assumes a role in ${fromRole[1]} but allows only account ${account}`);
    }
    const callerArn = fromRole
        ? `arn:${partition}:sts::${account}:assumed-role/${fromRole[2]}/${role?.sessionName ?? "pulumi"}`
        : `arn:${partition}:iam::${account}:user/pulumi`;
    return { account, region, partition, callerArn };
}

/** The provider record a reference (`<urn>::<id>`) points to; undefined for the default provider. */
export function providerOf(reference: string | undefined): ResourceRecord | undefined {
    if (!reference) {
        return undefined;
    }
    const id = reference.slice(reference.lastIndexOf("::") + 2);
    const found = providers.get(id);
    if (!found) {
        throw new Error(`mocks: unknown provider reference ${reference}`);
    }
    return found;
}

/** Account, region and partition of a provider reference (the default provider's when undefined). */
export function targetOf(reference: string | undefined): Target {
    return targetOfInputs(reference ? providerOf(reference)?.inputs : world.defaultProvider);
}

const urnOf = (reference: string | undefined) => reference ? reference.slice(0, reference.lastIndexOf("::")) : undefined;

// ---------------------------------------------------------------------------------------------------
// Resources: ids and outputs as the AWS provider returns them

function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Sim {
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    readonly t: Target;
    /** Hex characters derived from the target, type and name: stable across runs. */
    readonly hex: (length: number) => string;
}

type Simulated = { id: string; outputs?: Record<string, unknown> };

const str = (v: unknown): string | undefined => typeof v === "string" ? v : undefined;
/** The provider's auto-name: the logical name plus seven random-looking characters. */
const autoName = (s: Sim, key = "name") => str(s.inputs[key]) ?? (str(s.inputs[`${key}Prefix`]) ?? `${s.name}-`) + s.hex(7);
const ec2 = (s: Sim, kind: string, id: string) => ({ id, outputs: { arn: `arn:${s.t.partition}:ec2:${s.t.region}:${s.t.account}:${kind}/${id}`, ownerId: s.t.account } });

const SIMULATORS: Record<string, (s: Sim) => Simulated> = {
    "pulumi:providers:aws": s => ({ id: uuid(`${s.name}#${++providerCount}`) }),
    "aws:ec2/vpc:Vpc": s => {
        const r = ec2(s, "vpc", `vpc-${s.hex(17)}`);
        return { id: r.id, outputs: { ...r.outputs, mainRouteTableId: `rtb-${s.hex(16)}`, defaultSecurityGroupId: `sg-${s.hex(15)}`, defaultNetworkAclId: `acl-${s.hex(14)}`, dhcpOptionsId: `dopt-${s.hex(13)}` } };
    },
    "aws:ec2/subnet:Subnet": s => ec2(s, "subnet", `subnet-${s.hex(17)}`),
    "aws:ec2/routeTable:RouteTable": s => ec2(s, "route-table", `rtb-${s.hex(17)}`),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": s => ({ id: `rtbassoc-${s.hex(17)}` }),
    "aws:ec2/securityGroup:SecurityGroup": s => {
        const r = ec2(s, "security-group", `sg-${s.hex(17)}`);
        return { id: r.id, outputs: { ...r.outputs, name: autoName(s) } };
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": s => {
        const r = ec2(s, "security-group", `sg-${s.hex(17)}`);
        return { id: r.id, outputs: { ...r.outputs, name: "default" } };
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": s => {
        const r = ec2(s, "security-group-rule", `sgr-${s.hex(17)}`);
        return { id: r.id, outputs: { ...r.outputs, securityGroupRuleId: r.id } };
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": s => {
        const r = ec2(s, "security-group-rule", `sgr-${s.hex(17)}`);
        return { id: r.id, outputs: { ...r.outputs, securityGroupRuleId: r.id } };
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": s => {
        const r = ec2(s, "vpc-endpoint", `vpce-${s.hex(17)}`);
        const gateway = s.inputs.vpcEndpointType === "Gateway";
        return {
            id: r.id,
            outputs: {
                ...r.outputs, state: "available", requesterManaged: false,
                prefixListId: gateway ? `pl-${s.hex(8)}` : undefined,
                networkInterfaceIds: gateway ? [] : (s.inputs.subnetIds as string[] ?? []).map((_, i) => `eni-${hex(`${s.hex(17)}${i}`, 17)}`),
                dnsEntries: gateway ? [] : [{ dnsName: `${r.id}-${s.hex(8)}.${String(s.inputs.serviceName).split(".").slice(-2).join(".")}.${s.t.region}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" }],
            },
        };
    },
    "aws:kms/key:Key": s => {
        const id = uuid(`${s.t.account}/${s.t.region}/${s.name}`);
        return { id, outputs: { keyId: id, arn: `arn:${s.t.partition}:kms:${s.t.region}:${s.t.account}:key/${id}`, isEnabled: true, keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT", rotationPeriodInDays: 365 } };
    },
    "aws:kms/alias:Alias": s => {
        const name = autoName(s);
        return { id: name, outputs: { name, arn: `arn:${s.t.partition}:kms:${s.t.region}:${s.t.account}:${name}`, targetKeyArn: `arn:${s.t.partition}:kms:${s.t.region}:${s.t.account}:key/${s.inputs.targetKeyId}` } };
    },
    "aws:s3/bucket:Bucket": s => {
        const bucket = str(s.inputs.bucket) ?? `${str(s.inputs.bucketPrefix) ?? `${s.name}-`}${s.hex(20)}`;
        return {
            id: bucket,
            outputs: {
                bucket, arn: `arn:${s.t.partition}:s3:::${bucket}`, region: s.t.region, bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${s.t.region}.amazonaws.com`, hostedZoneId: "Z1BKCTXD74EZPE", forceDestroy: s.inputs.forceDestroy ?? false,
            },
        };
    },
    "aws:iam/role:Role": s => {
        const name = autoName(s);
        const path = str(s.inputs.path) ?? "/";
        return { id: name, outputs: { name, path, arn: `arn:${s.t.partition}:iam::${s.t.account}:role${path}${name}`, uniqueId: `AROA${s.hex(17).toUpperCase()}`, maxSessionDuration: s.inputs.maxSessionDuration ?? 3600 } };
    },
    "aws:iam/policy:Policy": s => {
        const name = autoName(s);
        const path = str(s.inputs.path) ?? "/";
        const arn = `arn:${s.t.partition}:iam::${s.t.account}:policy${path}${name}`;
        return { id: arn, outputs: { name, path, arn, policyId: `ANPA${s.hex(17).toUpperCase()}`, attachmentCount: 0 } };
    },
    "aws:iam/rolePolicy:RolePolicy": s => {
        const name = autoName(s);
        return { id: `${s.inputs.role}:${name}`, outputs: { name } };
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": s => ({ id: `${s.inputs.role}-${s.hex(20)}` }),
    "aws:sagemaker/domain:Domain": s => {
        const id = `d-${s.hex(12)}`;
        return {
            id,
            outputs: {
                arn: `arn:${s.t.partition}:sagemaker:${s.t.region}:${s.t.account}:domain/${id}`, url: `https://${id}.studio.${s.t.region}.sagemaker.aws`,
                homeEfsFileSystemId: `fs-${s.hex(17)}`, securityGroupIdForDomainBoundary: `sg-${hex(`${id}boundary`, 17)}`,
            },
        };
    },
    "aws:sagemaker/userProfile:UserProfile": s => {
        const arn = `arn:${s.t.partition}:sagemaker:${s.t.region}:${s.t.account}:user-profile/${s.inputs.domainId}/${s.inputs.userProfileName}`;
        return { id: arn, outputs: { arn, homeEfsFileSystemUid: String(200000 + parseInt(s.hex(4), 16)) } };
    },
    "aws:cloudwatch/logGroup:LogGroup": s => {
        const name = autoName(s);
        return { id: name, outputs: { name, arn: `arn:${s.t.partition}:logs:${s.t.region}:${s.t.account}:log-group:${name}` } };
    },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": s => ({ id: autoName(s) }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": s => {
        const name = autoName(s);
        return { id: name, outputs: { name, arn: `arn:${s.t.partition}:cloudwatch:${s.t.region}:${s.t.account}:alarm:${name}` } };
    },
    "aws:cloudwatch/eventRule:EventRule": s => {
        const name = autoName(s);
        return { id: name, outputs: { name, arn: `arn:${s.t.partition}:events:${s.t.region}:${s.t.account}:rule/${name}` } };
    },
    "aws:cloudtrail/trail:Trail": s => {
        const name = autoName(s);
        const arn = `arn:${s.t.partition}:cloudtrail:${s.t.region}:${s.t.account}:trail/${name}`;
        return { id: arn, outputs: { name, arn, homeRegion: s.t.region } };
    },
    "aws:sns/topic:Topic": s => {
        const name = autoName(s);
        const arn = `arn:${s.t.partition}:sns:${s.t.region}:${s.t.account}:${name}`;
        return { id: arn, outputs: { name, arn, owner: s.t.account } };
    },
    "aws:sqs/queue:Queue": s => {
        const name = autoName(s);
        return { id: `https://sqs.${s.t.region}.amazonaws.com/${s.t.account}/${name}`, outputs: { name, arn: `arn:${s.t.partition}:sqs:${s.t.region}:${s.t.account}:${name}`, url: `https://sqs.${s.t.region}.amazonaws.com/${s.t.account}/${name}` } };
    },
    "aws:lambda/function:Function": s => {
        const name = autoName(s);
        const arn = `arn:${s.t.partition}:lambda:${s.t.region}:${s.t.account}:function:${name}`;
        return { id: name, outputs: { name, arn, invokeArn: `arn:${s.t.partition}:apigateway:${s.t.region}:lambda:path/2015-03-31/functions/${arn}/invocations`, qualifiedArn: `${arn}:$LATEST`, version: "$LATEST" } };
    },
};

/** Any other type: an id, and an ARN of the type's service and resource name. */
function generic(type: string, s: Sim): Simulated {
    const m = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):/.exec(type);
    const id = `${s.name}-${s.hex(8)}`;
    if (!m) {
        return { id };
    }
    const kind = m[2].replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
    return { id, outputs: { arn: `arn:${s.t.partition}:${m[1].toLowerCase()}:${s.t.region}:${s.t.account}:${kind}/${id}` } };
}

function simulate(type: string, name: string, inputs: Record<string, unknown>, t: Target): Simulated {
    const s: Sim = { name, inputs, t, hex: n => hex(`${t.account}/${t.region}/${type}/${name}`, n) };
    if (type.startsWith("aws:s3/") && type !== "aws:s3/bucket:Bucket" && typeof inputs.bucket === "string") {
        return { id: inputs.bucket };
    }
    return (SIMULATORS[type] ?? (x => generic(type, x)))(s);
}

// ---------------------------------------------------------------------------------------------------
// Invokes

const DESCRIPTIONS: Record<string, string> = { "us-east-1": "US East (N. Virginia)", "eu-west-1": "Europe (Ireland)", "eu-central-1": "Europe (Frankfurt)", "us-west-2": "US West (Oregon)" };

const INVOKES: Record<string, InvokeHandler> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_args, t) => ({
        id: t.account, accountId: t.account, arn: t.callerArn, userId: `AROA${hex(t.callerArn, 17).toUpperCase()}:pulumi`,
    }),
    "aws:index/getRegion:getRegion": (args, t) => {
        const region = str(args.region) ?? str(args.name) ?? t.region;
        return { id: region, region, name: region, description: DESCRIPTIONS[region] ?? region, endpoint: `ec2.${region}.amazonaws.com` };
    },
    "aws:index/getPartition:getPartition": (_args, t) => ({
        id: t.partition, partition: t.partition, dnsSuffix: t.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
        reverseDnsPrefix: t.partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (args, t) => {
        const code = t.region.split("-").map((p, i) => i === 1 ? p.slice(0, 1) : p).join("").replace(/-/g, "");
        return {
            id: t.region, region: t.region, state: args.state, names: ["a", "b", "c"].map(z => `${t.region}${z}`),
            zoneIds: [1, 2, 3].map(n => `${code}-az${n}`), groupNames: [t.region],
        };
    },
    "aws:organizations/getOrganization:getOrganization": (_args, t) => {
        const { id, managementAccount } = world.organization;
        return {
            id, featureSet: "ALL", masterAccountId: managementAccount,
            arn: `arn:${t.partition}:organizations::${managementAccount}:organization/${id}`,
            masterAccountArn: `arn:${t.partition}:organizations::${managementAccount}:account/${id}/${managementAccount}`,
            masterAccountEmail: "aws-management@example.com", masterAccountName: "management",
        };
    },
    "aws:ec2/getVpc:getVpc": (args, t) => {
        const id = str(args.id);
        const created = records.resources.find(r => r.type === "aws:ec2/vpc:Vpc" && r.id === id);
        const known = id ? world.vpcs.get(id) : undefined;
        const cidrBlock = known?.cidrBlock ?? str(created?.inputs.cidrBlock);
        if (!id || !cidrBlock) {
            throw new Error(`no matching EC2 VPC found (id ${id ?? "not given"})`);
        }
        return {
            id, arn: `arn:${t.partition}:ec2:${t.region}:${t.account}:vpc/${id}`, cidrBlock, ownerId: t.account, state: "available",
            cidrBlockAssociations: [{ associationId: `vpc-cidr-assoc-${hex(id, 17)}`, cidrBlock, state: "associated" }],
            enableDnsSupport: true, enableDnsHostnames: true, default: false, instanceTenancy: "default",
            mainRouteTableId: `rtb-${hex(`${id}main`, 17)}`, dhcpOptionsId: `dopt-${hex(id, 17)}`, tags: {},
        };
    },
    "aws:ec2/getRouteTables:getRouteTables": (args, t) => {
        const filters = (args.filters ?? []) as Array<{ name: string; values: string[] }>;
        const subnets = filters.find(f => f.name === "association.subnet-id")?.values ?? [];
        const ids = [...new Set(subnets.flatMap(s => world.routeTables.get(s) ?? []))];
        return { id: t.region, ids, vpcId: args.vpcId, filters };
    },
    "aws:ec2/getPrefixList:getPrefixList": (args, t) => {
        const name = str(args.name) ?? "";
        if (!/^(cn\.)?com\.amazonaws\.[a-z0-9-]+\.(s3|dynamodb)$/.test(name)) {
            throw new Error(`no matching prefix list found (${name})`);
        }
        return { id: `pl-${hex(`${t.account}${name}`, 8)}`, name, cidrBlocks: ["52.216.0.0/15", "3.5.0.0/19"] };
    },
};

/** Answer `token` with `handler` instead of the built-in answer (until resetRecords). */
export function mockInvoke(token: string, handler: InvokeHandler): void {
    overrides.set(token, handler);
}

// ---------------------------------------------------------------------------------------------------
// The mocks

const mocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const rec = (current ?? { dependencies: [], propertyDependencies: {} }) as ResourceRecord;
        current = undefined;
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        const t = args.type.startsWith("pulumi:providers:") ? targetOfInputs(inputs) : targetOf(args.provider);
        const { id, outputs } = args.custom === false ? { id: "", outputs: {} } : simulate(args.type, args.name, inputs, t);
        const state = { ...inputs, ...Object.fromEntries(Object.entries(outputs ?? {}).filter(([, v]) => v !== undefined)) };
        Object.assign(rec, {
            type: args.type, name: args.name, custom: args.custom !== false, inputs, state, id: id || undefined,
            provider: args.provider || undefined, providerUrn: urnOf(args.provider || undefined),
        });
        records.resources.push(rec);
        if (args.type.startsWith("pulumi:providers:")) {
            providers.set(id, rec);
        }
        activity++;
        onRegistration?.(args.type, args.name);
        return { id: id || undefined, state };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        activity++;
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        const handler = overrides.get(args.token) ?? INVOKES[args.token];
        if (!handler) {
            throw new Error(`mocks: no answer for invoke ${args.token}; add one to cli/src/check/mocks.ts (or answer it with mockInvoke)`);
        }
        const result = handler(inputs, targetOf(args.provider));
        records.invokes.push({ token: args.token, args: inputs, provider: args.provider || undefined, providerUrn: urnOf(args.provider || undefined), result });
        return result;
    },
};

interface Struct {
    toJavaScript(): Record<string, unknown>;
}
interface Request {
    getParent(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap?(): { forEach(f: (v: { getUrnsList(): string[] }, k: string) => void): void };
    /** registerResource: the inputs. */
    getObject?(): Struct | undefined;
    /** readResource: the inputs. */
    getProperties?(): Struct | undefined;
    /** registerResource of a component: its providers by package. */
    getProvidersMap?(): { forEach(f: (v: string, k: string) => void): void };
}
type Callback = (err: unknown, response: { getUrn(): string } | undefined) => void;
interface PatchableMonitor {
    registerResource(req: Request, callback: Callback): Promise<void>;
    readResource(req: Request, callback: Callback): Promise<void>;
    registerResourceOutputs(req: { getUrn(): string; getOutputs(): Struct | undefined }, callback: (err: unknown, res: unknown) => void): void;
}

/** Records by URN, for registerResourceOutputs. */
const byUrn = new Map<string, ResourceRecord>();

/**
 * Wraps the mock monitor's registerResource / readResource to learn each resource's parent, its
 * dependencies, its inputs as sent over the wire, a component's providers and its URN, which
 * MockResourceArgs does not carry. The mock monitor calls `mocks.newResource` synchronously at the
 * start of each request, so the request in `current` is the one newResource is handling. Fails
 * loudly if the monitor no longer looks like that.
 */
function instrument(): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as PatchableMonitor | undefined;
    if (!monitor || typeof monitor.registerResource !== "function" || typeof monitor.readResource !== "function" ||
        typeof monitor.registerResourceOutputs !== "function") {
        throw new Error("mocks: the Pulumi mock monitor has changed shape; update instrument() in cli/src/check/mocks.ts");
    }
    const wrap = (method: "registerResource" | "readResource") => {
        const original = monitor[method].bind(monitor);
        monitor[method] = (req: Request, callback: Callback) => {
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap?.().forEach((v, k) => { propertyDependencies[k] = v.getUrnsList(); });
            const wire = (method === "readResource" ? req.getProperties?.() : req.getObject?.())?.toJavaScript() ?? {};
            const rec: Partial<ResourceRecord> = {
                parent: req.getParent() || undefined, dependencies: req.getDependenciesList(), propertyDependencies, wire,
            };
            if (method === "readResource") {
                rec.read = true;
            }
            req.getProvidersMap?.().forEach((ref, pkg) => {
                if (ref) {
                    (rec.providers ??= {})[pkg] = ref;
                }
            });
            current = rec;
            inflight++;
            activity++;
            const done = original(req, (err, response) => {
                inflight--;
                activity++;
                if (!err && response) {
                    rec.urn = response.getUrn();
                    byUrn.set(rec.urn, rec as ResourceRecord);
                }
                callback(err, response);
            });
            current = undefined;
            return done;
        };
    };
    wrap("registerResource");
    wrap("readResource");
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        const rec = byUrn.get(req.getUrn());
        if (rec) {
            rec.outputs = req.getOutputs()?.toJavaScript() ?? {};
        }
        activity++;
        registerOutputs(req, callback);
    };
}

export interface MockOptions {
    /** The project name (URNs, `pulumi.getProject()`); default "project", as Pulumi's. */
    project?: string;
    /** The stack name; default "stack", as Pulumi's. */
    stack?: string;
    /** Preview (`pulumi.runtime.isDryRun()`): outputs the mocks do not return stay unknown. Default false. */
    preview?: boolean;
    /** The Pulumi organization (`pulumi.getOrganization()`). */
    organization?: string;
}

/**
 * (Re)configures the runtime to use these mocks: project, stack, preview mode. Resources registered
 * before stay recorded. Call it before any module that creates resources is loaded.
 */
export function useMocks(options: MockOptions = {}): void {
    void pulumi.runtime.setMocks(mocks, options.project ?? "project", options.stack ?? "stack", options.preview ?? false,
        options.organization);
    instrument();
}

let recordingRejections = false;

/**
 * A resource whose inputs fail (an apply that throws, a lookup that finds nothing) is reported by
 * the runtime as an unhandled rejection, which the Pulumi language host turns into a failed
 * deployment. Records them instead (`errors()`), as `build` and `mlgov check` read them. Idempotent.
 */
export function recordUnhandledRejections(): void {
    if (recordingRejections) {
        return;
    }
    recordingRejections = true;
    process.on("unhandledRejection", reason => {
        records.errors.push(reason);
    });
}

/** Records an error that fails the program (what `pulumi up` would report), e.g. an uncaught exception. */
export function recordError(error: unknown): void {
    records.errors.push(error);
}

// ---------------------------------------------------------------------------------------------------
// Reading the records

/** Forgets the recorded resources and invokes, the `world` and the invoke overrides (providers stay resolvable). */
export function resetRecords(): void {
    records.resources.length = 0;
    byUrn.clear();
    records.invokes.length = 0;
    records.errors.length = 0;
    world.vpcs.clear();
    world.routeTables.clear();
    overrides.clear();
}

/** Recorded resources, optionally of one type. */
export function resources(type?: string): ResourceRecord[] {
    return records.resources.filter(r => !type || r.type === type);
}

/** Recorded invokes, optionally of one token. */
export function invokes(token?: string): InvokeRecord[] {
    return records.invokes.filter(i => !token || i.token === token);
}

/** Errors that failed a registration since the last reset (what would fail `pulumi up`). */
export function errors(): unknown[] {
    return [...records.errors];
}

/** Waits until no registration is in flight and nothing has happened for a few turns of the event loop. */
export async function settle(): Promise<void> {
    let last = -1;
    for (let quiet = 0; quiet < 5;) {
        await new Promise(resolve => setImmediate(resolve));
        if (inflight === 0 && activity === last) {
            quiet++;
        } else {
            quiet = 0;
            last = activity;
        }
    }
}

/**
 * Resets the records, runs `program` (which creates resources), waits for every registration and
 * returns the program's result. Rejects when a registration failed, as `pulumi up` would.
 */
export async function build<T>(program: () => T): Promise<T> {
    await settle();
    resetRecords();
    const result = program();
    await settle();
    if (records.errors.length > 0) {
        const messages = records.errors.map(e => e instanceof Error ? e.message : String(e));
        throw new Error(`the program failed: ${[...new Set(messages)].join("; ")}`);
    }
    return result;
}

/**
 * The value of an output. Rejects when the output failed (an apply that threw, a lookup that found
 * nothing) and when it is unknown (in preview), instead of waiting forever.
 */
export async function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    // The runtime's Output carries these (not in its public typings).
    const o = output as unknown as { isKnown?: Promise<boolean>; promise?: () => Promise<T> };
    if (typeof o.promise !== "function" || !(o.isKnown instanceof Promise)) {
        throw new Error("mocks: Output no longer has isKnown/promise(); update promiseOf in cli/src/check/mocks.ts");
    }
    if (!(await o.isKnown)) {
        throw new Error("output is unknown (preview)");
    }
    return o.promise();
}

/** A resource as the engine sends it to a policy pack (the shape of cli/src/engine HostResource). */
export interface EngineResource {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
    provider?: { urn: string; type: string; name: string; properties: Record<string, unknown> };
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/** The recorded resources as the engine would send them to an analyzer: inputs as properties, with their provider. */
export function engineResources(list: ResourceRecord[] = resources()): EngineResource[] {
    return list.map(r => {
        if (!r.urn) {
            throw new Error(`mocks: ${r.type} ${r.name} has no URN yet (await settle())`);
        }
        const p = providerOf(r.provider);
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            properties: r.inputs,
            provider: p?.urn ? { urn: p.urn, type: p.type, name: p.name, properties: p.inputs } : undefined,
            parent: r.parent,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
        };
    });
}
