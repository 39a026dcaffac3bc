/**
 * What every shape shares: the plain form of a Pulumi resource's inputs, tags as a map, a VPC
 * config, a resource spec, and dropping what the API left unset.
 *
 * A shape is the live resource as the inputs of the Pulumi resource that would create it: the names
 * of `@pulumi/aws` 7.48 (`Plain<aws.sagemaker.XArgs>`, so `tsc` rejects a name the provider does
 * not have), read from the Describe* response (typed by the AWS SDK, so a misread member is rejected
 * too). A member the API leaves out stays out: the pack reads "absent" as "not set", which is what
 * the service did.
 */
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import type { ResourceSpec, Tag, VpcConfig } from "@aws-sdk/client-sagemaker";

type DeepPartial<T> = T extends readonly (infer U)[] ? DeepPartial<U>[] : T extends object ? { -readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** The inputs of a Pulumi resource as plain values, every one optional at every depth (the API may leave any out). */
export type Plain<T> = DeepPartial<Unwrap<T>>;

/** One live resource as the pack judges it. */
export interface Shape {
    /** The Pulumi type token the pack targets. */
    readonly type: string;
    readonly inputs: Record<string, unknown>;
}

/** `[{Key, Value}]` (ListTags) as the provider's `tags` map. */
export function tagMap(tags: readonly Tag[] | undefined): Record<string, string> | undefined {
    if (!tags || tags.length === 0) {
        return undefined;
    }
    return Object.fromEntries(tags.filter(t => t.Key !== undefined).map(t => [t.Key, t.Value ?? ""]));
}

/** A VPC config (the same members on models, jobs and monitoring). */
export function vpcConfig(v: VpcConfig | undefined): Plain<aws.types.input.sagemaker.ModelVpcConfig> | undefined {
    return v && { securityGroupIds: v.SecurityGroupIds, subnets: v.Subnets };
}

/** Every resource spec of the provider has these members (the app's, and each app type's default). */
type ResourceSpecInputs = Plain<aws.types.input.sagemaker.AppResourceSpec>;

/** A Studio app's resource spec (the provider spells SageMaker `sagemaker`). */
export function resourceSpec(r: ResourceSpec): ResourceSpecInputs;
export function resourceSpec(r: ResourceSpec | undefined): ResourceSpecInputs | undefined;
export function resourceSpec(r: ResourceSpec | undefined): ResourceSpecInputs | undefined {
    return r && {
        instanceType: r.InstanceType,
        lifecycleConfigArn: r.LifecycleConfigArn,
        sagemakerImageArn: r.SageMakerImageArn,
        sagemakerImageVersionAlias: r.SageMakerImageVersionAlias,
        sagemakerImageVersionArn: r.SageMakerImageVersionArn,
    };
}

/** A Studio app type's settings: its default resource spec, when it has one. */
export function appSettings(a: { DefaultResourceSpec?: ResourceSpec } | undefined): { defaultResourceSpec: ResourceSpecInputs } | undefined {
    return a?.DefaultResourceSpec && { defaultResourceSpec: resourceSpec(a.DefaultResourceSpec) };
}

/** `value` without undefined members, empty objects left by them, or Dates (at any depth). */
export function compact(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(compact).filter(v => v !== undefined);
    }
    if (value instanceof Date) {
        return undefined;
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const c = compact(v);
            if (c !== undefined) {
                out[k] = c;
            }
        }
        return Object.keys(out).length > 0 ? out : undefined;
    }
    return value;
}

/** A shape of `type` from typed inputs. */
export function shape<T extends object>(type: string, inputs: T): Shape {
    return { type, inputs: (compact(inputs) ?? {}) as Record<string, unknown> };
}
