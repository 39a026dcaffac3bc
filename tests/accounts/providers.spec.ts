/**
 * One provider per account and region, read from what the Pulumi mocks recorded: names, role ARNs,
 * allowedAccountIds, regions and default tags; the organization-level providers.
 */
import { build, ResourceRecord, resources } from "../components/mocks";
import * as assert from "node:assert/strict";
import { assumeRolesFor, GovernanceConfig, governanceProviders, GovernedAccount, resolveAccounts } from "../../accounts";
import { parse, prod } from "./helpers";

/** A provider input as the mock received it (lists and objects arrive JSON-encoded). */
const input = (r: ResourceRecord, key: string): unknown => {
    const v = r.inputs[key];
    return typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v;
};

function prodStack(): { config: GovernanceConfig; accounts: GovernedAccount[] } {
    const raw = prod();
    delete raw.discovery;
    delete raw.accounts[2].expectedInOu;
    raw.accounts[2].regions = ["eu-west-1", "us-east-1"];
    const config = parse(raw);
    return { config, accounts: resolveAccounts(config) };
}

describe("accounts/providers", function () {
    this.timeout(60_000);
    let stack: ReturnType<typeof prodStack>;
    let records: ResourceRecord[];
    let providers: ReturnType<typeof governanceProviders>;

    before(async () => {
        stack = prodStack();
        providers = await build(() => governanceProviders(stack.config, stack.accounts));
        records = resources("pulumi:providers:aws");
    });

    const byName = (name: string) => {
        const found = records.filter(r => r.name === name);
        assert.equal(found.length, 1, `provider ${name}: ${found.length}`);
        return found[0];
    };

    it("creates one provider per ML account and region, named account-<id>-<region>", () => {
        const expected = [
            ["044455556666", "eu-central-1"], ["044455556666", "eu-west-1"], ["555566667777", "eu-west-1"],
            ["666677778888", "eu-west-1"], ["666677778888", "us-east-1"],
        ];
        assert.deepStrictEqual(providers.accounts.map(p => [p.accountId, p.region]), expected);
        for (const [id, region] of expected) {
            assert.ok(byName(`account-${id}-${region}`));
            assert.equal(providers.forAccount(id, region), providers.accounts.find(p => p.accountId === id && p.region === region)?.provider);
        }
        assert.throws(() => providers.forAccount("044455556666", "us-east-1"), /no provider for account 044455556666 in us-east-1/);
    });

    it("assumes the member role in the account, is pinned to it, in its region, with the account's default tags", () => {
        for (const account of stack.accounts) {
            for (const region of account.regions) {
                const r = byName(`account-${account.id}-${region}`);
                assert.deepStrictEqual(input(r, "assumeRoles"), [{ roleArn: `arn:aws:iam::${account.id}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }]);
                assert.deepStrictEqual(input(r, "allowedAccountIds"), [account.id]);
                assert.equal(r.inputs.region, region);
                assert.deepStrictEqual(input(r, "defaultTags"), {
                    tags: { "data-classification": "confidential", "cost-center": "cc-4711", environment: "prod", owner: "ml-platform", "managed-by": "ml-governance" },
                });
            }
        }
    });

    it("keeps the leading zero of the account id in the role ARN and allowedAccountIds", () => {
        const r = byName("account-044455556666-eu-west-1");
        assert.deepStrictEqual(input(r, "allowedAccountIds"), ["044455556666"]);
        assert.match(JSON.stringify(input(r, "assumeRoles")), /arn:aws:iam::044455556666:role\//);
    });

    it("creates the management and security providers in every region an ML account uses, the log-archive one in the default region", () => {
        const regions = ["eu-central-1", "eu-west-1", "us-east-1"];
        assert.deepStrictEqual([...providers.management.keys()], regions);
        assert.deepStrictEqual([...providers.security.keys()], regions);
        for (const region of regions) {
            const management = byName(`management-111122223333-${region}`);
            assert.equal(input(management, "assumeRoles"), undefined, "Pulumi's own credentials are the management account's");
            assert.deepStrictEqual(input(management, "allowedAccountIds"), ["111122223333"]);
            assert.equal(management.inputs.region, region);
            const security = byName(`security-222233334444-${region}`);
            assert.deepStrictEqual(input(security, "assumeRoles"), [{ roleArn: "arn:aws:iam::222233334444:role/OrganizationAccountAccessRole", sessionName: "ml-governance" }]);
            assert.deepStrictEqual(input(security, "allowedAccountIds"), ["222233334444"]);
        }
        const archive = byName("log-archive-333344445555-eu-west-1");
        assert.deepStrictEqual(input(archive, "allowedAccountIds"), ["333344445555"]);
        assert.deepStrictEqual((input(archive, "defaultTags") as { tags: Record<string, string> }).tags["managed-by"], "ml-governance");
        assert.ok(providers.logArchive);
    });

    it("gives every provider a unique name", () => {
        const names = records.map(r => r.name);
        assert.equal(names.length, 5 + 3 + 3 + 1);
        assert.equal(new Set(names).size, names.length);
    });

    it("chains through managementRoleArn when Pulumi runs outside the management account", () => {
        const organization = { ...stack.config.organization, managementRoleArn: "arn:aws:iam::111122223333:role/ml-governance-deployer" };
        assert.deepStrictEqual(assumeRolesFor(organization, "044455556666"), [
            { roleArn: "arn:aws:iam::111122223333:role/ml-governance-deployer", sessionName: "ml-governance" },
            { roleArn: "arn:aws:iam::044455556666:role/OrganizationAccountAccessRole", sessionName: "ml-governance" },
        ]);
        assert.deepStrictEqual(assumeRolesFor(organization, "111122223333"), [
            { roleArn: "arn:aws:iam::111122223333:role/ml-governance-deployer", sessionName: "ml-governance" },
        ]);
        assert.deepStrictEqual(assumeRolesFor({ ...organization, managementRoleArn: undefined, memberRoleName: "MlGovernanceDeployer" }, "044455556666"),
            [{ roleArn: "arn:aws:iam::044455556666:role/MlGovernanceDeployer", sessionName: "ml-governance" }]);
    });
});
