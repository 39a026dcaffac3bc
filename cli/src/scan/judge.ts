/**
 * The pack's verdict on each live resource: sent to Analyze over gRPC, one request per resource, as
 * the engine sends a resource of a stack (engine/host.ts), with a URN that names the resource by its
 * ARN (`urn:pulumi:<stack>::live::<type>::<arn>`, which is what exemptions match) and the AWS
 * provider of its account and region.
 *
 * Two steps of an update are left out on purpose. Remediate: nothing applies a fix to a resource
 * Pulumi does not manage, so a remediate-level policy reports the live violation as the SDK's Analyze
 * reports it, at the mandatory level. AnalyzeStack: the stack policy judges what one Pulumi stack
 * deploys (its trail), not an account's live resources.
 */
import type { Diagnostic, HostResource, PolicyPackHost } from "../engine";
import { LiveResource, mapLimit } from "./read";

/** The project segment of a live resource's URN. */
export const LIVE_PROJECT = "live";

export interface Finding extends Diagnostic {
    readonly resource: LiveResource;
    readonly urn: string;
}

export function liveUrn(stack: string, r: LiveResource): string {
    return `urn:pulumi:${stack}::${LIVE_PROJECT}::${r.shape.type}::${r.arn}`;
}

export function hostResource(stack: string, r: LiveResource): HostResource {
    const providerName = `${r.accountId}-${r.region}`;
    return {
        urn: liveUrn(stack, r),
        type: r.shape.type,
        name: r.arn,
        properties: r.shape.inputs,
        provider: {
            urn: `urn:pulumi:${stack}::${LIVE_PROJECT}::pulumi:providers:${r.shape.type.split(":")[0]}::${providerName}`,
            type: `pulumi:providers:${r.shape.type.split(":")[0]}`,
            name: providerName,
            properties: { region: r.region },
        },
    };
}

/** Every diagnostic of the pack on `resources`, `concurrency` requests in flight. */
export async function judge(host: Pick<PolicyPackHost, "analyze">, stack: string, resources: readonly LiveResource[], concurrency = 16): Promise<Finding[]> {
    const perResource = await mapLimit(resources, concurrency, async resource => {
        const r = hostResource(stack, resource);
        return (await host.analyze(r)).map(d => ({ ...d, resource, urn: r.urn }));
    });
    return perResource.flat();
}
