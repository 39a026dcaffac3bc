/**
 * The engine's wire encoding of values that are not known yet (during `pulumi preview`).
 *
 * The engine marshals a computed value as one of these strings, chosen by the type it expects
 * (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go, `marshalUnknownProperty`), and the policy SDK
 * recognises exactly these (node_modules/@pulumi/policy/proxy.js, `isUnknown`). The host passes them
 * through untouched: it never interprets property values.
 *
 * Note: the archive and object sentinels are `e48ece36-…` and `dd056dcd-…` (checked against
 * @pulumi/policy 1.21 proxy.js and the engine's rpc.go); any other GUID is an ordinary string to the SDK.
 */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
export const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";
export const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
export const UNKNOWN_ASSET = "030794c1-ac77-496b-92df-f27374a8bd58";
export const UNKNOWN_ARCHIVE = "e48ece36-62e2-4504-bad9-02848725956a";
export const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";

/** Every unknown sentinel, keyed by the kind of value it stands for. */
export const UNKNOWN_SENTINELS = {
    string: UNKNOWN_STRING,
    bool: UNKNOWN_BOOL,
    number: UNKNOWN_NUMBER,
    array: UNKNOWN_ARRAY,
    asset: UNKNOWN_ASSET,
    archive: UNKNOWN_ARCHIVE,
    object: UNKNOWN_OBJECT,
} as const;

const ALL: ReadonlySet<string> = new Set(Object.values(UNKNOWN_SENTINELS));

/** True when `value` is one of the engine's unknown sentinels. */
export function isUnknownSentinel(value: unknown): boolean {
    return typeof value === "string" && ALL.has(value);
}

/**
 * Signature key and values of the engine's special objects (pulumi/pulumi rpc.go, `sig`): secrets,
 * assets and archives travel as `{ [SPECIAL_SIG_KEY]: <sig>, ... }`.
 */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
