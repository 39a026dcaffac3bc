/**
 * What `mlgov diff` computes (cli/src/diff/diff.ts) and how it reads (cli/src/report), on
 * plans written here: changed input paths (JSON text compared as JSON), violations matched as
 * multisets, accounts added and removed, long lists folded.
 */
import * as assert from "node:assert/strict";
import type { Plan, PlanResource, PlanViolation } from "../../cli/src/check/plan-format";
import { readPlan } from "../../cli/src/check/plan-format";
import { changedPaths, diffPlans, MAX_PATHS } from "../../cli/src/diff/diff";
import { FOLD_AFTER, renderDiffMarkdown } from "../../cli/src/report/markdown";
import { renderDiffText } from "../../cli/src/report/text";

const P = "urn:pulumi:dev::ml-governance::";
const A = "012345678901";
const B = "123456789012";

function resource(name: string, account: string, inputs: Record<string, unknown> = {}, type = "aws:s3/bucket:Bucket"): PlanResource {
    return { urn: `${P}${type}::${name}`, type, name, account, inputs };
}

function violation(r: PlanResource, policy: string, enforcementLevel: PlanViolation["enforcementLevel"] = "mandatory", message = `${policy} failed`): PlanViolation {
    return { urn: r.urn, type: r.type, policy, enforcementLevel, message: `Description.\n${message}` };
}

function plan(resources: PlanResource[], violations: PlanViolation[] = [], accounts = [{ id: A, name: "research" }, { id: B, name: "fraud" }]): Plan {
    return { stack: "dev", accounts, resources, violations };
}

describe("mlgov diff: the differences", () => {
    it("lists changed paths, nested, in lists, and inside JSON text", () => {
        const before = {
            tags: { owner: "a", team: "x" }, ingress: [{ ports: [443] }, { ports: [22] }], size: 1,
            policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*" }] }), "odd key": 1,
        };
        const after = {
            tags: { owner: "b", team: "x", cost: "1" }, ingress: [{ ports: [443] }], size: 1,
            policy: JSON.stringify({ Statement: [{ Effect: "Deny", Action: "s3:*" }] }), "odd key": 2,
        };
        assert.deepEqual(changedPaths(before, after), ["ingress[1]", "[\"odd key\"]", "policy.Statement[0].Effect", "tags.cost", "tags.owner"]);
        assert.deepEqual(changedPaths({ a: [1, { b: "x" }] }, { a: [1, { b: "x" }] }), []);
        assert.deepEqual(changedPaths({ v: "1" }, { v: 1 }), ["v"]);
    });

    it("finds resources added, removed and changed per account, and moves between accounts", () => {
        const keep = resource("keep", A, { tags: { owner: "a" } });
        const gone = resource("gone", A);
        const moved = resource("moved", A);
        const base = plan([keep, gone, moved]);
        const head = plan([{ ...keep, inputs: { tags: { owner: "b" } } }, { ...moved, account: B }, resource("new", B)]);
        const d = diffPlans(base, head);
        assert.deepEqual([d.added, d.removed, d.changed], [1, 1, 2]);
        const a = d.accounts.find(x => x.id === A)!;
        assert.deepEqual(a.removed.map(r => r.name), ["gone"]);
        assert.deepEqual(a.changed.map(c => [c.head.name, c.paths]), [["keep", ["tags.owner"]]]);
        const b = d.accounts.find(x => x.id === B)!;
        assert.deepEqual(b.added.map(r => r.name), ["new"]);
        assert.deepEqual(b.changed.map(c => [c.head.name, c.paths]), [["moved", ["(account)"]]]);
    });

    it("caps the paths listed per resource", () => {
        const many = Object.fromEntries(Array.from({ length: MAX_PATHS + 7 }, (_, i) => [`k${String(i).padStart(2, "0")}`, i]));
        const d = diffPlans(plan([resource("r", A, {})]), plan([resource("r", A, many)]));
        const c = d.accounts[0].changed[0];
        assert.equal(c.paths.length, MAX_PATHS);
        assert.equal(c.more, 7);
        assert.match(renderDiffText(d, { base: "b", head: "h" }), / and 7 more$/m);
    });

    it("matches violations as multisets; a message that changed is neither introduced nor cleared", () => {
        const r = resource("nb", A, {}, "aws:sagemaker/notebookInstance:NotebookInstance");
        const base = plan([r], [violation(r, "kms"), violation(r, "vpc", "mandatory", "subnet missing"), violation(r, "tags", "advisory")]);
        const head = plan([r], [violation(r, "kms"), violation(r, "kms"), violation(r, "vpc", "mandatory", "subnet and groups missing"),
            violation(r, "tags", "mandatory")]);
        const d = diffPlans(base, head);
        assert.deepEqual(d.introduced.map(v => `${v.policy} ${v.enforcementLevel}`), ["kms mandatory", "tags mandatory"]);
        assert.deepEqual(d.cleared.map(v => `${v.policy} ${v.enforcementLevel}`), ["tags advisory"]);
        assert.equal(d.accounts.find(x => x.id === A)!.introduced.length, 2);
    });

    it("reports accounts that join or leave the stack, and stack-level violations under no account", () => {
        const base = plan([resource("a", A)], [], [{ id: A, name: "research" }]);
        const head = plan([resource("b", B)], [{ urn: "", type: "", policy: "coverage", enforcementLevel: "mandatory", message: "no trail" }],
            [{ id: B, name: "fraud" }]);
        const d = diffPlans(base, head);
        assert.deepEqual(d.accounts.map(a => [a.id, a.status]), [[A, "removed"], [B, "added"], ["", "both"]]);
        const md = renderDiffMarkdown(d, { base: "base.json", head: "head.json" });
        assert.match(md, /^\| `012345678901` research \(leaves the stack\) \| 0 \| 1 \| 0 \| 0 \| 0 \|$/m);
        assert.match(md, /^_This account leaves the stack: everything deployed in it would be deleted\._$/m);
        assert.match(md, /^#### Not in an account$/m);
        assert.match(md, /^\| 🚫 mandatory \| _stack_ \|  \| `coverage` \| no trail \|$/m);
    });

    it("folds lists longer than FOLD_AFTER into <details>, and escapes table cells", () => {
        const rs = Array.from({ length: FOLD_AFTER + 1 }, (_, i) => resource(`b|${i}`, A));
        const md = renderDiffMarkdown(diffPlans(plan([]), plan(rs)), { base: "b", head: "h" });
        assert.match(md, new RegExp(`^<details><summary>${FOLD_AFTER + 1} resources added</summary>$`, "m"));
        assert.match(md, /^\| `b\\\|0` \| `aws:s3\/bucket:Bucket` \|$/m);
        const few = renderDiffMarkdown(diffPlans(plan([]), plan(rs.slice(0, 2))), { base: "b", head: "h" });
        assert.match(few, /^\*\*2 resources added\*\*$/m);
        assert.doesNotMatch(few, /<details>/);
    });

    it("reads a plan back, naming what is wrong", () => {
        const good = plan([resource("a", A)]);
        assert.deepEqual(readPlan(JSON.parse(JSON.stringify(good)), "x.json"), good);
        assert.throws(() => readPlan([], "x.json"), /x\.json is not an mlgov check plan: not a JSON object/);
        assert.throws(() => readPlan({ ...good, violations: [{ urn: "u" }] }, "x.json"), /violations\[0\] must have string "urn", "type", "policy", "enforcementLevel" and "message"/);
    });
});
