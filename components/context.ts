import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where a component deploys: resolved from the invokes of its provider (never from the default provider). */
export interface AwsTarget {
    /** `aws`, `aws-cn` or `aws-us-gov`. */
    readonly partition: string;
    /** Region code, e.g. `eu-west-1`. */
    readonly region: string;
    /** 12-digit account id. */
    readonly account: string;
}

/** CloudWatch Logs retention values (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Tags as the resources take them. */
export type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** What a building block needs to create children of a component: their name prefix, parent and tags. */
export interface ChildScope {
    /** The component's name: every child is named `${name}-…`. */
    readonly name: string;
    /** The component: every child gets `{ parent }`, so the component's provider reaches it. */
    readonly parent: pulumi.Resource;
    /** Tags for every taggable child. */
    readonly tags?: Tags;
    /** Another account's provider for these children (default: the component's, through `parent`). */
    readonly provider?: pulumi.ProviderResource;
}

/** The resource options of a scope's children: its parent, and its provider when it names one. */
export function childOptions(scope: ChildScope): pulumi.CustomResourceOptions {
    return scope.provider ? { parent: scope.parent, provider: scope.provider } : { parent: scope.parent };
}

/** The scope's tags plus a `Name` tag (what the EC2 console shows). */
export function withNameTag(tags: Tags | undefined, name: string): pulumi.Output<Record<string, string>> {
    return pulumi.output(tags ?? {}).apply((t): Record<string, string> => ({ ...t, Name: name }));
}

/** The target of the component's provider, from the account, region and partition invokes (all with `{ parent }`). */
export function resolveTarget(parent: pulumi.Resource): pulumi.Output<AwsTarget> {
    const opts = { parent };
    return pulumi.all([
        aws.getPartitionOutput({}, opts).partition,
        aws.getRegionOutput({}, opts).region,
        aws.getCallerIdentityOutput({}, opts).accountId,
    ]).apply(([partition, region, account]) => ({ partition, region, account }));
}
