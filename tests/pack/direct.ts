/**
 * In-process evaluation of the pack's policies, for the property-based tests and quick feedback.
 * It calls the policies the way @pulumi/policy's server does (props behind the SDK's own
 * unknown-checking proxy, config from getConfig, validateStack with resolved dependencies), but the
 * verdicts that count are the ones from the gRPC harness (tests/harness), which runs the real pack.
 */
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { policies } from "../../policypacks/ml-guardrails/src/policies";
import type { MlPolicy } from "../../policypacks/ml-guardrails/src/lib/policy";

/** The SDK's own proxy (internal to @pulumi/policy, so untyped): reading an unknown through it throws. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const unknownCheckingProxy: <T>(props: T) => T = require("@pulumi/policy/proxy").unknownCheckingProxy;

export interface DirectResource {
    urn: string;
    type: string;
    props: Record<string, unknown>;
    provider?: { urn: string; type: string; name: string; props: Record<string, unknown> };
    propertyDependencies?: Record<string, string[]>;
}

export interface DirectDiagnostic { policy: string; urn: string; message: string; level?: string; stage: "resource" | "stack" }

export function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Runs every policy (or the named ones) over `resources`: validateResource each, then validateStack. */
export function evaluateDirect(
    resources: DirectResource[], config: Record<string, Record<string, unknown>> = {}, only?: string[],
): DirectDiagnostic[] {
    const selected: MlPolicy[] = policies.filter(p => !only || only.includes(p.name));
    const out: DirectDiagnostic[] = [];
    const reporter = (policy: string, stage: "resource" | "stack", fallbackUrn: string) =>
        (message: unknown, urn?: string) => {
            if (typeof message === "object" && message !== null) {
                const m = message as { message: string; urn?: string; enforcementLevel?: string };
                out.push({ policy, urn: m.urn ?? fallbackUrn, message: m.message, level: m.enforcementLevel, stage });
            } else {
                out.push({ policy, urn: urn ?? fallbackUrn, message: String(message), stage });
            }
        };
    for (const p of selected) {
        const getConfig = <T>() => (config[p.name] ?? {}) as T;
        if ("validateResource" in p && typeof p.validateResource === "function") {
            for (const r of resources) {
                const args = {
                    type: r.type, props: unknownCheckingProxy(structuredClone(r.props)), urn: r.urn, name: nameOf(r.urn),
                    opts: {}, getConfig, stackTags: new Map(),
                    provider: r.provider ? { ...r.provider, props: unknownCheckingProxy(structuredClone(r.provider.props)) } : undefined,
                } as unknown as ResourceValidationArgs;
                p.validateResource(args, reporter(p.name, "resource", r.urn));
            }
        }
        if (typeof p.validateStack === "function") {
            const byUrn = new Map<string, PolicyResource>();
            const stackResources = resources.map(r => {
                const pr = {
                    type: r.type, urn: r.urn, name: nameOf(r.urn), props: unknownCheckingProxy(structuredClone(r.props)),
                    opts: {}, dependencies: [], propertyDependencies: {},
                    provider: r.provider ? { ...r.provider, props: unknownCheckingProxy(structuredClone(r.provider.props)) } : undefined,
                } as unknown as PolicyResource;
                byUrn.set(r.urn, pr);
                return pr;
            });
            resources.forEach((r, i) => {
                for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
                    stackResources[i].propertyDependencies[k] = urns.map(u => byUrn.get(u)).filter((x): x is PolicyResource => !!x);
                }
            });
            const args = { resources: stackResources, getConfig, stackTags: new Map() } as unknown as StackValidationArgs;
            p.validateStack(args, reporter(p.name, "stack", ""));
        }
    }
    return out;
}
