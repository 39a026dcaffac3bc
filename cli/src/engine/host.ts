/**
 * PolicyPackHost: runs a policy pack as the Pulumi engine does and speaks the analyzer protocol to it.
 *
 * Calls, in the engine's order (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go and
 * pkg/engine, `installAndLoadPolicyPlugins`):
 *   start():      spawn (launch.ts) → Handshake (the 1.x SDK answers UNIMPLEMENTED; the engine
 *                 ignores that, so do we) → [ConfigureStack, when start() is given the stack, as the
 *                 engine sends it right after the handshake] → GetAnalyzerInfo
 *   configure():  ConfigureStack (when given a stack, or when none was sent yet) → Configure with
 *                 every policy's level and properties (config.ts)
 *   evaluate():   per resource Remediate (only when a policy is at `remediate`) then Analyze with the
 *                 remediated properties; then AnalyzeStack once with every resource. For deployed
 *                 state (a stack export) Analyze gets the properties as they are: a fix the next
 *                 update would apply is still a violation of what is deployed.
 * Properties travel as protobuf Structs exactly as given (unknown sentinels untouched); as in the
 * engine, top-level `__` keys are left out of Analyze/AnalyzeStack/provider properties but not of
 * Remediate's, and every request carries `options`.
 */
import type { ClientUnaryCall, Metadata, CallOptions, MethodDefinition, ServiceError } from "@grpc/grpc-js";
import type * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import * as path from "node:path";
import { EnforcementLevel, PolicyConfigValidator, PolicyDescription, ResolvedPolicyConfig } from "./config";
import {
    LaunchedPack, LaunchSpec, launchPolicyPack, PackStartError, StackInfo, stopPolicyPack, UNUSED_ENGINE_ADDRESS,
} from "./launch";
import { analyzerGrpc, analyzerPb, emptyPb, fromStruct, grpc, toStruct } from "./proto";

export type { EnforcementLevel } from "./config";

export interface ProviderResource {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
}

export interface HostResource {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
    provider?: ProviderResource;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    enforcementLevel: EnforcementLevel;
    message: string;
    description: string;
    /** "low" | "medium" | "high" | "critical", or "" when the policy has none. */
    severity: string;
    urn?: string;
}

export type EvaluatedDiagnostic = Diagnostic & { urn: string; type: string; stage: "resource" | "stack" };

/** A fix of the remediate level: applied before Analyze, or (deployed state) the one the next update would apply. */
export interface Remediated {
    urn: string;
    type: string;
    policyName: string;
    /** The policy's description, as the Remediate response gives it. */
    description: string;
}

export interface Evaluation {
    /** Number of resources sent to Analyze. */
    resources: number;
    diagnostics: EvaluatedDiagnostic[];
    remediated: Remediated[];
    /**
     * True when Analyze judged the properties as given, not as remediated (deployed state): each
     * remediation then also has its violation among the diagnostics, at the mandatory level.
     */
    deployedState: boolean;
}

export interface Remediation {
    policyName: string;
    /** Set when the remediation could not run (e.g. an unknown value during preview). */
    diagnostic?: string;
    description?: string;
    policyPackName?: string;
    policyPackVersion?: string;
}

export interface RemediationResult {
    /** The properties after every remediation (the input properties when nothing changed). */
    properties: Record<string, unknown>;
    remediations: Remediation[];
}

export interface PolicyInfo {
    name: string;
    description: string;
    displayName?: string;
    enforcementLevel: EnforcementLevel;
    /** The policy's config as a JSON schema of an object, as the engine validates it. */
    configSchema?: object;
    severity?: string;
    kind?: "resource" | "stack";
    /** What to do about a violation (the policy's `remediationSteps`). */
    remediationSteps?: string;
    /** The policy's tags (ml-guardrails: the external controls it maps to). */
    tags?: string[];
    url?: string;
}

export interface PackInfo {
    name: string;
    /** PulumiPolicy.yaml `version` when set (the engine prefers it), else what the pack reports. */
    version: string;
    displayName?: string;
    description?: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
}

export interface StackSettings extends StackInfo {
    /** Stack tags (policies read them as `args.stackTags`). */
    tags?: Record<string, string>;
}

export interface StartOptions {
    /** How long to wait for the pack to print its port and answer (default 30 s). */
    timeoutMs?: number;
    /** Deadline of each RPC (default 60 s). */
    callTimeoutMs?: number;
    /**
     * The stack the pack is started for. The engine knows it when it spawns the pack: it sets the
     * PULUMI_* variables and sends ConfigureStack before GetAnalyzerInfo. Without it, configure()
     * sends ConfigureStack with placeholder names.
     */
    stack?: StackSettings;
    /** Environment of the pack process (default: this process's). */
    env?: NodeJS.ProcessEnv;
}

export interface EvaluationPlan {
    /** Resources sent to Remediate/Analyze, in order. */
    analyze: HostResource[];
    /**
     * Resources sent to AnalyzeStack. Default: the analysed resources with their remediated
     * properties. The engine sends the stack's final outputs, which a caller with state can pass here.
     */
    stack?: HostResource[];
}

const DEFAULT_STACK: Required<Omit<StackSettings, "tags">> = {
    stack: "stack", project: "project", organization: "organization", dryRun: false,
};

const LEVEL_FROM_PROTO: Record<number, EnforcementLevel> = {
    0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate",
};
const LEVEL_TO_PROTO: Record<EnforcementLevel, number> = {
    advisory: 0, mandatory: 1, disabled: 2, remediate: 3,
};
const SEVERITY_FROM_PROTO: Record<number, string> = { 0: "", 1: "low", 2: "medium", 3: "high", 4: "critical" };

function levelFromProto(value: number): EnforcementLevel {
    const level = LEVEL_FROM_PROTO[value];
    if (!level) {
        throw new Error(`the policy pack sent an invalid enforcement level ${value}`);
    }
    return level;
}

type Unary<Req, Res> = (
    req: Req, md: Metadata, opts: Partial<CallOptions>, cb: (err: ServiceError | null, res: Res) => void,
) => ClientUnaryCall;

function resourceOptions(r: HostResource): pb.AnalyzerResourceOptions {
    const o = new analyzerPb.AnalyzerResourceOptions();
    o.setProtect(r.protect ?? false);
    o.setIgnorechangesList([]);
    o.setDeletebeforereplace(false);
    o.setDeletebeforereplacedefined(false);
    o.setAdditionalsecretoutputsList([]);
    o.setAliasesList([]);
    const timeouts = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(0);
    timeouts.setUpdate(0);
    timeouts.setDelete(0);
    o.setCustomtimeouts(timeouts);
    o.setParent(r.parent ?? "");
    return o;
}

function providerResource(r: HostResource): pb.AnalyzerProviderResource | undefined {
    if (!r.provider) {
        return undefined;
    }
    const p = new analyzerPb.AnalyzerProviderResource();
    p.setUrn(r.provider.urn);
    p.setType(r.provider.type);
    p.setName(r.provider.name);
    p.setProperties(toStruct(r.provider.properties, `${r.provider.urn} properties`, true));
    return p;
}

/** What AnalyzeRequest and AnalyzerResource have in common. */
interface ResourceMessage {
    setUrn(value: string): unknown;
    setType(value: string): unknown;
    setName(value: string): unknown;
    setProperties(value: ReturnType<typeof toStruct>): unknown;
    setOptions(value: pb.AnalyzerResourceOptions): unknown;
    setProvider(value: pb.AnalyzerProviderResource): unknown;
}

/** Sets `r`'s URN, type, name, properties, options and provider on `message`. */
function describeResource<M extends ResourceMessage>(message: M, r: HostResource, skipInternalKeys: boolean): M {
    message.setUrn(r.urn);
    message.setType(r.type);
    message.setName(r.name);
    message.setProperties(toStruct(r.properties, `${r.urn} properties`, skipInternalKeys));
    message.setOptions(resourceOptions(r));
    const provider = providerResource(r);
    if (provider) {
        message.setProvider(provider);
    }
    return message;
}

/** The AnalyzeRequest the engine sends for `r` (Remediate takes the same message). */
export function analyzeRequest(r: HostResource, skipInternalKeys: boolean): pb.AnalyzeRequest {
    return describeResource(new analyzerPb.AnalyzeRequest(), r, skipInternalKeys);
}

/** A resource of an AnalyzeStack request, as the engine sends it. */
export function analyzerResource(r: HostResource): pb.AnalyzerResource {
    const res = describeResource(new analyzerPb.AnalyzerResource(), r, true);
    res.setParent(r.parent ?? "");
    res.setDependenciesList(r.dependencies ?? []);
    const deps = res.getPropertydependenciesMap();
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
        // The engine leaves out properties without dependencies.
        if (urns.length > 0) {
            const pd = new analyzerPb.AnalyzerPropertyDependencies();
            pd.setUrnsList(urns);
            deps.set(k, pd);
        }
    }
    return res;
}

/** Absolute path of the ml-guardrails policy pack in this repository. */
export function defaultPackDir(): string {
    return path.resolve(__dirname, "..", "..", "..", "policypacks", "ml-guardrails");
}

export class PolicyPackHost {
    /** What GetAnalyzerInfo returned. */
    readonly info: PackInfo;
    /** How the pack process was started (command, arguments, working directory). */
    readonly launch: LaunchSpec;

    private readonly validator: PolicyConfigValidator;
    private readonly initialConfig: Map<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }>;
    private levels: Map<string, EnforcementLevel>;
    private configured = false;
    private stackSent: boolean;
    private closed = false;

    private constructor(
        private readonly pack: LaunchedPack,
        private readonly client: InstanceType<typeof analyzerGrpc.AnalyzerClient>,
        private readonly callTimeoutMs: number,
        info: PackInfo,
        initialConfig: PolicyPackHost["initialConfig"],
        stackSent: boolean,
    ) {
        this.info = info;
        this.launch = pack.spec;
        this.initialConfig = initialConfig;
        this.stackSent = stackSent;
        this.levels = new Map(info.policies.map(p => [p.name, p.enforcementLevel]));
        this.validator = new PolicyConfigValidator(info.policies.map(p => ({
            name: p.name,
            enforcementLevel: p.enforcementLevel,
            configSchema: p.configSchema as PolicyDescription["configSchema"],
        })));
    }

    /** Starts the pack in `packDir` and reads its metadata. */
    static async start(packDir: string, opts: StartOptions = {}): Promise<PolicyPackHost> {
        const timeoutMs = opts.timeoutMs ?? 30_000;
        const callTimeoutMs = opts.callTimeoutMs ?? 60_000;
        const startedAt = Date.now();
        const pack = await launchPolicyPack(packDir, { timeoutMs, env: opts.env, stack: opts.stack });
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        try {
            const remaining = Math.max(1_000, timeoutMs - (Date.now() - startedAt));
            await new Promise<void>((resolve, reject) => {
                client.waitForReady(Date.now() + remaining, err => err
                    ? reject(new PackStartError(`policy pack ${pack.spec.cwd} printed port ${pack.port} but did not ` +
                        `accept a gRPC connection within ${remaining} ms: ${err.message}`))
                    : resolve());
            });
            const deadline = () => ({ deadline: Date.now() + callTimeoutMs });

            // Handshake: the engine sends it and falls back when the pack does not implement it.
            const hs = new analyzerPb.AnalyzerHandshakeRequest();
            hs.setEngineAddress(UNUSED_ENGINE_ADDRESS);
            hs.setRootDirectory(pack.spec.cwd);
            hs.setProgramDirectory(pack.spec.cwd);
            await new Promise<void>(resolve => {
                client.handshake(hs, new grpc.Metadata(), deadline(), () => resolve());
            });

            if (opts.stack) {
                await callUnary(client.configureStack.bind(client), stackRequest(opts.stack), deadline());
            }
            const resp = await callUnary(client.getAnalyzerInfo.bind(client), new emptyPb.Empty(), deadline());
            const { info, initialConfig } = convertInfo(resp, pack.project.version);
            return new PolicyPackHost(pack, client, callTimeoutMs, info, initialConfig, opts.stack !== undefined);
        } catch (e) {
            client.close();
            await stopPolicyPack(pack);
            if (e instanceof PackStartError) {
                throw e;
            }
            const stderr = pack.stderr();
            throw new PackStartError(`policy pack ${pack.spec.cwd} failed during startup: ${(e as Error).message}` +
                (stderr ? `\npack stderr:\n${stderr}` : ""));
        }
    }

    /** Process id of the pack. */
    get pid(): number | undefined {
        return this.pack.child.pid;
    }

    /** The last few kilobytes the pack wrote to stderr. */
    stderr(): string {
        return this.pack.stderr();
    }

    /** The effective enforcement level of every policy (after the last configure()). */
    enforcementLevels(): ReadonlyMap<string, EnforcementLevel> {
        return this.levels;
    }

    /**
     * Validates `config` (the engine's policy config format) and sends it: ConfigureStack when a
     * stack is given (or none was sent yet), then Configure with every policy. Throws
     * PolicyConfigError, before any RPC, when the config is invalid. Each call replaces the whole
     * config, as in the engine.
     */
    async configure(config?: unknown, stack?: StackSettings): Promise<void> {
        this.assertOpen();
        let resolved: Map<string, ResolvedPolicyConfig>;
        if (!this.info.supportsConfig) {
            if (config !== undefined && config !== null && Object.keys(config as object).length > 0) {
                throw new Error(`policy pack ${this.info.name} does not support config`);
            }
            resolved = new Map(this.info.policies.map(p => [p.name, { enforcementLevel: p.enforcementLevel, properties: {} }]));
        } else {
            resolved = this.validator.reconcile(config, this.initialConfig);
        }
        if (stack !== undefined || !this.stackSent) {
            await this.call(analyzerGrpc.AnalyzerService.configureStack, stackRequest(stack ?? DEFAULT_STACK), "ConfigureStack");
            this.stackSent = true;
        }
        if (this.info.supportsConfig && resolved.size > 0) {
            const req = new analyzerPb.ConfigureAnalyzerRequest();
            const map = req.getPolicyconfigMap();
            for (const [name, c] of resolved) {
                const pc = new analyzerPb.PolicyConfig();
                pc.setEnforcementlevel(LEVEL_TO_PROTO[c.enforcementLevel] as pb.EnforcementLevel);
                pc.setProperties(toStruct(c.properties, `${name} config`, false));
                map.set(name, pc);
            }
            await this.call(analyzerGrpc.AnalyzerService.configure, req, "Configure");
        }
        this.levels = new Map([...resolved].map(([name, c]) => [name, c.enforcementLevel]));
        this.configured = true;
    }

    /** GetPluginInfo: the version of the policy SDK serving the pack (the cheapest round trip). */
    async pluginInfo(): Promise<{ version: string }> {
        this.assertOpen();
        const resp = await this.call(analyzerGrpc.AnalyzerService.getPluginInfo, new emptyPb.Empty(), "GetPluginInfo");
        return { version: resp.getVersion() };
    }

    /** Analyze one resource (its properties are the inputs, as in the engine). */
    async analyze(r: HostResource): Promise<Diagnostic[]> {
        return this.analyzeEncoded(r, analyzeRequest(r, true).serializeBinary());
    }

    /** Remediate one resource: the properties after every remediation the pack applied. */
    async remediate(r: HostResource): Promise<RemediationResult> {
        return this.remediateEncoded(r, analyzeRequest(r, false).serializeBinary());
    }

    /** Analyze of `r`, its request already encoded. */
    private async analyzeEncoded(r: HostResource, request: Uint8Array): Promise<Diagnostic[]> {
        await this.ensureConfigured();
        const resp = await this.send(analyzerGrpc.AnalyzerService.analyze, request, "Analyze", r.urn);
        return resp.getDiagnosticsList().map(d => this.convertDiagnostic(d));
    }

    /** Remediate of `r`, its request already encoded. */
    private async remediateEncoded(r: HostResource, request: Uint8Array): Promise<RemediationResult> {
        await this.ensureConfigured();
        const resp = await this.send(analyzerGrpc.AnalyzerService.remediate, request, "Remediate", r.urn);
        let properties = r.properties;
        const remediations: Remediation[] = [];
        for (const rem of resp.getRemediationsList()) {
            const entry: Remediation = {
                policyName: rem.getPolicyname(),
                description: rem.getDescription(),
                policyPackName: rem.getPolicypackname(),
                policyPackVersion: this.info.version || rem.getPolicypackversion(),
            };
            if (rem.getDiagnostic()) {
                entry.diagnostic = rem.getDiagnostic();
            } else if (rem.hasProperties()) {
                // The engine replaces the inputs with each remediation's properties in turn.
                properties = fromStruct(rem.getProperties());
            }
            remediations.push(entry);
        }
        return { properties, remediations };
    }

    /**
     * AnalyzeStack over every resource of the stack. The request is encoded one resource at a time
     * (encodeStackRequest), never as one message object: google-protobuf's in-memory form of a
     * 20,000-resource stack is some 300 MB, its encoding 40 MB.
     */
    async analyzeStack(rs: HostResource[]): Promise<Diagnostic[]> {
        await this.ensureConfigured();
        const request = encodeStackRequest(rs.map(r => analyzerResource(r).serializeBinary()));
        const resp = await this.send(analyzerGrpc.AnalyzerService.analyzeStack, request, "AnalyzeStack");
        return resp.getDiagnosticsList().map(d => this.convertDiagnostic(d));
    }

    /**
     * Remediate → Analyze per resource, then AnalyzeStack with every resource. With `concurrency` > 1,
     * that many resources are in flight at once (as the engine's parallel steps send them); each
     * resource's Remediate still precedes its Analyze, AnalyzeStack comes after every Analyze, and the
     * results keep the order of `analyze`.
     */
    async evaluate(rs: HostResource[] | EvaluationPlan, opts: { concurrency?: number; deployedState?: boolean } = {}): Promise<Evaluation> {
        const plan: EvaluationPlan = Array.isArray(rs) ? { analyze: rs } : rs;
        await this.ensureConfigured();
        const remediating = [...this.levels.values()].includes("remediate");
        const perResource: Array<{ diagnostics: EvaluatedDiagnostic[]; remediated: Evaluation["remediated"] }> = [];
        const afterRemediation: HostResource[] = [];
        const one = async (r: HostResource, index: number): Promise<void> => {
            const diagnostics: EvaluatedDiagnostic[] = [];
            const remediated: Evaluation["remediated"] = [];
            perResource[index] = { diagnostics, remediated };
            let current = r;
            const analyzeBytes = analyzeRequest(r, true).serializeBinary();
            if (remediating) {
                // Remediate's request differs from Analyze's only by the top-level `__` keys it keeps.
                const internal = Object.keys(r.properties).some(k => k.startsWith("__"));
                const result = await this.remediateEncoded(r, internal ? analyzeRequest(r, false).serializeBinary() : analyzeBytes);
                for (const rem of result.remediations) {
                    if (rem.diagnostic !== undefined) {
                        // The engine reports a remediation that could not run as an advisory violation.
                        diagnostics.push({
                            policyName: rem.policyName,
                            policyPackName: rem.policyPackName ?? this.info.name,
                            policyPackVersion: rem.policyPackVersion ?? this.info.version,
                            enforcementLevel: "advisory",
                            message: rem.diagnostic,
                            description: rem.description ?? "",
                            severity: this.severityOf(rem.policyName),
                            urn: r.urn, type: r.type, stage: "resource",
                        });
                    } else {
                        remediated.push({ urn: r.urn, type: r.type, policyName: rem.policyName, description: rem.description ?? "" });
                    }
                }
                if (!opts.deployedState) {
                    current = { ...r, properties: result.properties };
                }
            }
            afterRemediation[index] = current;
            const request = current.properties === r.properties ? analyzeBytes : analyzeRequest(current, true).serializeBinary();
            for (const d of await this.analyzeEncoded(current, request)) {
                diagnostics.push({ ...d, urn: r.urn, type: r.type, stage: "resource" });
            }
        };
        const width = Math.max(1, Math.min(opts.concurrency ?? 1, plan.analyze.length));
        let next = 0;
        await Promise.all(Array.from({ length: width }, async () => {
            while (next < plan.analyze.length) {
                const index = next++;
                await one(plan.analyze[index], index);
            }
        }));
        const diagnostics = perResource.flatMap(p => p.diagnostics);
        const remediated = perResource.flatMap(p => p.remediated);
        const stack = plan.stack ?? afterRemediation;
        const types = new Map(stack.map(r => [r.urn, r.type]));
        for (const r of plan.analyze) {
            if (!types.has(r.urn)) {
                types.set(r.urn, r.type);
            }
        }
        for (const d of await this.analyzeStack(stack)) {
            const urn = d.urn ?? "";
            diagnostics.push({ ...d, urn, type: types.get(urn) ?? "", stage: "stack" });
        }
        return { resources: plan.analyze.length, diagnostics, remediated, deployedState: opts.deployedState === true };
    }

    /** Stops the pack process and waits until it has exited. */
    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        this.client.close();
        await stopPolicyPack(this.pack);
    }

    private async ensureConfigured(): Promise<void> {
        this.assertOpen();
        if (!this.configured) {
            // The engine always configures a pack before analysing: defaults for every policy.
            await this.configure();
        }
    }

    private assertOpen(): void {
        if (this.closed) {
            throw new Error(`policy pack host for ${this.info.name} is closed`);
        }
    }

    private severityOf(policyName: string): string {
        return this.info.policies.find(p => p.name === policyName)?.severity ?? "";
    }

    /** A unary call with its request already encoded (no message object is built or serialized). */
    private send<Res>(
        method: { path: string; responseDeserialize: (bytes: Buffer) => Res }, request: Uint8Array, name: string, urn?: string,
    ): Promise<Res> {
        const bytes = Buffer.isBuffer(request) ? request : Buffer.from(request.buffer, request.byteOffset, request.byteLength);
        return new Promise<Res>((resolve, reject) => {
            this.client.makeUnaryRequest(method.path, (b: Buffer) => b, method.responseDeserialize, bytes, new grpc.Metadata(),
                { deadline: Date.now() + this.callTimeoutMs }, (err, res) => (err || res === undefined ? reject(err ?? new Error("no response")) : resolve(res)));
        }).catch((err: ServiceError) => {
            throw this.rpcError(name, err, urn);
        });
    }

    /** A unary call with a message object, encoded by the method's own serializer. */
    private call<Req, Res>(method: MethodDefinition<Req, Res>, req: Req, name: string): Promise<Res> {
        return this.send(method, method.requestSerialize(req), name);
    }

    private rpcError(method: string, err: ServiceError, urn?: string): Error {
        const exit = this.pack.exit();
        const stderr = this.pack.stderr();
        const detail = err.details || err.message;
        return new Error(`policy pack ${this.info.name}: ${method}${urn ? ` of ${urn}` : ""} failed: ${detail}` +
            (exit ? `\nthe pack process exited (${exit.signal ?? `code ${exit.code}`})` : "") +
            (exit && stderr ? `; its stderr:\n${stderr}` : ""));
    }

    private convertDiagnostic(d: pb.AnalyzeDiagnostic): Diagnostic {
        const out: Diagnostic = {
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            // The engine prefers the PulumiPolicy.yaml version (convertDiagnostics).
            policyPackVersion: this.pack.project.version ?? d.getPolicypackversion(),
            enforcementLevel: levelFromProto(d.getEnforcementlevel()),
            message: d.getMessage(),
            description: d.getDescription(),
            severity: SEVERITY_FROM_PROTO[d.getSeverity()] ?? "",
        };
        if (d.getUrn()) {
            out.urn = d.getUrn();
        }
        return out;
    }
}

/**
 * The bytes of an AnalyzeStackRequest with these encoded AnalyzerResources: `repeated
 * AnalyzerResource resources = 1`, each as tag 0x0a (field 1, length-delimited), its length as a
 * varint, and its bytes. Exactly what `AnalyzeStackRequest.serializeBinary()` writes.
 */
export function encodeStackRequest(resources: readonly Uint8Array[]): Buffer {
    const parts: Uint8Array[] = [];
    for (const bytes of resources) {
        const head = [0x0a];
        for (let n = bytes.length; ; n = Math.floor(n / 128)) {
            if (n < 128) {
                head.push(n);
                break;
            }
            head.push((n % 128) | 0x80);
        }
        parts.push(Uint8Array.from(head), bytes);
    }
    return Buffer.concat(parts);
}

function callUnary<Req, Res>(method: Unary<Req, Res>, req: Req, opts: Partial<CallOptions>): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
        method(req, new grpc.Metadata(), opts, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

function stackRequest(s: StackSettings): pb.AnalyzerStackConfigureRequest {
    const req = new analyzerPb.AnalyzerStackConfigureRequest();
    req.setStack(s.stack ?? DEFAULT_STACK.stack);
    req.setProject(s.project ?? DEFAULT_STACK.project);
    req.setOrganization(s.organization ?? DEFAULT_STACK.organization);
    req.setDryRun(s.dryRun ?? false);
    const tags = req.getTagsMap();
    for (const [k, v] of Object.entries(s.tags ?? {})) {
        tags.set(k, v);
    }
    return req;
}

function convertInfo(resp: pb.AnalyzerInfo, yamlVersion: string | undefined) {
    const policies: PolicyInfo[] = resp.getPoliciesList().map(p => {
        const info: PolicyInfo = {
            name: p.getName(),
            description: p.getDescription(),
            enforcementLevel: levelFromProto(p.getEnforcementlevel()),
        };
        if (p.getDisplayname()) {
            info.displayName = p.getDisplayname();
        }
        const schema = p.getConfigschema();
        if (schema) {
            const object: { type: "object"; properties: Record<string, unknown>; required?: string[] } = {
                type: "object",
                properties: fromStruct(schema.getProperties()),
            };
            if (schema.getRequiredList().length > 0) {
                object.required = schema.getRequiredList();
            }
            info.configSchema = object;
        }
        const severity = SEVERITY_FROM_PROTO[p.getSeverity()];
        if (severity) {
            info.severity = severity;
        }
        const kind = p.getPolicyType();
        if (kind === 1 || kind === 2) {
            info.kind = kind === 1 ? "resource" : "stack";
        }
        if (p.getRemediationSteps()) {
            info.remediationSteps = p.getRemediationSteps();
        }
        if (p.getTagsList().length > 0) {
            info.tags = p.getTagsList();
        }
        if (p.getUrl()) {
            info.url = p.getUrl();
        }
        return info;
    });
    const info: PackInfo = {
        name: resp.getName(),
        version: yamlVersion ?? resp.getVersion(),
        supportsConfig: resp.getSupportsconfig(),
        policies,
    };
    if (resp.getDisplayname()) {
        info.displayName = resp.getDisplayname();
    }
    if (resp.getDescription()) {
        info.description = resp.getDescription();
    }
    // The engine reads the initial config like any PolicyConfig: a missing level is the protobuf
    // default 0, i.e. "advisory" (analyzer_plugin.go, GetAnalyzerInfo), and it is applied as such.
    const initialConfig = new Map<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }>();
    resp.getInitialconfigMap().forEach((c: pb.PolicyConfig, name: string) => {
        initialConfig.set(name, {
            enforcementLevel: levelFromProto(c.getEnforcementlevel()),
            properties: fromStruct(c.getProperties()),
        });
    });
    return { info, initialConfig };
}
