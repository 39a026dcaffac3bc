import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import {
    EnforcementLevel, PolicyResource, ReportViolation, ResourceValidationArgs,
    ResourceValidationPolicy, Severity, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { Checker, Finding, PROVENANCE } from "./checker";
import { ConfigFields, ConfigValues, Exemption, exemptions, parseConfig } from "./config";
import { read, topLevelProperty } from "./props";
import { unsafeFix } from "./replacement";
import { isUnknown, rawProps } from "./unknowns";

/** External controls a policy implements or mirrors. */
export interface Controls {
    /** AWS Security Hub CSPM control ids (`SageMaker.1`). */
    readonly securityHub?: readonly string[];
    /** AWS Config managed rule identifiers (`sagemaker-notebook-no-direct-internet-access`). */
    readonly awsConfig?: readonly string[];
    /** Checkov check ids (`CKV_AWS_122`, `CKV2_AWS_68`). */
    readonly checkov?: readonly string[];
    /** Prowler check names (`sagemaker_notebook_instance_root_access_disabled`). */
    readonly prowler?: readonly string[];
    /** AWS Control Tower control ids (`CT.SAGEMAKER.PR.1`). */
    readonly controlTower?: readonly string[];
    /** CIS AWS Foundations Benchmark recommendations, with the version (`v5.0.0 3.5`). */
    readonly cis?: readonly string[];
    /** Other references (condition keys, the seed lab, the catalog). */
    readonly other?: readonly string[];
}

/** What the docs and the CLI need to know of a policy beyond what the SDK carries. */
export interface PolicyMeta {
    readonly area: string;
    readonly remediation: string;
    readonly controls: Controls;
    readonly resourceTypes: readonly string[];
    readonly kind: "resource" | "stack";
    /** What the remediate level changes on an existing resource (when the policy can remediate). */
    readonly remediationEffect?: string;
}

export interface CheckContext {
    /** The AWS provider the resource is created with, when the engine names one. */
    readonly provider?: { readonly type: string; readonly props: Record<string, unknown> };
}

export interface ResourcePolicySpec<Target, F extends ConfigFields> {
    readonly name: string;
    readonly description: string;
    readonly area: string;
    readonly severity: Severity;
    readonly enforcementLevel: "mandatory" | "advisory" | "remediate";
    /** What to change, in the user's Pulumi program, to comply. */
    readonly remediation: string;
    readonly controls: Controls;
    /**
     * Per resource type token: the data the check function needs (property paths, mostly). A key
     * ending in `*` matches every type that starts with it (`aws:sagemaker/*`).
     */
    readonly targets: Readonly<Record<string, Target>>;
    readonly config?: F;
    /**
     * Reads the resource through the Checker and reports findings; never writes to the resource's
     * properties, which every policy of a request shares (lib/decode-once.ts).
     */
    check(c: Checker, target: Target, config: ConfigValues<F>, context: CheckContext): void;
    /**
     * The fix of the `remediate` level: property paths set to fixed values. Only inputs that update in
     * place (lib/replacement.ts): the engine remediates an existing resource as well as a new one.
     */
    readonly remediate?: {
        readonly fixes: (target: Target) => ReadonlyArray<{ readonly path: string; readonly value: unknown }>;
        /** What applying the fix does to an existing resource (for the docs). */
        readonly effect: string;
    };
}

/** The same target data for each of `types` (an `aws` type and its `aws-native` twin, usually). */
export function forTypes<T>(types: readonly string[], target: T): Record<string, T> {
    return Object.fromEntries(types.map(type => [type, target]));
}

/**
 * A resource policy. `validateStack` is there only while the policy holds deferred findings (see
 * defineResourcePolicy), so the SDK runs it at AnalyzeStack only then.
 */
export type MlResourcePolicy = ResourceValidationPolicy & Partial<Pick<StackValidationPolicy, "validateStack">> & {
    readonly meta: PolicyMeta;
};
export type MlStackPolicy = StackValidationPolicy & { readonly meta: PolicyMeta };
export type MlPolicy = MlResourcePolicy | MlStackPolicy;

/**
 * The object form of reportViolation: the SDK accepts it at run time (server.ts,
 * makeReportViolationFun) and uses it to report an exempted finding as advisory.
 */
type ReportObject = (violation: { message: string; urn?: string; enforcementLevel?: EnforcementLevel }) => void;

const exemptionField = { exemptions };

function configParser<F extends ConfigFields>(name: string, fields: F | undefined) {
    const all = { ...(fields ?? {}), ...exemptionField } as F & typeof exemptionField;
    let cached: { key: string; value: ConfigValues<typeof all> } | undefined;
    return {
        schema: {
            properties: Object.fromEntries(Object.entries(all).map(([k, f]) => [k, f.schema])) as
                Record<string, PolicyConfigJSONSchema>,
        },
        parse(raw: Record<string, unknown>): ConfigValues<typeof all> {
            const key = JSON.stringify(raw);
            if (cached?.key !== key) {
                cached = { key, value: parseConfig(name, all, raw) };
            }
            return cached.value;
        },
    };
}

type Described = Pick<ResourcePolicySpec<unknown, ConfigFields>,
    "name" | "description" | "area" | "severity" | "enforcementLevel" | "remediation" | "controls">;

/** The ids of the external controls, for the policy's tags (`SageMaker.1`, `CKV_AWS_122`, ...). */
function controlIds(c: Controls): string[] {
    return [c.securityHub, c.awsConfig, c.checkov, c.prowler, c.controlTower, c.cis?.map(r => `CIS ${r}`)]
        .flatMap(list => list ?? []);
}

/** What the SDK, the docs and the CLI read of a policy, from its spec. */
function described(spec: Described, configSchema: { properties: Record<string, PolicyConfigJSONSchema> },
    resourceTypes: readonly string[], kind: PolicyMeta["kind"], remediationEffect?: string) {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        severity: spec.severity,
        // Sent with GetAnalyzerInfo: the engine (and mlgov's reports) show them with a violation.
        remediationSteps: spec.remediation,
        tags: controlIds(spec.controls),
        configSchema,
        meta: { area: spec.area, remediation: spec.remediation, controls: spec.controls, resourceTypes, kind, remediationEffect },
    };
}

/** Reports a finding, unless an exemption that has not expired covers the resource. */
function report(
    violation: ReportViolation, description: string, message: string, urn: string,
    list: readonly Exemption[], now = new Date(),
): void {
    const exemption = list.find(e => e.matches(urn));
    if (exemption && !exemption.expired(now)) {
        (violation as unknown as ReportObject)({
            message: `${description}\n${message}\nExempted until ${exemption.expires}: ${exemption.reason}`,
            urn,
            enforcementLevel: "advisory",
        });
        return;
    }
    const expired = exemption ? `\nThe exemption for "${exemption.urn}" expired on ${exemption.expires}.` : "";
    violation(`${message}${expired}`, urn);
}

function unresolved(finding: Finding, resource: PolicyResource): string | undefined {
    const provenance = finding.unknown?.provenance;
    const property = topLevelProperty(finding.path);
    const deps = resource.propertyDependencies?.[property] ?? [];
    if (provenance) {
        const accepted: readonly string[] = PROVENANCE[provenance].types;
        if (deps.some(d => accepted.includes(d.type))) {
            return undefined;
        }
        const from = deps.length ? deps.map(d => d.type).join(", ") : "no resource in this stack";
        return `${finding.message}, and it does not come from ${PROVENANCE[provenance].what} in this stack ` +
            `(\`${property}\` depends on ${from}). Pass a known value, or one from ${PROVENANCE[provenance].what} ` +
            "created in this stack.";
    }
    return `${finding.message}, so it cannot be verified before the update. Give it a value known at preview.`;
}

/**
 * A resource policy: data (targets, metadata, config) plus one small check function.
 *
 * Known values are judged in `validateResource`, before the resource is created, whatever else about
 * the resource is unknown. Unknown values become deferred findings; `validateStack` (the same policy,
 * called once at the end of the preview with the engine's propertyDependencies) resolves them: an
 * unknown KMS key, subnet, security group or VPC that comes from a resource of that kind in the stack
 * counts as set, anything else is reported. During `pulumi up` every input is known, so nothing is
 * deferred.
 *
 * `validateStack` is a getter that is undefined while nothing is deferred. The SDK asks for it at
 * every AnalyzeStack (`isStackPolicy`: is it a function?) and, for each stack policy, builds an object
 * for every resource of the stack before calling it: on a large stack, 40 policies that have nothing to
 * resolve cost seconds and a gigabyte. Without deferred findings the policy's stack validation would
 * report nothing, so skipping it changes no verdict. GetAnalyzerInfo lists the policy as a resource
 * policy either way (the SDK checks `validateResource` first).
 */
export function defineResourcePolicy<Target, F extends ConfigFields = Record<string, never>>(
    spec: ResourcePolicySpec<Target, F>,
): MlResourcePolicy {
    checkRemediation(spec);
    const config = configParser(spec.name, spec.config);
    const prefixes = Object.keys(spec.targets).filter(t => t.endsWith("*")).map(t => [t.slice(0, -1), spec.targets[t]] as const);
    const targetOf = (type: string): Target | undefined =>
        Object.prototype.hasOwnProperty.call(spec.targets, type) ? spec.targets[type] : prefixes.find(([p]) => type.startsWith(p))?.[1];
    const deferred = new Map<string, Finding[]>();
    const policy: MlResourcePolicy = {
        ...described(spec, config.schema, Object.keys(spec.targets), "resource", spec.remediate?.effect),
        validateResource: (args: ResourceValidationArgs, violation: ReportViolation) => {
            const target = targetOf(args.type);
            if (target === undefined) {
                return;
            }
            const values = config.parse(args.getConfig());
            const checker = new Checker(args.type, rawProps(args.props));
            const provider = args.provider ? { type: args.provider.type, props: rawProps(args.provider.props) } : undefined;
            spec.check(checker, target, values as ConfigValues<F>, { provider });
            const pending = checker.findings.filter(f => f.unknown);
            if (pending.length > 0) {
                deferred.set(args.urn, pending);
            } else {
                deferred.delete(args.urn);
            }
            for (const f of checker.findings) {
                if (!f.unknown) {
                    report(violation, spec.description, f.message, args.urn, values.exemptions);
                }
            }
        },
    };
    const validateStack = (args: StackValidationArgs, violation: ReportViolation) => {
        const values = config.parse(args.getConfig());
        for (const resource of args.resources) {
            for (const f of deferred.get(resource.urn) ?? []) {
                const message = unresolved(f, resource);
                if (message) {
                    report(violation, spec.description, message, resource.urn, values.exemptions);
                }
            }
        }
        deferred.clear();
    };
    Object.defineProperty(policy, "validateStack", {
        get: () => (deferred.size > 0 ? validateStack : undefined),
        enumerable: true,
    });
    if (spec.remediate) {
        const fixes = spec.remediate.fixes;
        policy.remediateResource = (args: ResourceValidationArgs) => {
            const target = targetOf(args.type);
            if (target === undefined) {
                return undefined;
            }
            const raw = rawProps(args.props);
            let changed = false;
            for (const { path, value } of fixes(target)) {
                changed = setPath(args.props, raw, path, value) || changed;
            }
            return changed ? args.props : undefined;
        };
    }
    return policy;
}

/** A remediate-level policy must have a fix, and its fix must be safe on every type it targets. */
function checkRemediation<Target, F extends ConfigFields>(spec: ResourcePolicySpec<Target, F>): void {
    if (spec.enforcementLevel === "remediate" && !spec.remediate) {
        throw new Error(`${spec.name}: the remediate level needs a fix (spec.remediate)`);
    }
    for (const [type, target] of Object.entries(spec.targets)) {
        for (const { path } of spec.remediate?.fixes(target) ?? []) {
            const problem = unsafeFix(type, path);
            if (problem) {
                throw new Error(`${spec.name}: cannot remediate \`${path}\`: ${problem}; make the policy mandatory instead`);
            }
        }
    }
}

/**
 * Sets a dotted path through the SDK's proxy (so that secrets stay secret), creating the objects on
 * the way. Nothing is changed when a value on the way is unknown, when the value is already right, or
 * when it is of a shape the fix does not understand (a list or object: the violation stands).
 */
function setPath(props: Record<string, unknown>, raw: Record<string, unknown>, path: string, value: unknown): boolean {
    const current = read(raw, path);
    if (current.state === "unknown" ||
        (current.state === "known" && (current.value === value || typeof current.value === "object"))) {
        return false;
    }
    const keys = path.split(".");
    let proxied: Record<string, unknown> = props;
    let plain: unknown = raw;
    for (const key of keys.slice(0, -1)) {
        const next = plain !== null && typeof plain === "object" ? (plain as Record<string, unknown>)[key] : undefined;
        if (next === undefined || next === null) {
            proxied[key] = {};
        } else if (isUnknown(next) || typeof next !== "object" || Array.isArray(next)) {
            return false;
        }
        proxied = proxied[key] as Record<string, unknown>;
        plain = (plain as Record<string, unknown>)[key];
    }
    proxied[keys[keys.length - 1]] = value;
    return true;
}

export interface StackPolicySpec<F extends ConfigFields> {
    readonly name: string;
    readonly description: string;
    readonly area: string;
    readonly severity: Severity;
    readonly enforcementLevel: "mandatory" | "advisory";
    readonly remediation: string;
    readonly controls: Controls;
    /** The resource types the policy looks at (for the docs). */
    readonly resourceTypes: readonly string[];
    readonly config?: F;
    /**
     * When set, the stack stage runs only once Analyze has seen a resource of one of these types: the
     * policy has nothing to say about a stack without one, and the SDK builds an object for every
     * resource of the stack for each stack policy it runs (see defineResourcePolicy).
     */
    readonly onlyWith?: readonly string[];
    /** Returns the findings, each with the URN it concerns; never writes to the resources (see ResourcePolicySpec.check). */
    check(resources: readonly PolicyResource[], config: ConfigValues<F>): Array<{ urn: string; message: string }>;
}

/** A stack policy, with the same config handling and exemptions as the resource policies. */
export function defineStackPolicy<F extends ConfigFields = Record<string, never>>(spec: StackPolicySpec<F>): MlStackPolicy {
    const config = configParser(spec.name, spec.config);
    const validateStack = (args: StackValidationArgs, violation: ReportViolation) => {
        const values = config.parse(args.getConfig());
        for (const f of spec.check(args.resources, values as ConfigValues<F>)) {
            report(violation, spec.description, f.message, f.urn, values.exemptions);
        }
    };
    const policy: MlStackPolicy = { ...described(spec, config.schema, spec.resourceTypes, "stack"), validateStack };
    if (!spec.onlyWith) {
        return policy;
    }
    // Analyze of a resource of those types arms the stack stage for the next AnalyzeStack.
    const types = new Set(spec.onlyWith);
    let armed = false;
    const gated = policy as MlStackPolicy & Pick<ResourceValidationPolicy, "validateResource">;
    gated.validateResource = (args: ResourceValidationArgs) => {
        armed ||= types.has(args.type);
    };
    Object.defineProperty(gated, "validateStack", {
        get: () => (armed ? (args: StackValidationArgs, violation: ReportViolation) => {
            armed = false;
            validateStack(args, violation);
        } : undefined),
        enumerable: true,
    });
    return gated;
}
