/**
 * `mlgov scan`'s arguments and inputs: each unusable one is refused with exit 2 and a message naming
 * it and the fix, before any AWS call; discovery that fails stops the scan (exit 4) rather than
 * scanning a partial organization.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AccessDeniedException, ListAccountsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { PROD_EXAMPLE } from "../../accounts/examples";
import { UsageError } from "../../cli/src/args";
import { EXIT_INCOMPLETE } from "../../cli/src/io";
import { parseSince, scan, ScanDeps, SCAN_USAGE } from "../../cli/src/scan/command";
import { KINDS } from "../../cli/src/scan/inventory";
import { REPO } from "../cli/run";

const NOW = new Date("2026-05-08T12:00:00Z");

async function run(args: string[], deps: ScanDeps = {}) {
    let stdout = "";
    let stderr = "";
    const code = await scan(["--cwd", REPO, ...args], { stdout: t => (stdout += t), stderr: t => (stderr += t) }, {
        // No AWS call may happen in these tests.
        client: () => {
            throw new Error("a SageMaker client was made");
        },
        credentials: () => {
            throw new Error("a role was to be assumed");
        },
        ...deps,
    });
    return { code, stdout, stderr };
}

describe("mlgov scan: arguments and inputs", function () {
    this.timeout(60_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlgov-scan-args-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("--jobs-since takes an age or a date", () => {
        assert.deepStrictEqual(parseSince("7d", NOW), new Date("2026-05-01T12:00:00Z"));
        assert.deepStrictEqual(parseSince("36h", NOW), new Date("2026-05-07T00:00:00Z"));
        assert.deepStrictEqual(parseSince("2026-05-01", NOW), new Date("2026-05-01T00:00:00Z"));
        assert.deepStrictEqual(parseSince("2026-05-01T08:30:00+02:00", NOW), new Date("2026-05-01T06:30:00Z"));
        for (const [value, message] of [["0d", /empty window/], ["2026-06-01", /in the future/], ["last week", /must be an age/], ["2026-13-45", /must be an age/]] as const) {
            assert.throws(() => parseSince(value, NOW), (e: unknown) => e instanceof UsageError && message.test(e.message));
        }
    });

    it("cli/README.md and the usage list every kind it reads, with the calls it makes", () => {
        const readme = fs.readFileSync(path.join(REPO, "cli", "README.md"), "utf8");
        const rows = new Map([...readme.matchAll(/^ *\| `([a-z-]+)` \| ([^|]+) \|/gm)].map(m => [m[1], m[2]]));
        for (const kind of KINDS) {
            const row = rows.get(kind.name);
            assert.ok(row, `cli/README.md has no row for ${kind.name}`);
            for (const operation of kind.operations) {
                assert.match(row, new RegExp(`\\b${operation}\\b`), `${kind.name}: ${operation}`);
            }
            assert.match(SCAN_USAGE.replace(/\s+/g, " "), new RegExp(`\\b${kind.name}\\b`));
        }
        assert.equal(rows.size, KINDS.length, "no row for a kind that is not read");
    });

    it("prints its usage with --help", async () => {
        const { code, stdout } = await run(["--help"]);
        assert.equal(code, 0);
        assert.match(stdout, /^Usage: mlgov scan/);
        assert.match(stdout, /--jobs-since <age\|date>/);
    });

    const refused: Array<[string, string[], RegExp]> = [
        ["an unknown kind", ["--stack", "dev", "--types", "notebooks,models"],
            /--types: unknown kind "notebooks" \(kinds: notebook-instances, domains, user-profiles, spaces, apps, models, .*feature-groups\)/],
        ["an unknown format", ["--stack", "dev", "--format", "yaml"], /--format must be one of text, markdown, json, sarif, junit \(got "yaml"\)/],
        ["a bad --max-attempts", ["--stack", "dev", "--max-attempts", "0"], /--max-attempts must be a whole number from 1 to 30, not "0"/],
        ["a bad --jobs-since", ["--stack", "dev", "--jobs-since", "yesterday"], /--jobs-since must be an age \(7d, 36h\) or a date/],
        ["a stack without config", ["--stack", "staging"], /stack staging has no config file: Pulumi\.staging\.yaml does not exist\. Stacks of project ml-governance with a config file: dev, prod/],
        ["no --stack when the project has several", [], /missing --stack: project ml-governance has stacks dev, prod/],
        ["a stray argument", ["dev"], /unexpected argument "dev" \(the stack is given with --stack\)/],
        ["a missing policy config", ["--stack", "dev", "--policy-config", "nope.json"], /policy config nope\.json does not exist/],
    ];
    for (const [what, args, message] of refused) {
        it(`refuses ${what} (exit 2), before any AWS call`, async () => {
            const { code, stderr, stdout } = await run(args);
            assert.equal(code, 2, stderr);
            assert.match(stderr, message);
            assert.match(stderr, /^mlgov scan: /);
            assert.equal(stdout, "");
        });
    }

    it("refuses a stack config that is not valid, listing every problem with its setting", async () => {
        const file = path.join(dir, "Pulumi.broken.yaml");
        fs.writeFileSync(file, "config:\n  ml-governance:environment: dev\n  ml-governance:owner: ml-platform\n  ml-governance:defaultRegion: mars-1\n");
        const { code, stderr } = await run(["--stack", "broken", "--config-file", file]);
        assert.equal(code, 2);
        assert.match(stderr, /^mlgov scan: the stack config .*Pulumi\.broken\.yaml is not valid, \d+ problems:\n/);
        assert.match(stderr, /  - ml-governance:defaultRegion: /);
        assert.match(stderr, /  - ml-governance:organization: /);
    });

    it("stops when discovery fails (exit 4): a partial organization would be scanned as if it were whole", async () => {
        const organizations = new OrganizationsClient({ region: "us-east-1" });
        mockClient(organizations).on(ListAccountsForParentCommand).rejects(new AccessDeniedException({
            message: "You don't have permissions to access this resource.", $metadata: { httpStatusCode: 400, attempts: 1 },
        }));
        const file = path.join(dir, "Pulumi.discovering.yaml");
        // JSON is YAML.
        fs.writeFileSync(file, JSON.stringify({ config: Object.fromEntries(Object.entries(PROD_EXAMPLE).map(([k, v]) => [`ml-governance:${k}`, v])) }));
        const { code, stderr, stdout } = await run(["--stack", "discovering", "--config-file", file], { organizations });
        assert.equal(code, EXIT_INCOMPLETE);
        assert.match(stderr, /^mlgov scan: account discovery failed: ListAccountsForParent for ou-ab12-cd34ef56 failed after 1 attempt: AccessDeniedException/);
        assert.match(stderr, /Nothing was read/);
        assert.equal(stdout, "");
    });
});
