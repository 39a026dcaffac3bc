/**
 * `mlgov check`, run as a user runs it (`node cli/bin/mlgov.js check …` in a child process), on the
 * fixture programs of tests/check/fixtures: ml-stack (accounts with explicit providers; stacks that
 * pass, block, fail their config validation, discover accounts with or without a snapshot, need a
 * secret) and probe (with tests/harness/fixtures/probe-pack, which reports what it receives).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { mlgov, REPO, removeTemp, writeTemp } from "./run";

const ML = path.join("tests", "check", "fixtures", "ml-stack");
const PROBE_PROGRAM = path.join("tests", "check", "fixtures", "probe");
const PROBE_PACK = path.join("tests", "harness", "fixtures", "probe-pack");
const NOTEBOOK = "aws:sagemaker/notebookInstance:NotebookInstance";

interface Plan {
    stack: string;
    accounts: Array<{ id: string; name: string }>;
    resources: Array<{ urn: string; type: string; name: string; account: string; inputs: Record<string, unknown> }>;
    violations: Array<{ urn: string; type: string; policy: string; enforcementLevel: string; message: string }>;
}

/** Parses a plan and checks it has exactly the documented shape. */
function parsePlan(text: string): Plan {
    const plan = JSON.parse(text) as Plan;
    assert.deepEqual(Object.keys(plan), ["stack", "accounts", "resources", "violations"]);
    for (const a of plan.accounts) {
        assert.deepEqual(Object.keys(a), ["id", "name"]);
    }
    for (const r of plan.resources) {
        assert.deepEqual(Object.keys(r), ["urn", "type", "name", "account", "inputs"]);
    }
    for (const v of plan.violations) {
        assert.deepEqual(Object.keys(v), ["urn", "type", "policy", "enforcementLevel", "message"]);
    }
    return plan;
}

/** The JSON a probe policy put after the description line of its message. */
function payload(message: string): Record<string, unknown> {
    return JSON.parse(message.slice(message.indexOf("\n") + 1));
}

describe("mlgov check", function () {
    this.timeout(90_000);

    after(removeTemp);

    describe("a stack whose resources pass (ml-stack dev)", () => {
        let text: { code: number | null; stdout: string; stderr: string };

        before(async () => {
            text = await mlgov(["check", "--cwd", ML, "--stack", "dev"]);
        });

        it("exits 0 and names the stack, the project and the policy config chosen by the stack name", () => {
            assert.equal(text.code, 0, text.stderr);
            assert.match(text.stdout, /^mlgov check: stack dev of project fixture-ml \(tests\/check\/fixtures\/ml-stack\/Pulumi\.dev\.yaml\), policy pack ml-guardrails@[\d.]+ with policy config policypacks\/ml-guardrails\/config\/dev\.json$/m);
        });

        it("shows each account with its resources as a tree under their component, and its verdicts", () => {
            const research = text.stdout.slice(text.stdout.indexOf("Account 012345678901 (research):"));
            assert.match(research, /^Account 012345678901 \(research\): 12 resources; violations: 0 mandatory, 0 advisory$/m);
            assert.match(research, /^ {2}├─ pulumi:providers:aws account-012345678901$/m);
            assert.match(research, /^ {2}├─ fixture:index:MlWorkspace research\n(?: {2}│ {2}[├└]─ .*\n){6}/m);
            assert.match(research, /^ {2}│ {2}[├└]─ aws:sagemaker\/notebookInstance:NotebookInstance research-notebook$/m);
            assert.match(research, /^ {2}└─ aws:cloudtrail\/trail:Trail research-trail$/m);
            assert.match(research, /^ {2}Verdicts: no violation$/m);
            // The default provider deploys to the account of `aws:allowedAccountIds`.
            assert.match(text.stdout, /^Account 111122223333: 2 resources/m);
            assert.match(text.stdout, /^ {2}├─ pulumi:providers:aws default_7_48_0 {2}\(default provider\)$/m);
        });

        it("ends with a summary line with the counts", () => {
            assert.match(text.stdout, /\nPASSED: no mandatory violation\. 3 account\(s\), 27 resources \(26 analysed\); violations: 0 mandatory, 0 advisory; remediations: 0\.\n$/);
        });
    });

    describe("a stack with a violating resource (ml-stack prod)", () => {
        let run: { code: number | null; stdout: string; stderr: string };
        let planFile: string;

        before(async () => {
            planFile = writeTemp("prod-plan.json", "");
            fs.rmSync(planFile);
            run = await mlgov(["check", "--cwd", ML, "--stack", "prod", "--format", "json", "--out", planFile]);
        });

        it("exits 1 and prints the plan as JSON, exactly {stack, accounts, resources, violations}", () => {
            assert.equal(run.code, 1, run.stderr);
            const plan = parsePlan(run.stdout);
            assert.equal(plan.stack, "prod");
            assert.deepEqual(plan.accounts, [
                { id: "044455556666", name: "forecast" }, { id: "111122223333", name: "111122223333" }, { id: "555566667777", name: "vendor" },
            ]);
            assert.equal(plan.resources[0].type, "pulumi:pulumi:Stack");
            assert.equal(plan.resources[0].account, "");
            const open = plan.resources.find(r => r.name === "vendor-open-notebook")!;
            assert.equal(open.type, NOTEBOOK);
            assert.equal(open.account, "555566667777");
            assert.equal(open.inputs.directInternetAccess, "Enabled", "the plan has the inputs as the program set them");
            assert.match(String(open.inputs.roleArn), /^arn:aws:iam::555566667777:role\/vendor-notebook-[0-9a-f]{7}$/, "ARNs in the account of the provider");
            const blocked = plan.violations.filter(v => v.enforcementLevel === "mandatory");
            assert.ok(blocked.length >= 2);
            assert.ok(blocked.every(v => v.urn === open.urn && v.type === NOTEBOOK), JSON.stringify(blocked, null, 1));
            assert.ok(blocked.some(v => v.policy === "sagemaker-notebook-kms"));
        });

        it("writes the same plan to --out", () => {
            assert.deepEqual(parsePlan(fs.readFileSync(planFile, "utf8")), parsePlan(run.stdout));
        });

        it("renders Markdown for a pull request comment", async () => {
            const r = await mlgov(["check", "--cwd", ML, "--stack", "prod", "--format=markdown"]);
            assert.equal(r.code, 1, r.stderr);
            assert.match(r.stdout, /^### 🚫 Blocked: mlgov check of stack `prod`$/m);
            assert.match(r.stdout, /^\| `555566667777` \| vendor \| 13 \| 4 \| 0 \|$/m);
            assert.match(r.stdout, /^\| 🚫 mandatory \| `555566667777` \| `vendor-open-notebook` \| `aws:sagemaker\/notebookInstance:NotebookInstance` \| `sagemaker-notebook-kms` \| /m);
            assert.match(r.stdout, /^<details><summary>Account 044455556666 \(forecast\): 12 resources<\/summary>$/m);
            const rows = r.stdout.split("\n").filter(l => l.startsWith("| 🚫"));
            const cells = (l: string) => l.replace(/\\\|/g, "").split("|").length;
            assert.ok(rows.every(l => cells(l) === 8), "every violation row has six cells");
        });

        it("marks the violating resource in the tree and lists its verdicts and remediations", async () => {
            const r = await mlgov(["check", "--cwd", ML, "--stack", "prod"]);
            assert.equal(r.code, 1, r.stderr);
            assert.match(r.stdout, /^ {2}│ {2}├─ aws:sagemaker\/notebookInstance:NotebookInstance vendor-open-notebook {2}\[BLOCK x4\]$/m);
            assert.match(r.stdout, /^ {2}\[BLOCK\] sagemaker-notebook-kms on aws:sagemaker\/notebookInstance:NotebookInstance vendor-open-notebook: /m);
            assert.match(r.stdout, /^ {2}\[BLOCK\] sagemaker-notebook-no-direct-internet on aws:sagemaker\/notebookInstance:NotebookInstance vendor-open-notebook: .*\n {6}.*replaces the instance/m);
            assert.match(r.stdout, /\nBLOCKED: 1 resource\(s\) violate mandatory policies\. 3 account\(s\), 28 resources \(27 analysed\); violations: 4 mandatory/);
        });
    });

    it("sends what the engine sends: inputs and provider to Analyze; parent, dependencies and outputs to AnalyzeStack", async () => {
        const r = await mlgov(["check", "--cwd", PROBE_PROGRAM, "--stack", "dev", "--policy-pack", PROBE_PACK, "--format", "json"]);
        assert.equal(r.code, 0, r.stderr);
        const plan = parsePlan(r.stdout);
        const P = "urn:pulumi:dev::fixture-probe::";
        const echo = payload(plan.violations.find(v => v.policy === "probe-echo")!.message);
        assert.equal(echo.urn, `${P}fixture:index:Group$probe:index:Echo::echo`);
        assert.deepEqual(Object.keys(echo.props as object).sort(), ["keyArn", "label", "token"]);
        assert.equal((echo.props as Record<string, unknown>).token, "s3cr3t", "a secret reaches the pack as the engine sends it");
        assert.match(String((echo.props as Record<string, unknown>).keyArn), /^arn:aws:kms:us-east-1:000000000000:key\//);
        assert.deepEqual(echo.provider, {
            urn: `${P}pulumi:pulumi:Stack$pulumi:providers:probe::explicit`, type: "pulumi:providers:probe", name: "explicit",
            props: { endpoint: "https://explicit.example" },
        });
        assert.equal((echo.opts as Record<string, unknown>).parent, `${P}pulumi:pulumi:Stack$fixture:index:Group::group`);
        assert.deepEqual(echo.env, { stack: "dev", project: "fixture-probe", dryRun: "false", nodejsStack: "dev" });
        const probe = payload(plan.violations.find(v => v.policy === "probe-stack" && v.urn !== "")!.message);
        const key = `${P}fixture:index:Group$aws:kms/key:Key::key`;
        assert.equal(probe.parent, `${P}pulumi:pulumi:Stack::fixture-probe-dev`);
        assert.deepEqual(probe.dependencies, [key]);
        assert.deepEqual(probe.propertyDependencies, { keyId: [key] });
        assert.deepEqual(probe.provider, {
            urn: `${P}pulumi:providers:probe::default`, type: "pulumi:providers:probe", name: "default", props: { endpoint: "https://probe.example" },
        }, "the default provider, with the stack's probe: config");
        assert.match(plan.violations.find(v => v.policy === "probe-stack" && v.urn === "")!.message, /the stack has 9 resources/);
        // The plan never holds a secret.
        assert.equal(plan.resources.find(x => x.name === "echo")!.inputs.token, "[secret]");
        assert.doesNotMatch(JSON.stringify(plan.resources), /s3cr3t/);
    });

    it("answers account discovery from the stack's accounts snapshot", async () => {
        const r = await mlgov(["check", "--cwd", ML, "--stack", "discovery", "--format", "json"]);
        assert.equal(r.code, 1, r.stderr);
        const plan = parsePlan(r.stdout);
        // The ACTIVE accounts under the OU and its child OU, with their Organizations names; not the
        // suspended one, not the other OU's, not the management account (default provider only).
        assert.deepEqual(plan.accounts.map(a => `${a.id} ${a.name}`), [
            "111122223333 management", "210987654321 ml-research", "321098765432 ml-vision", "432109876543 ml-sandbox",
        ]);
        assert.ok(plan.violations.some(v => v.enforcementLevel === "mandatory" && v.urn.endsWith("::ml-sandbox-open-notebook")),
            "the account tagged insecure in the snapshot gets the open notebook");
        const text = await mlgov(["check", "--cwd", ML, "--stack", "discovery"]);
        assert.match(text.stdout, /^Note: accounts discovered from the snapshot tests\/check\/fixtures\/ml-stack\/Pulumi\.discovery\.accounts\.json \(\d+ Organizations calls answered\), not from AWS$/m);
    });

    describe("unusable input (exit 2, one message naming the problem)", () => {
        it("lists every problem of the program's own config validation (ConfigError.problems)", async () => {
            const r = await mlgov(["check", "--cwd", ML, "--stack", "bad"]);
            assert.equal(r.code, 2, r.stdout);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /^mlgov check: the program rejected the config of stack bad \(tests\/check\/fixtures\/ml-stack\/Pulumi\.bad\.yaml\), 2 problems:\n {2}- fixture-ml:accounts\[0\]\.id: must be a 12-digit account id in quotes \(got 12345\)\n {2}- fixture-ml:accounts\[1\]\.name: is required\nFix tests\/check\/fixtures\/ml-stack\/Pulumi\.bad\.yaml and run again\.\n/);
        });

        it("refuses a stack that discovers accounts without a snapshot", async () => {
            const r = await mlgov(["check", "--cwd", ML, "--stack", "nosnapshot"]);
            assert.equal(r.code, 2, r.stdout);
            assert.match(r.stderr, /stack nosnapshot discovers its accounts with AWS Organizations \(ListAccountsForParent\), and mlgov check has no AWS: there is no accounts snapshot tests\/check\/fixtures\/ml-stack\/Pulumi\.nosnapshot\.accounts\.json/);
            assert.match(r.stderr, /Commit tests\/check\/fixtures\/ml-stack\/Pulumi\.nosnapshot\.accounts\.json/);
        });

        it("says so when the program requires a secret value", async () => {
            const r = await mlgov(["check", "--cwd", ML, "--stack", "secret"]);
            assert.equal(r.code, 2, r.stdout);
            assert.match(r.stderr, /the program requires fixture-ml:apiToken, a secret value \(secure:\) in the stack config, which mlgov check cannot decrypt offline/);
        });

        it("names the stacks that exist when Pulumi.<stack>.yaml is missing", async () => {
            const r = await mlgov(["check", "--cwd", ML, "--stack", "staging"]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /^mlgov check: stack staging has no config file: tests\/check\/fixtures\/ml-stack\/Pulumi\.staging\.yaml does not exist\. Stacks of project fixture-ml with a config file: bad, dev, discovery, nosnapshot, prod, secret\.\n$/);
        });

        for (const [what, args, message] of [
            ["an invalid stack name", ["--stack", "dev prod"], /"dev prod" is not a valid stack name/],
            ["a stack of another project", ["--stack", "acme/other/dev"], /stack acme\/other\/dev belongs to project other, not fixture-ml/],
            ["no --stack when the project has several", [], /missing --stack: project fixture-ml has stacks bad, dev, /],
            ["an unknown format", ["--stack", "dev", "--format", "yaml"], /--format must be one of text, markdown, json \(got "yaml"\)/],
            ["an unknown option", ["--stack", "dev", "--verbose"], /unknown option --verbose/],
            ["a missing --config-file", ["--stack", "dev", "--config-file", "nowhere.yaml"], /config file nowhere\.yaml does not exist/],
            ["a policy config that is not JSON", ["--stack", "dev", "--policy-config", "README.md"], /policy config README\.md is not valid JSON/],
        ] as const) {
            it(`rejects ${what}`, async () => {
                const r = await mlgov(["check", "--cwd", ML, ...args]);
                assert.equal(r.code, 2, r.stdout);
                assert.match(r.stderr, message);
                assert.equal(r.stdout, "");
            });
        }

        it("rejects a folder without Pulumi.yaml", async () => {
            const r = await mlgov(["check", "--cwd", "/", "--stack", "dev"]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /no Pulumi\.yaml in \/ or any folder above it/);
        });

        it("rejects a stack config that is not valid for the project (a type Pulumi.yaml declares)", async () => {
            const file = writeTemp("Pulumi.typed.yaml", "config:\n  owner: [not, a, string]\n");
            const r = await mlgov(["check", "--cwd", ML, "--stack", "typed", "--config-file", file]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /owner must be of type string \(Pulumi\.yaml declares it\), got array/);
        });
    });

    it("prints its usage with --help", async () => {
        const r = await mlgov(["check", "--help"]);
        assert.equal(r.code, 0);
        assert.match(r.stdout, /^Usage: mlgov check \[--stack <stack>\] \[--format text\|markdown\|json\] \[--out <plan\.json>\]/);
    });

    it("checks the repository's own dev stack (npm start)", async function () {
        if (!fs.existsSync(path.join(REPO, "index.ts")) || !fs.existsSync(path.join(REPO, "Pulumi.dev.yaml"))) {
            this.skip();
        }
        const r = await mlgov(["check", "--stack", "dev", "--format", "json"], { timeoutMs: 85_000 });
        assert.equal(r.code, 0, r.stderr);
        const plan = parsePlan(r.stdout);
        assert.ok(plan.resources.length > 100);
        assert.ok(plan.accounts.length >= 2);
    });
});
