/**
 * `mlgov audit`, run as a user runs it: `node cli/bin/mlgov.js audit …` in a child process, against
 * the built ml-guardrails pack (or, with --policy-pack, the fixture packs of tests/harness/fixtures).
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { PolicyInfo, SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_ARRAY, UNKNOWN_STRING } from "../../cli/src/engine";
import { packHost } from "../harness/pack";
import { example, EXAMPLE, FIXTURES, mlgov, removeTemp, writeTemp } from "./run";

const PROBE = path.join(FIXTURES, "probe-pack");
const SILENT = path.join(FIXTURES, "silent-pack");
const NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance";
const P = "urn:pulumi:staging::ml-governance";
const PROVIDER = `${P}::pulumi:providers:aws::default_7_48_0`;

interface JsonOutput {
    resources: number;
    violations: Array<{ urn: string; type: string; policy: string; enforcementLevel: string; message: string }>;
}

function parseJson(stdout: string): JsonOutput {
    const out = JSON.parse(stdout) as JsonOutput;
    assert.deepEqual(Object.keys(out), ["resources", "violations"]);
    for (const v of out.violations) {
        assert.deepEqual(Object.keys(v), ["urn", "type", "policy", "enforcementLevel", "message"]);
    }
    return out;
}

/** The JSON a probe policy put after the description line of its message. */
function payload(message: string): Record<string, unknown> {
    return JSON.parse(message.slice(message.indexOf("\n") + 1));
}

/** A `pulumi preview --json` document for a first deployment of an ML stack. */
function preview() {
    const keyUrn = `${P}::aws:kms/key:Key::ml-key`;
    const state = (type: string, name: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
        urn: `${P}::${type}::${name}`, type, custom: true, inputs, outputs: {},
        parent: `${P}::pulumi:pulumi:Stack::ml-governance-staging`,
        provider: `${PROVIDER}::${UNKNOWN_STRING}`, ...extra,
    });
    const secureNotebook = {
        instanceType: "ml.t3.medium", roleArn: "arn:aws:iam::111122223333:role/notebook",
        directInternetAccess: "Disabled", rootAccess: "Disabled", platformIdentifier: "notebook-al2023-v1",
        instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: "2" },
        subnetId: "subnet-0123456789abcdef0", securityGroups: ["sg-0fedcba9876543210"],
    };
    const steps: Array<{ op: string; urn: string; newState?: Record<string, unknown>; oldState?: Record<string, unknown> }> = [
        { op: "create", urn: `${P}::pulumi:pulumi:Stack::ml-governance-staging`, newState: {
            urn: `${P}::pulumi:pulumi:Stack::ml-governance-staging`, type: "pulumi:pulumi:Stack", custom: false, inputs: {}, outputs: {},
        } },
        { op: "create", urn: PROVIDER, newState: {
            urn: PROVIDER, type: "pulumi:providers:aws", custom: true, inputs: { region: "eu-west-1", version: "7.48.0" }, outputs: {},
        } },
        { op: "create", urn: keyUrn, newState: state("aws:kms/key:Key", "ml-key", { description: "ML data", enableKeyRotation: true }) },
        { op: "create", urn: `${P}::${NOTEBOOK}::nb-key-from-stack`, newState: state(NOTEBOOK, "nb-key-from-stack",
            { ...secureNotebook, kmsKeyId: UNKNOWN_STRING }, { dependencies: [keyUrn], propertyDependencies: { kmsKeyId: [keyUrn] } }) },
        { op: "create", urn: `${P}::${NOTEBOOK}::nb-key-from-nowhere`, newState: state(NOTEBOOK, "nb-key-from-nowhere",
            { ...secureNotebook, kmsKeyId: UNKNOWN_STRING }) },
        // Going away: never analysed, whatever it holds.
        { op: "delete", urn: `${P}::${NOTEBOOK}::nb-old`, oldState: state(NOTEBOOK, "nb-old", { directInternetAccess: "Enabled" }) },
        // Read with .get(): part of the stack, not a registration.
        { op: "read", urn: `${P}::aws:ec2/vpc:Vpc::shared-vpc`, newState: state("aws:ec2/vpc:Vpc", "shared-vpc", {}, {
            outputs: { id: "vpc-0a1b2c3d4e5f60718", cidrBlock: "10.20.0.0/16" },
        }) },
    ];
    return { steps, changeSummary: { create: 5, delete: 1 }, duration: 2_000_000_000 };
}

describe("mlgov audit", function () {
    this.timeout(60_000);

    after(removeTemp);

    describe("the example stack export", () => {
        it("blocks the notebook with direct internet access and no KMS key (text, exit 1)", async () => {
            const r = await mlgov(["audit", "examples/blocked-stack-export.json"]);
            assert.equal(r.code, 1, r.stderr);
            assert.equal(r.stderr, "");
            assert.match(r.stdout, /^aws:sagemaker\/notebookInstance:NotebookInstance research-scratch$/m);
            assert.match(r.stdout, /\[BLOCK\] sagemaker-notebook-kms: /);
            assert.match(r.stdout, /^BLOCKED: 1 resource\(s\) violate mandatory policies\. 12 resources analysed; violations: \d+ mandatory, \d+ advisory/m);
            assert.doesNotMatch(r.stdout, /research-secure/);
        });

        it("reports the same findings as JSON", async () => {
            const r = await mlgov(["audit", EXAMPLE, "--format", "json"]);
            assert.equal(r.code, 1, r.stderr);
            const out = parseJson(r.stdout);
            const doc = example();
            // Everything but the root stack resource is analysed, providers included.
            assert.equal(out.resources, doc.deployment.resources.filter(x => x.type !== "pulumi:pulumi:Stack").length);
            const blocked = out.violations.filter(v => v.enforcementLevel === "mandatory");
            assert.ok(blocked.length > 0);
            const scratch = doc.deployment.resources.find(x => x.urn.endsWith("::research-scratch"))!;
            assert.ok(blocked.every(v => v.urn === scratch.urn && v.type === NOTEBOOK), JSON.stringify(blocked, null, 1));
            assert.ok(blocked.some(v => v.policy === "sagemaker-notebook-kms"));
        });

        it("counts a violation the next update would remediate: the export is what is deployed (exit 1)", async () => {
            const doc = example();
            doc.deployment.resources = doc.deployment.resources.filter(x => !x.urn.endsWith("::research-scratch"));
            const secure = doc.deployment.resources.find(x => x.urn.endsWith("::research-secure"))!;
            for (const props of [secure.inputs, secure.outputs] as Array<Record<string, unknown>>) {
                props.rootAccess = "Enabled";
            }
            const r = await mlgov(["audit", writeTemp("root-enabled.json", doc), "--format", "json"]);
            assert.equal(r.code, 1, r.stderr);
            const blocked = parseJson(r.stdout).violations.filter(v => v.enforcementLevel === "mandatory");
            assert.deepEqual(blocked.map(v => [v.urn, v.policy]), [[secure.urn, "sagemaker-notebook-root-access-disabled"]]);
        });

        it("renders a Markdown table for a pull request comment", async () => {
            const r = await mlgov(["audit", EXAMPLE, "--format=markdown"]);
            assert.equal(r.code, 1, r.stderr);
            assert.match(r.stdout, /^### 🚫 Blocked/);
            assert.match(r.stdout, /^\| Level \| Resource \| Type \| Policy \| Finding \|$/m);
            assert.match(r.stdout, /^\| 🚫 mandatory \| `research-scratch` \| `aws:sagemaker\/notebookInstance:NotebookInstance` \| `sagemaker-notebook-kms` \| /m);
            // Every table row has the same number of cells (pipes in messages are escaped).
            const rows = r.stdout.split("\n").filter(l => l.startsWith("| "));
            const cells = (l: string) => l.replace(/\\\|/g, "").split("|").length;
            assert.ok(rows.every(l => cells(l) === cells(rows[0])));
        });

        it("passes (exit 0) when the policy config makes every policy advisory", async () => {
            const config = writeTemp("advisory.json", { all: "advisory" });
            const r = await mlgov(["audit", EXAMPLE, "--policy-config", config, "--format", "json"]);
            assert.equal(r.code, 0, r.stderr);
            const out = parseJson(r.stdout);
            assert.ok(out.violations.length > 0);
            assert.ok(out.violations.every(v => v.enforcementLevel === "advisory"));
        });

        it("passes (exit 0) a stack without SageMaker resources, in text", async () => {
            const doc = example();
            doc.deployment.resources = doc.deployment.resources.filter(x => !x.type.startsWith("aws:sagemaker/"));
            const r = await mlgov(["audit", writeTemp("no-sagemaker.json", doc)]);
            assert.equal(r.code, 0, r.stderr);
            const analysed = doc.deployment.resources.length - 1;
            assert.match(r.stdout, new RegExp(`^PASSED: no mandatory violation\\. ${analysed} resources analysed; violations: 0 mandatory`, "m"));
        });

        it("reads the document from standard input with -", async () => {
            const doc = example();
            const r = await mlgov(["audit", "-", "--format", "json"], { stdin: JSON.stringify(doc) });
            assert.equal(r.code, 1, r.stderr);
            assert.equal(parseJson(r.stdout).resources, doc.deployment.resources.length - 1);
        });
    });

    describe("a preview with unknown values", () => {
        it("judges unknowns by where they come from, and skips deleted and read resources", async () => {
            const doc = preview();
            const r = await mlgov(["audit", writeTemp("preview.json", doc), "--format", "json"]);
            assert.equal(r.code, 1, r.stderr);
            const out = parseJson(r.stdout);
            // provider, key and two notebooks: not the stack, the deleted notebook or the read VPC.
            assert.equal(out.resources, 4);
            assert.deepEqual(out.violations.filter(v => /::(nb-old|shared-vpc)$/.test(v.urn)), []);
            const kms = (name: string) => out.violations.filter(v => v.policy === "sagemaker-notebook-kms" && v.urn.endsWith(`::${name}`));
            assert.deepEqual(kms("nb-key-from-stack"), [], "a key created in the stack counts as set");
            const nowhere = kms("nb-key-from-nowhere");
            assert.ok(nowhere.length > 0 && nowhere.every(v => v.enforcementLevel === "mandatory"), JSON.stringify(out.violations, null, 1));
            assert.match(nowhere[0].message, /unknown/);
        });

        it("sends the engine's preview request: dryRun, unknowns untouched, provider resolved, inputs for new resources", async () => {
            const doc = preview();
            const echo = { ...doc.steps[3].newState!, urn: `${P}::probe:index:Echo::echo`, type: "probe:index:Echo",
                inputs: { value: UNKNOWN_STRING, list: UNKNOWN_ARRAY, nested: { known: 1 } } };
            const probe = { ...doc.steps[3].newState!, urn: `${P}::probe:index:StackProbe::probe`, type: "probe:index:StackProbe",
                inputs: { only: "inputs" } };
            doc.steps.push({ op: "create", urn: echo.urn, newState: echo }, { op: "create", urn: probe.urn, newState: probe });
            const r = await mlgov(["audit", writeTemp("probe-preview.json", doc), "--policy-pack", PROBE, "--format", "json"]);
            assert.equal(r.code, 0, r.stderr);
            const out = parseJson(r.stdout);
            const seen = payload(out.violations.find(v => v.policy === "probe-echo")!.message);
            assert.deepEqual(seen.props, echo.inputs);
            assert.deepEqual(seen.provider, {
                urn: PROVIDER, type: "pulumi:providers:aws", name: "default_7_48_0", props: { region: "eu-west-1", version: "7.48.0" },
            });
            assert.deepEqual(seen.env, { stack: "staging", project: "ml-governance", dryRun: "true", nodejsStack: "staging" });
            const stackProbe = payload(out.violations.find(v => v.policy === "probe-stack" && v.urn === probe.urn)!.message);
            assert.deepEqual(stackProbe.props, { only: "inputs" }, "no outputs yet: AnalyzeStack gets the inputs");
            assert.deepEqual(stackProbe.dependencies, [`${P}::aws:kms/key:Key::ml-key`]);
            assert.deepEqual(stackProbe.propertyDependencies, { kmsKeyId: [`${P}::aws:kms/key:Key::ml-key`] });
            assert.match(out.violations.find(v => v.policy === "probe-stack" && v.urn === "")!.message,
                /the stack has 8 resources/, "the stack, provider, key, notebooks, read VPC and the two probes");
        });
    });

    it("sends a stack export's outputs to AnalyzeStack, and its secrets as the engine does", async () => {
        const doc = example();
        const parent = doc.deployment.resources[0].urn;
        const provider = doc.deployment.resources[1];
        const sig = SPECIAL_SIG_KEY;
        doc.deployment.resources.push({
            urn: "urn:pulumi:dev::ml-governance::probe:index:Echo::echo", type: "probe:index:Echo", custom: true, id: "echo",
            parent, provider: `${provider.urn}::${provider.id}`,
            inputs: { shown: { [sig]: SECRET_SIG, plaintext: JSON.stringify({ user: "admin" }) }, hidden: { [sig]: SECRET_SIG, ciphertext: "AAABAJ0Xq" } },
            outputs: {},
        }, {
            urn: "urn:pulumi:dev::ml-governance::probe:index:StackProbe::probe", type: "probe:index:StackProbe", custom: true, id: "probe",
            parent, inputs: { state: "desired" }, outputs: { state: "actual", id: "probe" }, protect: true,
        });
        const r = await mlgov(["audit", writeTemp("probe-export.json", doc), "--policy-pack", PROBE, "--format", "json"]);
        assert.equal(r.code, 0, r.stderr);
        const out = parseJson(r.stdout);
        const seen = payload(out.violations.find(v => v.policy === "probe-echo")!.message);
        assert.deepEqual(seen.props, { shown: { user: "admin" }, hidden: UNKNOWN_STRING });
        assert.deepEqual((seen.provider as { props: unknown }).props, provider.inputs);
        assert.equal((seen.env as { dryRun: string }).dryRun, "false");
        const probe = payload(out.violations.find(v => v.policy === "probe-stack" && v.urn.endsWith("::probe"))!.message);
        assert.deepEqual(probe.props, { state: "actual", id: "probe" });
        assert.equal(probe.parent, parent);
        assert.equal(probe.protect, true);
        const text = await mlgov(["audit", writeTemp("probe-export.json", doc), "--policy-pack", PROBE]);
        assert.match(text.stdout, /Note: 1 encrypted secret value\(s\) could not be read and were treated as unknown/);
    });

    describe("unusable input (exit 2, one line on stderr)", () => {
        function usage(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
            assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
            assert.equal(r.stdout, "");
            assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
            assert.match(r.stderr, pattern);
        }

        // With --policy-pack pointing at a pack that never starts, any of these would hang if the
        // CLI started the pack before validating its input.
        const early: Array<[string, () => string[], RegExp]> = [
            ["no command", () => [], /missing command/],
            ["an unknown command", () => ["inspect"], /unknown command "inspect"/],
            ["no file", () => ["audit"], /missing the file to audit/],
            ["an unknown option", () => ["audit", EXAMPLE, "--verbose"], /unknown option --verbose/],
            ["a bad format", () => ["audit", EXAMPLE, "--format", "yaml"], /--format must be one of text, markdown, json \(got "yaml"\)/],
            ["a missing option value", () => ["audit", EXAMPLE, "--policy-config"], /--policy-config needs a value/],
            ["two files", () => ["audit", EXAMPLE, EXAMPLE], /only one input file/],
            ["a missing file", () => ["audit", "examples/nope.json"], /input file examples\/nope\.json does not exist.*pulumi stack export/],
            ["a file that is not JSON", () => ["audit", writeTemp("not.json", "resources:\n  - urn: x\n")], /is not valid JSON/],
            ["an empty file", () => ["audit", writeTemp("empty.json", "")], /is empty/],
            ["a JSON document of neither format", () => ["audit", writeTemp("other.json", { name: "x", resources: [] })],
                /neither `pulumi stack export` output \(no "deployment"\) nor `pulumi preview --json` output \(no "steps"\); its top-level keys are "name", "resources"/],
            ["a stack export with a broken resource", () => ["audit", writeTemp("broken.json", { version: 3, deployment: { resources: [{ type: "aws:s3/bucket:Bucket" }] } })],
                /deployment\.resources\[0\] has no "urn"/],
            ["a preview step without op", () => ["audit", writeTemp("steps.json", { steps: [{ urn: "x" }] })], /steps\[0\] has no "op"/],
            ["a missing policy config", () => ["audit", EXAMPLE, "--policy-config", "nope.json"], /policy config nope\.json does not exist.*policy config file/],
            ["a policy config that is not JSON", () => ["audit", EXAMPLE, "--policy-config", writeTemp("bad-config.json", "{all: mandatory}")],
                /policy config .* is not valid JSON/],
            ["an invalid enforcement level", () => ["audit", EXAMPLE, "--policy-config", writeTemp("level.json", { all: "strict" })],
                /policy config: "all": the enforcement level must be one of advisory, mandatory, remediate, disabled \(got "strict"\)/],
        ];
        for (const [what, args, pattern] of early) {
            it(`rejects ${what} before starting the pack`, async () => {
                const argv = args();
                const r = await mlgov(argv[0] === "audit" ? [...argv, "--policy-pack", SILENT] : argv, { timeoutMs: 15_000 });
                usage(r, pattern);
            });
        }

        it("rejects a policy config naming a policy the pack does not have", async () => {
            const config = writeTemp("typo.json", { "sagemaker-notebook-kmss": "advisory" });
            const r = await mlgov(["audit", EXAMPLE, "--policy-config", config]);
            usage(r, /"sagemaker-notebook-kmss" is not a policy of this pack \(did you mean "sagemaker-notebook-kms"\?\).*Fix the policy config/);
        });

        it("rejects a policy setting of the wrong type, naming the policy, the setting and the type", async () => {
            const policies: PolicyInfo[] = (await packHost.info()).policies;
            const withList = policies.map(p => {
                const props = (p.configSchema as { properties?: Record<string, { type?: string }> } | undefined)?.properties ?? {};
                return { policy: p.name, field: Object.keys(props).find(k => props[k].type === "array") };
            }).find(x => x.field)!;
            const config = writeTemp("type.json", { [withList.policy]: { [withList.field!]: "all of them" } });
            const r = await mlgov(["audit", EXAMPLE, "--policy-config", config]);
            usage(r, new RegExp(`policy "${withList.policy}": ${withList.field} must be of type array \\(got "all of them"\\)`));
        });
    });

    it("exits 3 with the pack's error when the policy pack cannot run", async () => {
        const r = await mlgov(["audit", EXAMPLE, "--policy-pack", path.join(FIXTURES, "broken-pack")]);
        assert.equal(r.code, 3);
        assert.equal(r.stdout, "");
        assert.match(r.stderr, /cannot run the policy pack: .*exited[\s\S]*probe failure: the pack crashed while loading/);
    });

    it("prints its usage with --help", async () => {
        const r = await mlgov(["audit", "--help"]);
        assert.equal(r.code, 0);
        assert.match(r.stdout, /^Usage: mlgov audit <file> \[--format text\|markdown\|json\] \[--policy-config <file>\]/);
        assert.match(r.stdout, /Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 unusable input/);
    });
});
