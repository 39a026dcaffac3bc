/**
 * Unknown values, as the Pulumi engine sends them during `pulumi preview`.
 *
 * The sentinels are part of the engine's wire protocol (pkg/resource/plugin/rpc.go); the policy SDK
 * wraps `args.props` in a proxy that throws on reading one, which turns a mandatory policy into an
 * advisory "can't run during preview". The policies here read the raw properties and decide unknowns
 * themselves (see ../README and docs/policies.md, "Preview").
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** True when `error` is the SDK's UnknownValueError (thrown by its proxy on reading an unknown). */
export function isUnknownValueError(error: unknown): boolean {
    return error instanceof Error && error.constructor.name === "UnknownValueError";
}

/**
 * The plain property bag behind the SDK's unknown-checking proxy (the SDK itself unwraps it the same
 * way when it serializes a remediation). A plain object is returned as it is.
 */
export function rawProps(props: unknown): Record<string, unknown> {
    if (props === null || typeof props !== "object") {
        return {};
    }
    const bag = props as Record<string, unknown>;
    if (bag["__isSpecialProxy"] === true) {
        const target = bag["__getSpecialProxyTarget"];
        if (target !== null && typeof target === "object") {
            return target as Record<string, unknown>;
        }
    }
    return bag;
}
