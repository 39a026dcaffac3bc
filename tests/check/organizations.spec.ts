/**
 * AWS Organizations answered from an accounts snapshot (cli/src/check/organizations.ts): the API's
 * pages, its errors for what does not exist, and the snapshot's own validation.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { OrganizationAnswers, OrganizationSnapshot, readSnapshot } from "../../cli/src/check/organizations";

const SNAPSHOT: OrganizationSnapshot = {
    organization: { id: "o-a1b2c3d4e5", managementAccountId: "111122223333", rootId: "r-ab12" },
    organizationalUnits: [
        { id: "ou-ab12-cd34ef56", name: "ML", parentId: "r-ab12", tags: { team: "ml" } },
        { id: "ou-ab12-77778888", name: "Sandboxes", parentId: "ou-ab12-cd34ef56" },
    ],
    accounts: [
        { id: "210987654321", name: "research", parentId: "ou-ab12-cd34ef56", tags: { "mlgov:regions": "eu-west-1" } },
        { id: "321098765432", name: "vision", parentId: "ou-ab12-cd34ef56" },
        { id: "432109876543", name: "sandbox", parentId: "ou-ab12-77778888" },
        { id: "543210987654", name: "closed", parentId: "ou-ab12-cd34ef56", state: "SUSPENDED" },
    ],
};

describe("mlgov check: Organizations from a snapshot", () => {
    const answers = new OrganizationAnswers(SNAPSHOT);

    it("lists the accounts of a parent page by page, with the API's fields", () => {
        const first = answers.answer("ListAccountsForParent", { ParentId: "ou-ab12-cd34ef56", MaxResults: 2 });
        assert.equal(first.NextToken, "2");
        const accounts = first.Accounts as Array<Record<string, unknown>>;
        assert.deepEqual(accounts.map(a => a.Id), ["210987654321", "321098765432"]);
        assert.equal(accounts[0].Arn, "arn:aws:organizations::111122223333:account/o-a1b2c3d4e5/210987654321");
        assert.equal(accounts[0].State, "ACTIVE");
        const second = answers.answer("ListAccountsForParent", { ParentId: "ou-ab12-cd34ef56", MaxResults: 2, NextToken: "2" });
        assert.equal(second.NextToken, undefined);
        assert.deepEqual((second.Accounts as Array<Record<string, unknown>>).map(a => [a.Id, a.State, a.Status]),
            [["543210987654", "SUSPENDED", "SUSPENDED"]]);
    });

    it("lists child OUs, tags, children and parents, and describes accounts, OUs and the organization", () => {
        assert.deepEqual((answers.answer("ListOrganizationalUnitsForParent", { ParentId: "ou-ab12-cd34ef56" }).OrganizationalUnits as Array<{ Id: string }>)
            .map(o => o.Id), ["ou-ab12-77778888"]);
        assert.deepEqual(answers.answer("ListTagsForResource", { ResourceId: "210987654321" }).Tags, [{ Key: "mlgov:regions", Value: "eu-west-1" }]);
        assert.deepEqual(answers.answer("ListTagsForResource", { ResourceId: "ou-ab12-cd34ef56" }).Tags, [{ Key: "team", Value: "ml" }]);
        assert.deepEqual(answers.answer("ListChildren", { ParentId: "r-ab12", ChildType: "ORGANIZATIONAL_UNIT" }).Children,
            [{ Id: "ou-ab12-cd34ef56", Type: "ORGANIZATIONAL_UNIT" }]);
        assert.deepEqual(answers.answer("ListParents", { ChildId: "432109876543" }).Parents, [{ Id: "ou-ab12-77778888", Type: "ORGANIZATIONAL_UNIT" }]);
        assert.equal((answers.answer("DescribeAccount", { AccountId: "321098765432" }).Account as { Name: string }).Name, "vision");
        assert.equal((answers.answer("DescribeOrganization", {}).Organization as { MasterAccountId: string }).MasterAccountId, "111122223333");
        assert.equal((answers.answer("ListAccounts", {}).Accounts as unknown[]).length, 4);
        assert.deepEqual(answers.descendantAccounts("ou-ab12-cd34ef56").map(a => a.id), ["210987654321", "321098765432", "432109876543", "543210987654"]);
    });

    it("fails like the API for what does not exist, and refuses writes", () => {
        const fails = (operation: string, input: Record<string, unknown>, name: RegExp) =>
            assert.throws(() => answers.answer(operation, input), (e: Error & { $fault?: string }) => name.test(e.name) && e.$fault === "client");
        fails("ListAccountsForParent", { ParentId: "ou-ab12-00000000" }, /^ParentNotFoundException$/);
        fails("DescribeAccount", { AccountId: "999999999999" }, /^AccountNotFoundException$/);
        fails("ListTagsForResource", { ResourceId: "999999999999" }, /^TargetNotFoundException$/);
        fails("ListAccounts", { NextToken: "99" }, /^InvalidInputException$/);
        fails("CreateAccount", {}, /^MlgovCheckOffline$/);
    });

    describe("the snapshot file", () => {
        let dir: string;
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlgov-snapshot-"));
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
        const file = (doc: unknown) => {
            const f = path.join(dir, "Pulumi.dev.accounts.json");
            fs.writeFileSync(f, typeof doc === "string" ? doc : JSON.stringify(doc));
            return f;
        };

        it("reads a valid snapshot, accounts ACTIVE unless they say otherwise", () => {
            const s = readSnapshot(file(SNAPSHOT));
            assert.equal(s.accounts[0].state, "ACTIVE");
            assert.equal(s.accounts[3].state, "SUSPENDED");
        });

        it("names every problem of an invalid one", () => {
            const bad = structuredClone(SNAPSHOT) as unknown as { organization: Record<string, unknown>; accounts: Array<Record<string, unknown>> };
            bad.organization.rootId = "root";
            bad.accounts[0].id = 210987654321;
            bad.accounts[1].parentId = "ou-ab12-99999999";
            bad.accounts[2].state = "GONE";
            bad.accounts.push({ ...bad.accounts[3] });
            assert.throws(() => readSnapshot(file(bad)), (e: Error) => {
                assert.match(e.message, /organization\.rootId must be a root id \(r-…\) \(got "root"\)/);
                assert.match(e.message, /accounts\[0\]\.id must be a 12-digit account id in quotes \(got 210987654321\)/);
                assert.match(e.message, /accounts\[1\]\.parentId ou-ab12-99999999 is neither the root nor a listed OU/);
                assert.match(e.message, /accounts\[2\]\.state must be one of ACTIVE, /);
                assert.match(e.message, /accounts\[4\]\.id 543210987654 is listed twice/);
                return true;
            });
            assert.throws(() => readSnapshot(file("{")), /is not valid JSON/);
        });
    });
});
