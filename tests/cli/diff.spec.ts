/**
 * `mlgov diff`, run as a user runs it, on two real plans of `mlgov check`: the ml-stack fixture's dev
 * stack (base) and the same stack after a change (head, tests/check/fixtures/ml-stack/changed: a new
 * account with an open notebook, another owner tag), and on unusable input.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { mlgov, removeTemp, writeTemp } from "./run";

const ML = path.join("tests", "check", "fixtures", "ml-stack");

describe("mlgov diff", function () {
    this.timeout(90_000);
    let base: string;
    let head: string;

    before(async () => {
        base = writeTemp("base-dev.json", "{}");
        head = writeTemp("head-dev.json", "{}");
        const b = await mlgov(["check", "--cwd", ML, "--stack", "dev", "--format", "json", "--out", base]);
        assert.equal(b.code, 0, b.stderr);
        const h = await mlgov(["check", "--cwd", ML, "--stack", "dev", "--config-file", path.join(ML, "changed", "Pulumi.dev.yaml"),
            "--format", "json", "--out", head]);
        assert.equal(h.code, 1, h.stderr);
    });

    after(removeTemp);

    it("writes a pull-request comment: a headline, a table per account, the changes of each account", async () => {
        const r = await mlgov(["diff", base, head]);
        assert.equal(r.code, 0, r.stderr);
        const md = r.stdout;
        assert.match(md, /^### mlgov diff of stack `dev`: 🚫 4 mandatory violations introduced$/m);
        assert.match(md, /^Resources: 13 added, 0 removed, 3 changed\. Violations: 4 introduced \(4 mandatory\), 0 cleared\./m);
        assert.match(md, /^\| `234567890123` vision \(new\) \| 13 \| 0 \| 0 \| 4 \| 0 \|$/m);
        assert.match(md, /^\| `012345678901` research \| 0 \| 0 \| 1 \| 0 \| 0 \|$/m);
        // Per account: the new one with its violations and (13 > 5: folded) its resources.
        const vision = md.slice(md.indexOf("#### Account 234567890123 (vision)"));
        assert.match(vision, /^_A new account in this stack\._$/m);
        assert.match(vision, /^\*\*4 violations introduced\*\*$/m);
        assert.match(vision, /^\| 🚫 mandatory \| `vision-open-notebook` \| `aws:sagemaker\/notebookInstance:NotebookInstance` \| `sagemaker-notebook-kms` \| `kmsKeyId` is not set/m);
        assert.match(vision, /^<details><summary>13 resources added<\/summary>$/m);
        assert.match(vision, /^\| `vision-open-notebook` \| `aws:sagemaker\/notebookInstance:NotebookInstance` \|$/m);
        // Changed resources with the input paths that changed.
        assert.match(md, /^\| `account-012345678901` \| `pulumi:providers:aws` \| `defaultTags\.tags\.owner` \|$/m);
        assert.match(md, /^\| `management-reports` \| `aws:s3\/bucket:Bucket` \| `tags\.owner` \|$/m);
        // Every table row of a table has the same number of cells.
        for (const block of md.split(/\n\n/).filter(b => b.startsWith("| "))) {
            const rows = block.split("\n");
            const cells = (l: string) => l.replace(/\\\|/g, "").split("|").length;
            assert.ok(rows.every(l => cells(l) === cells(rows[0])), block);
        }
    });

    it("reads the other way round: removed resources and cleared violations", async () => {
        const r = await mlgov(["diff", head, base, "--format", "text"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^Account 234567890123 \(vision\) \(leaves the stack\): 0 added, 13 removed, 0 changed; violations 0 introduced, 4 cleared$/m);
        assert.match(r.stdout, /^ {2}- violation \[BLOCK\] sagemaker-notebook-kms on aws:sagemaker\/notebookInstance:NotebookInstance vision-open-notebook: /m);
        assert.match(r.stdout, /^ {2}- aws:sagemaker\/notebookInstance:NotebookInstance vision-open-notebook$/m);
        assert.match(r.stdout, /^ {2}~ aws:s3\/bucket:Bucket management-reports: tags\.owner$/m);
        assert.match(r.stdout, /\nResources: 0 added, 13 removed, 3 changed\. Violations: 0 introduced, 4 cleared \(4 mandatory\)\.\n$/);
    });

    it("says there is no change for identical plans", async () => {
        const r = await mlgov(["diff", base, base]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^No change: the same 27 resources and 0 violations in 3 accounts/m);
    });

    describe("unusable input (exit 2)", () => {
        for (const [what, args, message] of [
            ["one plan only", () => ["diff", "a.json"], /give two plans, the base and the head \(got 1\)/],
            ["a missing file", () => ["diff", "nowhere.json", "nowhere.json"], /nowhere\.json does not exist/],
            ["a file that is not JSON", () => ["diff", writeTemp("notjson.txt", "plan?"), "x"], /notjson\.txt is not valid JSON/],
            ["a JSON document that is not a plan", () => ["diff", writeTemp("audit.json", { resources: 3, violations: [] }), "x"],
                /audit\.json is not an mlgov check plan: "stack" must be a string/],
            ["a resource without inputs", () => ["diff", writeTemp("noinputs.json", {
                stack: "dev", accounts: [], resources: [{ urn: "u", type: "t", name: "n", account: "" }], violations: [],
            }), "x"], /resources\[0\] must have string "urn", "type", "name", "account" and an object "inputs"/],
            ["an unknown format", () => ["diff", "a", "b", "--format", "json"], /--format must be one of markdown, text/],
        ] as const) {
            it(`rejects ${what}`, async () => {
                const r = await mlgov(args());
                assert.equal(r.code, 2, r.stdout);
                assert.match(r.stderr, message);
                assert.equal(r.stdout, "");
            });
        }
    });
});
