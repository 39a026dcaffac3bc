/**
 * Decodes each request's properties once, not once per policy.
 *
 * @pulumi/policy 1.21 turns a request's protobuf Struct into JavaScript for every policy it runs
 * (server.js: Analyze and AnalyzeStack call `deserializeProperties` inside their loop over the
 * policies, and `getProviderResource` decodes the provider's properties there too). With this pack's
 * 40 policies that is 40 decodings of every resource at Analyze and 40 of the whole stack at
 * AnalyzeStack: most of the pack's time on a large stack, for the same value each time.
 *
 * The Struct is the request's own object (google-protobuf keeps the wrapper it returns from
 * `getProperties()`), so the decoded value is cached against it in a WeakMap and goes away with the
 * request. Only the read-only decoding is shared (`proxySecrets = false`, Analyze and AnalyzeStack):
 * Remediate decodes with secret-preserving proxies and its policies change what they get. Sharing is
 * sound because no policy of this pack writes to `args.props` when it validates (the rule is stated in
 * lib/policy.ts; tests/pack/sdk-handling.spec.ts checks that every policy leaves the decoded value as
 * it found it, and that the verdicts equal those of the SDK's own decoding).
 *
 * It relies on how server.js of @pulumi/policy 1.21 calls the decoding, so it installs itself only on
 * that version; on another, the pack runs with the SDK's own decoding and that test fails until the
 * new server.js has been reviewed.
 */

type Decode = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

interface DeserializeModule {
    deserializeProperties: Decode & { decodesOnce?: true };
}

/** The @pulumi/policy versions whose server.js this was reviewed against. */
export const REVIEWED_SDK_VERSIONS = /^v?1\.21\.\d+$/;

/** The version of the @pulumi/policy this pack runs with (its package.json says `v1.21.0`). */
function sdkVersion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((require("@pulumi/policy/package.json") as { version?: unknown }).version);
}

/**
 * Installs the shared decoding in the policy SDK this pack runs with. Returns false, and leaves the
 * SDK alone, on an SDK version not reviewed, or when its `deserializeProperties` is not the
 * two-argument function of @pulumi/policy 1.21.
 */
export function decodeOnce(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk: DeserializeModule = require("@pulumi/policy/deserialize") as DeserializeModule,
    version: string = sdkVersion(),
): boolean {
    const original = sdk.deserializeProperties;
    if (!REVIEWED_SDK_VERSIONS.test(version) || typeof original !== "function" || original.length !== 2) {
        return false;
    }
    if (original.decodesOnce) {
        return true;
    }
    const decoded = new WeakMap<object, Record<string, unknown>>();
    const shared: DeserializeModule["deserializeProperties"] = (struct, proxySecrets) => {
        if (proxySecrets || struct === null || typeof struct !== "object") {
            return original(struct, proxySecrets);
        }
        let value = decoded.get(struct);
        if (value === undefined) {
            value = original(struct, false);
            decoded.set(struct, value);
        }
        return value;
    };
    shared.decodesOnce = true;
    sdk.deserializeProperties = shared;
    return true;
}
