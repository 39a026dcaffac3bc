/**
 * Account discovery (accounts/discovery.ts) against a real Organizations API: moto's. Nested OUs,
 * more accounts than one page, a closed account, `mlgov:` tags turned into settings, and
 * `organization.managementRoleArn` assumed through moto's STS by the program's own client.
 *
 * Where moto differs from AWS (each noted where it matters): CloseAccount makes the account
 * SUSPENDED at once (AWS: PENDING_CLOSURE, then SUSPENDED; the mock-based spec covers PENDING_CLOSURE
 * and CLOSED); an account outside any organization gets ParentNotFoundException from
 * ListAccountsForParent (AWS documents AWSOrganizationsNotInUseException); moto's STS grants every
 * AssumeRole (it ignores trust policies), so only the account the keys act in is checked here.
 */
import * as assert from "node:assert/strict";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { ConfigError, discoverAccounts, DiscoveryError, loadGovernedAccounts, organizationsClient } from "../../accounts";
import { parse, prod } from "../accounts/helpers";
import { SeededAccount, SeededOrganization } from "./organization";
import { useEnv } from "./env";
import { MOTO_CREDENTIALS, useMoto } from "./server";

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

describe("moto: account discovery against Organizations", function () {
    this.timeout(60_000);
    const moto = useMoto();
    const setEnv = useEnv();

    it("reads nested OUs, more accounts than a page, the tags, and skips a closed account", async () => {
        const org = await SeededOrganization.create(moto());
        const ml = await org.ou("ml");
        const research = await org.ou("research", ml);
        const deep = await org.ou("deep", research);
        const elsewhere = await org.ou("sandbox");
        const top: SeededAccount[] = [];
        // 23 accounts directly in the OU: two pages at the service's page size (20, as AWS documents for MaxResults).
        for (let i = 0; i < 23; i++) {
            top.push(await org.account(`ml-${String(i).padStart(2, "0")}`, ml));
        }
        const tagged = await org.account("ml-research", research, { "mlgov:regions": "eu-west-1 eu-central-1", "mlgov:user-profiles": "alice bob", team: "fraud" });
        const deepest = await org.account("ml-deep", deep);
        const closed = await org.account("ml-closed", research);
        await org.close(closed.id);
        await org.account("sandbox-1", elsewhere);

        const client = organizationsClient(moto().clientConfig());
        const result = await discoverAccounts(client, [ml]);
        const expected = [...top, tagged, deepest].sort(byId);
        assert.deepStrictEqual(result.accounts.map(a => [a.id, a.name]), expected.map(a => [a.id, a.name]));
        const seen = new Map(result.accounts.map(a => [a.id, a]));
        assert.deepStrictEqual(seen.get(deepest.id)?.organizationalUnitPath, [ml, research, deep]);
        assert.equal(seen.get(deepest.id)?.organizationalUnitId, deep);
        assert.deepStrictEqual(seen.get(top[0].id)?.organizationalUnitPath, [ml]);
        assert.deepStrictEqual(seen.get(tagged.id)?.tags, { "mlgov:regions": "eu-west-1 eu-central-1", "mlgov:user-profiles": "alice bob", team: "fraud" });
        assert.equal(seen.get(tagged.id)?.email, "ml-research@example.com");
        assert.match(seen.get(tagged.id)?.arn ?? "", new RegExp(`^arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${tagged.id}$`));
        // moto closes at once (SUSPENDED); AWS shows PENDING_CLOSURE first. Either way: not ACTIVE, not governed.
        assert.deepStrictEqual(result.skipped.map(s => [s.id, s.state]), [[closed.id, "SUSPENDED"]]);
        assert.deepStrictEqual(result.visitedOrganizationalUnits, [ml, research, deep].sort());

        const paged = await discoverAccounts(client, [ml], { pageSize: 2 });
        assert.deepStrictEqual(paged, result, "pages of 2 give the same answer as pages of 20");
    });

    it("fails closed on an OU that is not in the organization", async () => {
        const org = await SeededOrganization.create(moto());
        const ml = await org.ou("ml");
        await org.account("ml-1", ml);
        const missing = `ou-${org.rootId.slice(2)}-zzzzzzzz`;
        const client = organizationsClient(moto().clientConfig());
        await assert.rejects(discoverAccounts(client, [ml, missing]), (e: unknown) => {
            assert.ok(e instanceof DiscoveryError);
            assert.match(e.message, new RegExp(`ListAccountsForParent for ${missing} failed after 1 attempt: ParentNotFoundException: .*The OU does not exist in this organization`));
            assert.equal(e.organizationalUnitId, missing);
            return true;
        });
    });

    describe("the program's discovery client (loadGovernedAccounts), endpoints from AWS_ENDPOINT_URL", () => {
        /** Credentials of a CI role in another account (111111111111), from moto's STS: the "default chain" Pulumi runs with. */
        async function ciCredentials() {
            const ci = fromTemporaryCredentials({
                masterCredentials: MOTO_CREDENTIALS,
                params: { RoleArn: "arn:aws:iam::111111111111:role/ci-deployer", RoleSessionName: "ci" },
                clientConfig: { region: "us-east-1", endpoint: moto().endpoint },
            });
            return ci();
        }

        async function seed() {
            const org = await SeededOrganization.create(moto());
            const ml = await org.ou("ml");
            const nested = await org.ou("forecasting", ml);
            const fraud = await org.account("ml-fraud", ml, { "mlgov:vpc-cidr": "10.30.0.0/16", "mlgov:user-profiles": "carol" });
            const forecast = await org.account("ml-forecast", nested, { "mlgov:vpc-cidr": "10.31.0.0/16", "mlgov:regions": "eu-west-1 eu-central-1" });
            const credentials = await ciCredentials();
            setEnv({
                AWS_ENDPOINT_URL: moto().endpoint,
                AWS_ACCESS_KEY_ID: credentials.accessKeyId,
                AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
                AWS_SESSION_TOKEN: credentials.sessionToken,
                AWS_PROFILE: undefined,
            });
            const raw = prod();
            raw.organization = { managementAccountId: org.managementAccountId, securityAccountId: "222233334444", logArchiveAccountId: "333344445555" };
            raw.accounts = [];
            raw.discovery = { organizationalUnits: [ml], maxAttempts: 2 };
            return { org, ml, nested, fraud, forecast, raw };
        }

        it("assumes organization.managementRoleArn and resolves the discovered accounts' settings from their tags", async () => {
            const { org, nested, fraud, forecast, raw } = await seed();
            raw.organization.managementRoleArn = `arn:aws:iam::${org.managementAccountId}:role/ml-governance-org-reader`;
            const { accounts, discovery } = await loadGovernedAccounts(parse(raw));
            assert.deepStrictEqual(discovery?.accounts.map(a => a.id), [fraud.id, forecast.id].sort());
            const got = new Map(accounts.map(a => [a.id, a]));
            assert.equal(got.get(fraud.id)?.vpcCidr, "10.30.0.0/16");
            assert.deepStrictEqual(got.get(fraud.id)?.userProfiles, ["carol"]);
            assert.deepStrictEqual(got.get(fraud.id)?.regions, ["eu-west-1"], "the stack's regions when the tag does not say");
            assert.deepStrictEqual([...(got.get(forecast.id)?.regions ?? [])].sort(), ["eu-central-1", "eu-west-1"]);
            assert.equal(discovery?.accounts.find(a => a.id === forecast.id)?.organizationalUnitId, nested);
        });

        it("without managementRoleArn runs as the CI account, which is in no organization: discovery stops", async () => {
            const { ml, raw } = await seed();
            // AWS answers AWSOrganizationsNotInUseException here; moto answers ParentNotFoundException.
            await assert.rejects(loadGovernedAccounts(parse(raw)), (e: unknown) => {
                assert.ok(e instanceof DiscoveryError, String(e));
                assert.match(e.message, new RegExp(`ListAccountsForParent for ${ml} failed .*(ParentNotFoundException|AWSOrganizationsNotInUseException)`));
                assert.match(e.message, /Discovery never continues with a partial account list/);
                return true;
            });
        });

        it("refuses a mistyped mlgov: tag on a real account, naming the tag and the account", async () => {
            const { org, ml, raw } = await seed();
            const typo = await org.account("ml-typo", ml, { "mlgov:user-profile": "dave", "mlgov:vpc-cidr": "10.32.0.0/16" });
            raw.organization.managementRoleArn = `arn:aws:iam::${org.managementAccountId}:role/ml-governance-org-reader`;
            await assert.rejects(loadGovernedAccounts(parse(raw)), (e: unknown) => {
                assert.ok(e instanceof ConfigError, String(e));
                const problem = e.problems.find(p => p.path === `tag mlgov:user-profile of account ${typo.id} (ml-typo)`);
                assert.ok(problem, JSON.stringify(e.problems));
                assert.match(problem.message, /did you mean "mlgov:user-profiles"/);
                return true;
            });
        });
    });
});
