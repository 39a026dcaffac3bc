/**
 * The gRPC and protobuf modules the host talks to the pack with.
 *
 * Everything is loaded from where `@pulumi/pulumi` resolves it: the generated `analyzer_pb` messages
 * check `instanceof` against *their* copy of google-protobuf (`Struct`, `Empty`) and the generated
 * client against *their* copy of @grpc/grpc-js (channel credentials), so mixing in another copy
 * would fail at run time (the policy SDK works around the same trap in server.js, `configure`).
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as analyzerPbTypes from "@pulumi/pulumi/proto/analyzer_pb";
import type * as analyzerGrpcTypes from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as emptyPbTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";

const pulumiPackageJson = require.resolve("@pulumi/pulumi/package.json");
const pulumiRequire = createRequire(pulumiPackageJson);

/** Directory of the @pulumi/pulumi the host uses for the protocol. */
export const pulumiSdkDir = path.dirname(pulumiPackageJson);

export const grpc: typeof grpcTypes = pulumiRequire("@grpc/grpc-js");
export const analyzerPb: typeof analyzerPbTypes = pulumiRequire("./proto/analyzer_pb");
export const analyzerGrpc: typeof analyzerGrpcTypes = pulumiRequire("./proto/analyzer_grpc_pb");
export const structPb: typeof structPbTypes = pulumiRequire("google-protobuf/google/protobuf/struct_pb");
export const emptyPb: typeof emptyPbTypes = pulumiRequire("google-protobuf/google/protobuf/empty_pb");

/** Loads a module the way @pulumi/pulumi resolves it (used for its js-yaml). */
export function requireFromPulumi<T>(id: string): T {
    return pulumiRequire(id) as T;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A plain value as the engine would marshal it into a `google.protobuf.Value`: `undefined` object
 * fields are dropped (a property map has no undefined), `undefined` list elements become null.
 * Strings, including the unknown sentinels, are passed through unchanged.
 */
export function toJsonValue(value: unknown, where: string): JsonValue {
    if (value === null || value === undefined) {
        return null;
    }
    switch (typeof value) {
        case "string":
        case "boolean":
            return value;
        case "number":
            if (!Number.isFinite(value)) {
                throw new TypeError(`${where}: ${value} cannot be sent to the policy pack (not a finite number)`);
            }
            return value;
        case "object": {
            if (Array.isArray(value)) {
                return value.map((v, i) => toJsonValue(v, `${where}[${i}]`));
            }
            const out: { [key: string]: JsonValue } = {};
            for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
                if (v !== undefined) {
                    out[k] = toJsonValue(v, `${where}.${k}`);
                }
            }
            return out;
        }
        default:
            throw new TypeError(`${where}: a ${typeof value} cannot be sent to the policy pack`);
    }
}

/** A property bag as a protobuf Struct. `skipInternalKeys` drops top-level `__` keys, as the engine does. */
export function toStruct(
    props: Record<string, unknown> | undefined, where: string, skipInternalKeys: boolean,
): structPbTypes.Struct {
    const fields: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(props ?? {})) {
        if (v === undefined || (skipInternalKeys && k.startsWith("__"))) {
            continue;
        }
        fields[k] = toJsonValue(v, `${where}.${k}`);
    }
    return structPb.Struct.fromJavaScript(fields);
}

/** A protobuf Struct back to a plain object. */
export function fromStruct(struct: structPbTypes.Struct | undefined): Record<string, unknown> {
    return struct ? (struct.toJavaScript() as Record<string, unknown>) : {};
}
