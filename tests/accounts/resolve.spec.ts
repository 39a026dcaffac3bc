/**
 * The accounts of a stack: explicit entries merged with discovered accounts (explicit wins, setting by
 * setting), tags mapped to settings, expected accounts, and the checks across the merged list.
 */
import * as assert from "node:assert/strict";
import { DiscoveredAccount, DiscoveryResult, GovernanceConfig, loadGovernedAccounts, resolveAccounts } from "../../accounts";
import { assertOneProblem, parse, problemsOf, prod, Raw } from "./helpers";
import { active, fakeOrganization } from "./organization";

const OU = "ou-ab12-cd34ef56";

const discovered = (id: string, name: string, tags: Record<string, string> = {}, ou = OU): DiscoveredAccount =>
    ({ id, name, organizationalUnitId: ou, organizationalUnitPath: [ou], tags });
const result = (accounts: DiscoveredAccount[], skipped: DiscoveryResult["skipped"] = []): DiscoveryResult =>
    ({ organizationalUnits: [OU], visitedOrganizationalUnits: [OU], accounts, skipped });

/** The prod example, its third account (which lives outside the OUs) kept, the others expected. */
const config = (change: (raw: Raw) => void = () => undefined): GovernanceConfig => {
    const raw = prod();
    change(raw);
    return parse(raw);
};
/** What discovery finds for the prod example's expected accounts. */
const found = () => [discovered("044455556666", "fraud"), discovered("555566667777", "forecast")];

describe("accounts/resolve", () => {
    it("merges explicit and discovered accounts: explicit wins setting by setting, then tags, then defaults", () => {
        const accounts = resolveAccounts(config(), result([
            discovered("044455556666", "fraud-in-organizations", { "mlgov:vpc-cidr": "10.99.0.0/16", "mlgov:user-profiles": "dave erin", "mlgov:regions": "us-east-1" }),
            discovered("555566667777", "forecast", { "mlgov:user-profiles": "frank", "mlgov:approved-instance-types": "ml.t3.medium ml.m5.xlarge", "team": "forecasting" }),
            discovered("077788889999", "discovered-only", { "mlgov:vpc-cidr": "10.30.0.0/16", "mlgov:regions": "eu-central-1 eu-west-1" }),
        ]));
        const tags = { "data-classification": "confidential", "cost-center": "cc-4711", environment: "prod", owner: "ml-platform", "managed-by": "ml-governance" };
        assert.deepStrictEqual(accounts, [
            {
                // Every setting from the config entry (its regions, block and profiles), the tags ignored.
                id: "044455556666", name: "ml-prod-fraud", regions: ["eu-central-1", "eu-west-1"], vpcCidr: "10.20.0.0/16", userProfiles: ["carol"],
                approvedInstanceTypes: ["system", "ml.t3.medium", "ml.m5.*", "ml.c5.*", "ml.g5.*"], defaultTags: tags, source: "config+discovery",
                organizationalUnitId: OU,
            },
            {
                id: "077788889999", name: "discovered-only", regions: ["eu-central-1", "eu-west-1"], vpcCidr: "10.30.0.0/16", userProfiles: [],
                approvedInstanceTypes: ["system", "ml.t3.medium", "ml.m5.*", "ml.c5.*", "ml.g5.*"], defaultTags: tags, source: "discovery",
                organizationalUnitId: OU,
            },
            {
                // Block from the config entry; profiles and instance types from the tags; regions from the stack.
                id: "555566667777", name: "ml-prod-forecast", regions: ["eu-west-1"], vpcCidr: "10.21.0.0/16", userProfiles: ["frank"],
                approvedInstanceTypes: ["ml.t3.medium", "ml.m5.xlarge"], defaultTags: tags, source: "config+discovery", organizationalUnitId: OU,
            },
            {
                id: "666677778888", name: "ml-prod-vendor", regions: ["eu-west-1"], vpcCidr: "10.22.0.0/16", userProfiles: [],
                approvedInstanceTypes: ["system", "ml.t3.medium", "ml.m5.*", "ml.c5.*", "ml.g5.*"], defaultTags: tags, source: "config",
            },
        ]);
    });

    it("applies an account's own tags over the stack's", () => {
        const accounts = resolveAccounts(config(raw => { raw.accounts[1].tags = { "cost-center": "cc-1", project: "forecast" }; }), result(found()));
        assert.deepStrictEqual(accounts[1].defaultTags, {
            "data-classification": "confidential", "cost-center": "cc-1", project: "forecast", environment: "prod", owner: "ml-platform", "managed-by": "ml-governance",
        });
    });

    it("without discovery, resolves the explicit accounts alone", () => {
        const raw = prod();
        delete raw.discovery;
        delete raw.accounts[2].expectedInOu;
        assert.deepStrictEqual(resolveAccounts(parse(raw)).map(a => [a.id, a.source]),
            [["044455556666", "config"], ["555566667777", "config"], ["666677778888", "config"]]);
    });

    it("needs the discovery result exactly when discovery is configured", () => {
        assert.throws(() => resolveAccounts(config()), /discovery is set; pass the result of discoverAccounts/);
        const raw = prod();
        delete raw.discovery;
        delete raw.accounts[2].expectedInOu;
        assert.throws(() => resolveAccounts(parse(raw), result([])), /ml-governance:discovery is not set/);
    });

    describe("expected accounts", () => {
        it("an explicit account not found under the OUs is an error", () => {
            const problems = problemsOf(() => resolveAccounts(config(), result([discovered("044455556666", "fraud")])));
            assertOneProblem(problems, "ml-governance:accounts[1]",
                /account 555566667777 \(ml-prod-forecast\) was not found ACTIVE under ou-ab12-cd34ef56; fix the id, move the account into one of those OUs, or set expectedInOu: false/);
        });

        it("says when it is there but suspended", () => {
            const problems = problemsOf(() => resolveAccounts(config(), result([discovered("044455556666", "fraud")],
                [{ id: "555566667777", name: "forecast", organizationalUnitId: OU, state: "SUSPENDED" }])));
            assertOneProblem(problems, "ml-governance:accounts[1]", /was not found ACTIVE under ou-ab12-cd34ef56 \(it is SUSPENDED in ou-ab12-cd34ef56\)/);
        });

        it("expectedInOu: false governs an account outside the OUs", () => {
            const accounts = resolveAccounts(config(), result(found()));
            assert.equal(accounts.find(a => a.id === "666677778888")?.source, "config");
        });
    });

    describe("tags", () => {
        it("are checked like the settings they fill, naming the account and the tag", () => {
            const problems = problemsOf(() => resolveAccounts(config(), result([...found(), discovered("077788889999", "lab", {
                "mlgov:vpc-cidr": "10.0.0.0/8", "mlgov:regions": "eu-west-1 mars-1", "mlgov:user-profiles": "alice bob_smith",
                "mlgov:approved-instance-types": "ml.p4d.24xlarge", "mlgov:user-profile": "x",
            })])));
            assert.deepStrictEqual(problems.map(p => p.path), [
                "tag mlgov:regions of account 077788889999 (lab)",
                "tag mlgov:user-profile of account 077788889999 (lab)",
                "tag mlgov:user-profiles of account 077788889999 (lab)",
                "tag mlgov:vpc-cidr of account 077788889999 (lab)",
                "tag mlgov:approved-instance-types of account 077788889999 (lab)",
            ]);
            assert.match(problems[0].message, /"mars-1" is not an AWS commercial region/);
            assert.match(problems[1].message, /unknown ml-governance tag; did you mean "mlgov:user-profiles"\?/);
            assert.match(problems[2].message, /"bob_smith" is not a SageMaker user profile name/);
            assert.match(problems[3].message, /prefix must be from \/16 to \/24/);
            assert.match(problems[4].message, /"ml.p4d.24xlarge" is not allowed by ml-governance:guardrails.approvedInstanceTypes/);
        });

        it("a discovered block that overlaps an explicit one in the same region is an error, named by its tag", () => {
            const problems = problemsOf(() => resolveAccounts(config(), result([...found(), discovered("077788889999", "lab", { "mlgov:vpc-cidr": "10.21.128.0/17" })])));
            // Reported on the later account by id, naming where both blocks are set.
            assertOneProblem(problems, "ml-governance:accounts[1].vpcCidr",
                /account 555566667777 \(ml-prod-forecast\) uses 10\.21\.0\.0\/16, which overlaps 10\.21\.128\.0\/17 of account 077788889999 \(lab\) \(tag mlgov:vpc-cidr of account 077788889999 \(lab\)\) in eu-west-1/);
        });

        it("a discovered account without a block collides with another one without a block", () => {
            const problems = problemsOf(() => resolveAccounts(config(), result([...found(), discovered("077788889999", "a"), discovered("088899990000", "b")])));
            assertOneProblem(problems, "tag mlgov:vpc-cidr of account 088899990000 (b)", /uses 10\.0\.0\.0\/16 \(the default\), which overlaps 10\.0\.0\.0\/16 \(the default\) of account 077788889999 \(a\)/);
        });
    });

    it("rejects the organization's own accounts found under the OUs", () => {
        const problems = problemsOf(() => resolveAccounts(config(), result([...found(), discovered("222233334444", "security", { "mlgov:vpc-cidr": "10.40.0.0/16" })])));
        assertOneProblem(problems, "discovered account 222233334444 (security) in ou-ab12-cd34ef56", /is the security account/);
    });

    it("loadGovernedAccounts discovers with the client, then merges", async () => {
        const { client } = fakeOrganization([{ id: OU, accounts: [active("044455556666", "fraud"), active("555566667777", "forecast"), active("077788889999", "lab")] }],
            { "077788889999": { "mlgov:vpc-cidr": "10.30.0.0/16" } });
        const { accounts, discovery } = await loadGovernedAccounts(config(), client);
        assert.deepStrictEqual(accounts.map(a => a.id), ["044455556666", "077788889999", "555566667777", "666677778888"]);
        assert.equal(accounts[1].vpcCidr, "10.30.0.0/16");
        assert.deepStrictEqual(discovery?.organizationalUnits, [OU]);
    });
});
