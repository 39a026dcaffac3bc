/**
 * The engine emulator itself (cli/src/engine), against fixture packs whose policies report what they
 * received through the policy SDK (tests/harness/fixtures). Independent of ml-guardrails.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    HostResource, PolicyConfigError, PolicyPackHost, UNKNOWN_ARCHIVE, UNKNOWN_ARRAY, UNKNOWN_ASSET, UNKNOWN_BOOL,
    UNKNOWN_NUMBER, UNKNOWN_OBJECT, UNKNOWN_SENTINELS, UNKNOWN_STRING, UNUSED_ENGINE_ADDRESS,
} from "../../cli/src/engine";

const FIXTURES = path.join(__dirname, "fixtures");
const PROBE = path.join(FIXTURES, "probe-pack");
const STACK = { stack: "dev", project: "probe", organization: "acme", dryRun: true, tags: { team: "ml" } };

function resource(type: string, name: string, properties: Record<string, unknown>, extra: Partial<HostResource> = {}): HostResource {
    return { urn: `urn:pulumi:dev::probe::${type}::${name}`, type, name, properties, ...extra };
}

/** The JSON a probe policy put after the description line of its message. */
function payload(message: string): Record<string, unknown> {
    return JSON.parse(message.slice(message.indexOf("\n") + 1));
}

describe("PolicyPackHost (probe pack)", () => {
    let host: PolicyPackHost;

    before(async () => {
        host = await PolicyPackHost.start(PROBE, { stack: STACK });
    });
    after(async () => {
        await host?.close();
    });

    async function echo(r: HostResource): Promise<Record<string, unknown>> {
        const ds = await host.analyze(r);
        const d = ds.find(x => x.policyName === "probe-echo");
        assert.ok(d, `probe-echo reported nothing: ${JSON.stringify(ds)}`);
        return payload(d.message);
    }

    async function configSeen(): Promise<Record<string, unknown>> {
        const ds = await host.analyze(resource("probe:index:Config", "c", {}));
        const d = ds.find(x => x.policyName === "probe-config");
        assert.ok(d, `probe-config reported nothing: ${JSON.stringify(ds)}`);
        return payload(d.message);
    }

    it("starts run-policy-pack from the pack folder with the engine's arguments and environment", async () => {
        const script = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PROBE] });
        assert.deepEqual(host.launch, {
            command: process.execPath,
            // runtime.options become -key=value after "<engine> ."; an empty option is left out.
            args: [script, UNUSED_ENGINE_ADDRESS, ".", "-probeOption=hello"],
            cwd: PROBE,
        });
        await host.configure();
        const seen = await echo(resource("probe:index:Echo", "e", {}));
        assert.equal(seen.cwd, PROBE);
        assert.deepEqual(seen.env, { stack: "dev", project: "probe", organization: "acme", dryRun: "true", nodejsStack: "dev" });
        assert.deepEqual(seen.stackTags, { team: "ml" });
    });

    it("reads the pack's metadata with GetAnalyzerInfo", () => {
        assert.equal(host.info.name, "probe-pack");
        assert.equal(host.info.version, "1.2.3");
        assert.equal(host.info.supportsConfig, true);
        assert.deepEqual(host.info.policies.map(p => [p.name, p.enforcementLevel, p.kind]), [
            ["probe-echo", "advisory", "resource"],
            ["probe-config", "mandatory", "resource"],
            ["probe-unknown", "mandatory", "resource"],
            ["probe-remediate", "advisory", "resource"],
            ["probe-stack", "advisory", "stack"],
        ]);
        const config = host.info.policies.find(p => p.name === "probe-config")!;
        assert.equal(config.severity, "high");
        const schema = config.configSchema as { type: string; properties: Record<string, { default?: unknown }> };
        assert.equal(schema.type, "object");
        assert.equal(schema.properties.maxSize.default, 10);
        assert.equal(host.info.policies.find(p => p.name === "probe-echo")!.configSchema, undefined);
    });

    it("answers GetPluginInfo with the version of the policy SDK that serves the pack", async () => {
        const sdk = require.resolve("@pulumi/policy/package.json", { paths: [PROBE] });
        // (the SDK's package.json spells it "v1.21.0", its version.js "1.21.0")
        const version = String(JSON.parse(fs.readFileSync(sdk, "utf8")).version).replace(/^v/, "");
        assert.deepEqual(await host.pluginInfo(), { version });
    });

    describe("configure", () => {
        it("fills in the schema defaults, as the engine does", async () => {
            await host.configure();
            assert.deepEqual(await configSeen(), { maxSize: 10, mode: "strict" });
            await host.configure({ "probe-config": { maxSize: 3, owners: ["ml-platform"] } });
            assert.deepEqual(await configSeen(), { maxSize: 3, mode: "strict", owners: ["ml-platform"] });
        });

        it("gives every policy a level: its default, the `all` level, or its own from the file", async () => {
            await host.configure();
            assert.deepEqual(Object.fromEntries(host.enforcementLevels()), {
                "probe-echo": "advisory", "probe-config": "mandatory", "probe-unknown": "mandatory",
                "probe-remediate": "advisory", "probe-stack": "advisory",
            });
            await host.configure({ all: "disabled", "probe-config": { enforcementLevel: "advisory", maxSize: 2 } });
            const ds = [
                ...await host.analyze(resource("probe:index:Echo", "e", {})),
                ...await host.analyze(resource("probe:index:Config", "c", {})),
            ];
            assert.deepEqual(ds.map(d => [d.policyName, d.enforcementLevel]), [["probe-config", "advisory"]]);
            await host.configure({ "probe-echo": "mandatory" });
            const [d] = await host.analyze(resource("probe:index:Echo", "e", {}));
            assert.equal(d.enforcementLevel, "mandatory");
            assert.equal(host.enforcementLevels().get("probe-config"), "mandatory");
        });

        const bad: Array<[string, unknown, RegExp]> = [
            ["a value of the wrong type", { "probe-config": { maxSize: "big" } }, /policy "probe-config": maxSize must be of type integer \(got "big"\)/],
            ["a number below the minimum", { "probe-config": { maxSize: 0 } }, /policy "probe-config": maxSize must be >= 1 \(got 0\)/],
            ["a value outside the enum", { "probe-config": { mode: "loose" } }, /policy "probe-config": mode must be one of "strict", "lenient" \(got "loose"\)/],
            ["a bad list element", { "probe-config": { owners: ["ok", ""] } }, /policy "probe-config": owners\[1\] must NOT have fewer than 1 characters/],
            ["a setting the policy does not have", { "probe-config": { maxsize: 3 } }, /policy "probe-config": maxsize is not a setting of this policy \(did you mean "maxSize"\?\)/],
            ["a setting for a policy without settings", { "probe-echo": { verbose: true } }, /policy "probe-echo": verbose is not a setting of this policy; it takes no settings/],
            ["an unknown policy", { "probe-confg": "mandatory" }, /"probe-confg" is not a policy of this pack \(did you mean "probe-config"\?\)/],
            ["an invalid level", { "probe-echo": "blocking" }, /"probe-echo": the enforcement level must be one of advisory, mandatory, remediate, disabled \(got "blocking"\)/],
            ["an invalid level in an object", { "probe-echo": { enforcementLevel: 1 } }, /"probe-echo": enforcementLevel must be one of advisory/],
            ["settings under all", { all: { enforcementLevel: "mandatory", maxSize: 1 } }, /"all" only takes an enforcement level/],
            ["a document that is not an object", [1, 2], /must be a JSON object/],
        ];
        for (const [what, config, message] of bad) {
            it(`rejects ${what} before sending anything`, async () => {
                await host.configure({ "probe-config": { maxSize: 7 } });
                await assert.rejects(host.configure(config), (e: Error) => {
                    assert.ok(e instanceof PolicyConfigError, `not a PolicyConfigError: ${e}`);
                    assert.match(e.message, message);
                    return true;
                });
                // The pack still has the previous config: nothing was sent.
                assert.equal((await configSeen()).maxSize, 7);
            });
        }

        it("reports every problem at once", async () => {
            await assert.rejects(host.configure({ "probe-config": { maxSize: "x", mode: 3 }, nope: "advisory" }),
                (e: PolicyConfigError) => {
                    assert.ok(e.problems.some(p => /"nope" is not a policy/.test(p)), e.message);
                    assert.ok(e.problems.some(p => /probe-config": maxSize/.test(p)), e.message);
                    assert.ok(e.problems.some(p => /probe-config": mode/.test(p)), e.message);
                    return true;
                });
        });
    });

    describe("properties on the wire", () => {
        it("passes every unknown sentinel through untouched, at any depth", async () => {
            await host.configure();
            const sentinels = Object.values(UNKNOWN_SENTINELS);
            const props = {
                ...Object.fromEntries(Object.entries(UNKNOWN_SENTINELS)),
                nested: { deeper: Object.fromEntries(Object.entries(UNKNOWN_SENTINELS)) },
                list: sentinels,
                plain: "an ordinary string",
            };
            const seen = await echo(resource("probe:index:Echo", "e", props));
            assert.deepEqual(seen.props, props);
        });

        // The SDK must recognise each constant as an unknown of its kind (proxy.js): a wrong GUID
        // would be an ordinary string, and probe-unknown would report a mandatory "every property is known".
        const kinds: Array<[string, string]> = [
            [UNKNOWN_STRING, "string"], [UNKNOWN_BOOL, "boolean"], [UNKNOWN_NUMBER, "number"], [UNKNOWN_ARRAY, "Array"],
            [UNKNOWN_ASSET, "asset"], [UNKNOWN_ARCHIVE, "archive"], [UNKNOWN_OBJECT, "Object"],
        ];
        for (const [sentinel, kind] of kinds) {
            it(`sends ${sentinel} so that the policy SDK sees an unknown ${kind}`, async () => {
                await host.configure();
                const ds = await host.analyze(resource("probe:index:Unknown", "u", { value: sentinel }));
                assert.equal(ds.length, 1, JSON.stringify(ds));
                assert.equal(ds[0].enforcementLevel, "advisory");
                assert.match(ds[0].message, new RegExp(`during preview: ${kind} value at \\.value can't be known during preview`));
            });
        }

        it("leaves out top-level internal keys like the engine, but keeps nested ones", async () => {
            await host.configure();
            const seen = await echo(resource("probe:index:Echo", "e", { __defaults: ["x"], a: { __nested: 1 }, b: null }));
            assert.deepEqual(seen.props, { a: { __nested: 1 }, b: null });
        });

        it("always sends resource options, and the provider resource when given", async () => {
            await host.configure();
            const provider = {
                urn: "urn:pulumi:dev::probe::pulumi:providers:aws::ml", type: "pulumi:providers:aws", name: "ml",
                properties: { region: "eu-west-1", __internal: true },
            };
            const seen = await echo(resource("probe:index:Echo", "e", {}, {
                provider, protect: true, parent: "urn:pulumi:dev::probe::pulumi:pulumi:Stack::probe-dev",
            }));
            assert.deepEqual(seen.opts, {
                protect: true, ignoreChanges: [], aliases: [], additionalSecretOutputs: [],
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                parent: "urn:pulumi:dev::probe::pulumi:pulumi:Stack::probe-dev",
            });
            assert.deepEqual(seen.provider, { urn: provider.urn, type: provider.type, name: "ml", props: { region: "eu-west-1" } });
            const bare = await echo(resource("probe:index:Echo", "e", {}));
            assert.equal(bare.provider, null);
            assert.equal((bare.opts as { protect: boolean }).protect, false);
        });
    });

    describe("evaluate", () => {
        const bucket = resource("probe:index:Bucket", "b", { name: "logs" });

        it("remediates first and analyses the remediated properties, at the remediate level", async () => {
            await host.configure({ "probe-remediate": "remediate" });
            const fixed = await host.remediate(bucket);
            assert.deepEqual(fixed.properties, { name: "logs", encrypted: true });
            assert.deepEqual(fixed.remediations.map(r => r.policyName), ["probe-remediate"]);
            const result = await host.evaluate([bucket]);
            assert.deepEqual(result.remediated, [{ urn: bucket.urn, type: bucket.type, policyName: "probe-remediate", description: "Buckets must be encrypted." }]);
            assert.deepEqual(result.diagnostics.filter(d => d.policyName === "probe-remediate"), []);
        });

        it("at the remediate level, still analyses the inputs without top-level internal keys, as sent for each resource", async () => {
            await host.configure({ "probe-remediate": "remediate" });
            const plain = resource("probe:index:Echo", "plain", { a: 1, list: ["x"], nested: { __kept: true } });
            const internal = resource("probe:index:Echo", "internal", { __defaults: ["a"], a: 2 });
            const result = await host.evaluate([plain, internal, bucket]);
            const seen = (r: HostResource) => payload(result.diagnostics.find(d => d.policyName === "probe-echo" && d.urn === r.urn)!.message);
            assert.deepEqual(seen(plain).props, plain.properties);
            assert.deepEqual(seen(internal).props, { a: 2 });
            assert.deepEqual(result.remediated, [{ urn: bucket.urn, type: bucket.type, policyName: "probe-remediate", description: "Buckets must be encrypted." }]);
            assert.deepEqual(result.diagnostics.filter(d => d.policyName === "probe-remediate"), [], "Analyze saw the remediated bucket");
        });

        it("for deployed state, lists the fix but analyses the properties as they are", async () => {
            await host.configure({ "probe-remediate": "remediate" });
            const result = await host.evaluate([bucket], { deployedState: true });
            assert.equal(result.deployedState, true);
            assert.deepEqual(result.remediated.map(r => r.policyName), ["probe-remediate"]);
            const ds = result.diagnostics.filter(d => d.policyName === "probe-remediate");
            // The SDK reports a remediate-level violation that Analyze still sees as mandatory.
            assert.deepEqual(ds.map(d => [d.urn, d.enforcementLevel]), [[bucket.urn, "mandatory"]]);
        });

        it("does not remediate below the remediate level", async () => {
            await host.configure({ "probe-remediate": "mandatory" });
            const result = await host.evaluate([bucket]);
            assert.deepEqual(result.remediated, []);
            const ds = result.diagnostics.filter(d => d.policyName === "probe-remediate");
            assert.deepEqual(ds.map(d => [d.urn, d.type, d.stage, d.enforcementLevel]),
                [[bucket.urn, bucket.type, "resource", "mandatory"]]);
            assert.match(ds[0].message, /the bucket is not encrypted/);
        });

        it("sends AnalyzeStack every resource with parent, dependencies and property dependencies", async () => {
            await host.configure();
            const parent = resource("probe:index:Component", "parent", {});
            const key = resource("probe:index:Key", "key", { arn: "arn:key" });
            const probe = resource("probe:index:StackProbe", "probe", { keyArn: UNKNOWN_STRING }, {
                parent: parent.urn,
                dependencies: [key.urn, parent.urn],
                propertyDependencies: { keyArn: [key.urn], empty: [] },
                protect: true,
            });
            const result = await host.evaluate({ analyze: [parent, key, probe], stack: [parent, key, probe] });
            assert.equal(result.resources, 3);
            const stack = result.diagnostics.filter(d => d.stage === "stack");
            assert.deepEqual(stack.map(d => [d.urn, d.type]), [[probe.urn, probe.type], ["", ""]]);
            assert.deepEqual(payload(stack[0].message), {
                name: "probe", parent: parent.urn, dependencies: [key.urn, parent.urn],
                // the engine leaves out properties without dependencies
                propertyDependencies: { keyArn: [key.urn] },
                props: { keyArn: UNKNOWN_STRING }, provider: null, protect: true,
            });
            assert.match(stack[1].message, /the stack has 3 resources/);
        });
    });
});

describe("PolicyPackHost lifecycle", () => {
    function alive(pid: number): boolean {
        try {
            process.kill(pid, 0);
            return true;
        } catch {
            return false;
        }
    }

    it("close() stops the pack process and waits for it", async () => {
        const host = await PolicyPackHost.start(PROBE);
        const pid = host.pid!;
        assert.ok(alive(pid));
        await host.close();
        assert.equal(alive(pid), false);
        await host.close();
        await assert.rejects(host.analyze(resource("probe:index:Echo", "e", {})), /closed/);
    });

    it("configures the pack with its defaults before the first Analyze, as the engine always does", async () => {
        const host = await PolicyPackHost.start(PROBE);
        try {
            const ds = await host.analyze(resource("probe:index:Config", "c", {}));
            assert.deepEqual(payload(ds[0].message), { maxSize: 10, mode: "strict" });
        } finally {
            await host.close();
        }
    });

    it("fails clearly for a folder that is not a policy pack", async () => {
        await assert.rejects(PolicyPackHost.start(FIXTURES), /is not a policy pack: .*PulumiPolicy\.yaml does not exist/);
    });

    it("surfaces the stderr of a pack that crashes before serving", async () => {
        await assert.rejects(PolicyPackHost.start(path.join(FIXTURES, "broken-pack")),
            /exited \(code \d+\) before printing its gRPC port[\s\S]*probe failure: the pack crashed while loading/);
    });

    it("times out on a pack that never prints its port", async () => {
        await assert.rejects(PolicyPackHost.start(path.join(FIXTURES, "silent-pack"), { timeoutMs: 1500 }),
            /did not print its gRPC port within 1500 ms/);
    });

    it("rejects a first stdout line that is not a port", async () => {
        await assert.rejects(PolicyPackHost.start(path.join(FIXTURES, "chatty-pack")),
            /printed "loading policies\.\.\." as the first line of stdout, where the engine expects the gRPC port/);
    });
});
