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
 * sound because no policy of this pack writes to `args.props` when it validates (tests/pack checks
 * that every policy leaves the decoded value as it found it).
 */

type Decode = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

interface DeserializeModule {
    deserializeProperties: Decode & { decodesOnce?: true };
}

/**
 * Installs the shared decoding in the policy SDK this pack runs with. Returns false, and leaves the
 * SDK alone, when its `deserializeProperties` is not the two-argument function of @pulumi/policy 1.x.
 */
export function decodeOnce(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk: DeserializeModule = require("@pulumi/policy/deserialize") as DeserializeModule,
): boolean {
    const original = sdk.deserializeProperties;
    if (typeof original !== "function" || original.length !== 2) {
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
