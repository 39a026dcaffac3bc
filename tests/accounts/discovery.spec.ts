/**
 * Account discovery against a fake organization (aws-sdk-client-mock): pagination of accounts, OUs
 * and tags, nested OUs, ACTIVE accounts only (State or Status), a deterministic order, and failing
 * closed on every API error, with a clear error after the SDK's retries.
 */
import * as assert from "node:assert/strict";
import { Readable } from "node:stream";
import {
    AccessDeniedException, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, ListTagsForResourceCommand, TooManyRequestsException,
} from "@aws-sdk/client-organizations";
import { discoverAccounts, discoveryClient, DiscoveryError, organizationsClient } from "../../accounts";
import { PROD_EXAMPLE } from "../../accounts/examples";
import { parse } from "./helpers";
import { active, fakeOrganization, FakeOu } from "./organization";

const OU = "ou-ab12-cd34ef56";
const NESTED = "ou-ab12-nested01";
const DEEPER = "ou-ab12-deeper01";

/** The DiscoveryError `f` rejects with. */
async function discoveryError(f: () => Promise<unknown>): Promise<DiscoveryError> {
    try {
        await f();
    } catch (e) {
        assert.ok(e instanceof DiscoveryError, `expected a DiscoveryError, got ${e instanceof Error ? e.stack : String(e)}`);
        return e;
    }
    assert.fail("discovery succeeded; expected a DiscoveryError");
}

const NEVER_PARTIAL = /Discovery never continues with a partial account list/;

describe("accounts/discovery", () => {
    it("reads every page of accounts, child OUs and tags", async () => {
        const accounts = ["000000000005", "000000000004", "000000000003", "000000000002", "000000000001"].map((id, i) => active(id, `ml-${i}`));
        const children: FakeOu[] = ["ou-ab12-child003", "ou-ab12-child001", "ou-ab12-child002"].map((id, i) => ({ id, accounts: [active(`10000000000${i}`, `child-${i}`)] }));
        const tags = { "000000000001": { a: "1", b: "2", c: "3", "mlgov:user-profiles": "alice bob", e: "5" } };
        const { client, mock } = fakeOrganization([{ id: OU, accounts, children }], tags, 2);
        const result = await discoverAccounts(client, [OU]);
        assert.deepStrictEqual(result.accounts.map(a => a.id), [
            "000000000001", "000000000002", "000000000003", "000000000004", "000000000005", "100000000000", "100000000001", "100000000002",
        ]);
        assert.equal(mock.commandCalls(ListAccountsForParentCommand, { ParentId: OU }).length, 3, "5 accounts in pages of 2");
        assert.equal(mock.commandCalls(ListOrganizationalUnitsForParentCommand, { ParentId: OU }).length, 2, "3 OUs in pages of 2");
        assert.equal(mock.commandCalls(ListTagsForResourceCommand, { ResourceId: "000000000001" }).length, 3, "5 tags in pages of 2");
        assert.deepStrictEqual(result.accounts[0].tags, tags["000000000001"]);
        assert.deepStrictEqual(result.accounts[5].tags, {});
        assert.deepStrictEqual(result.visitedOrganizationalUnits, [OU, "ou-ab12-child001", "ou-ab12-child002", "ou-ab12-child003"]);
    });

    it("follows nested OUs to any depth, and records where each account is", async () => {
        const { client } = fakeOrganization([{
            id: OU, accounts: [active("111111111111", "top")],
            children: [{ id: NESTED, accounts: [active("222222222222", "middle")], children: [{ id: DEEPER, accounts: [active("333333333333", "deep")] }] }],
        }]);
        const result = await discoverAccounts(client, [OU]);
        assert.deepStrictEqual(result.accounts.map(a => [a.id, a.name, a.organizationalUnitId, a.organizationalUnitPath]), [
            ["111111111111", "top", OU, [OU]],
            ["222222222222", "middle", NESTED, [OU, NESTED]],
            ["333333333333", "deep", DEEPER, [OU, NESTED, DEEPER]],
        ]);
        assert.equal(result.accounts[0].email, "top@example.com");
    });

    it("governs only ACTIVE accounts, reading State and, from older APIs, Status", async () => {
        const { client, mock } = fakeOrganization([{
            id: OU, accounts: [
                active("111111111111", "active"),
                { Id: "222222222222", Name: "suspended", Status: "SUSPENDED" },
                { Id: "333333333333", Name: "closed", State: "CLOSED", Status: "SUSPENDED" },
                { Id: "444444444444", Name: "closing", State: "PENDING_CLOSURE", Status: "PENDING_CLOSURE" },
                { Id: "555555555555", Name: "old-api", Status: "ACTIVE" },
                { Id: "666666666666", Name: "new-api", State: "ACTIVE" },
                { Id: "777777777777", Name: "state-wins", State: "SUSPENDED", Status: "ACTIVE" },
            ],
        }]);
        const result = await discoverAccounts(client, [OU]);
        assert.deepStrictEqual(result.accounts.map(a => a.id), ["111111111111", "555555555555", "666666666666"]);
        assert.deepStrictEqual(result.skipped.map(s => [s.id, s.state]), [
            ["222222222222", "SUSPENDED"], ["333333333333", "CLOSED"], ["444444444444", "PENDING_CLOSURE"], ["777777777777", "SUSPENDED"],
        ]);
        assert.equal(mock.commandCalls(ListTagsForResourceCommand).length, 3, "tags are read for governed accounts only");
    });

    it("fails on an account whose state it cannot tell", async () => {
        const { client } = fakeOrganization([{ id: OU, accounts: [{ Id: "111111111111", Name: "unknown" }] }]);
        const e = await discoveryError(() => discoverAccounts(client, [OU]));
        assert.match(e.message, /account 111111111111 in ou-ab12-cd34ef56 has neither State nor Status/);
        assert.equal(e.accountId, "111111111111");
    });

    it("returns the same deterministic order whatever order the API answers in", async () => {
        const accounts = ["333333333333", "111111111111", "222222222222"].map(id => active(id, id));
        const a = await discoverAccounts(fakeOrganization([{ id: OU, accounts, children: [{ id: NESTED, accounts: [active("000000000009", "n")] }, { id: DEEPER }] }]).client, [OU]);
        const b = await discoverAccounts(fakeOrganization([{ id: OU, accounts: [...accounts].reverse(), children: [{ id: DEEPER }, { id: NESTED, accounts: [active("000000000009", "n")] }] }]).client, [OU]);
        assert.deepStrictEqual(a, b);
        assert.deepStrictEqual(a.accounts.map(x => x.id), ["000000000009", "111111111111", "222222222222", "333333333333"]);
    });

    describe("fails closed", () => {
        it("on AccessDenied, naming the OU and the permissions", async () => {
            const { client, mock } = fakeOrganization([{ id: OU }]);
            mock.on(ListAccountsForParentCommand).rejects(new AccessDeniedException({
                message: "You don't have permissions to access this resource.", $metadata: { httpStatusCode: 400, attempts: 1 },
            }));
            const e = await discoveryError(() => discoverAccounts(client, [OU]));
            assert.match(e.message, /^account discovery failed: ListAccountsForParent for ou-ab12-cd34ef56 failed after 1 attempt: AccessDeniedException: You don't have permissions/);
            assert.match(e.message, /organizations:ListAccountsForParent/);
            assert.match(e.message, NEVER_PARTIAL);
            assert.equal(e.organizationalUnitId, OU);
            assert.ok(e.cause instanceof AccessDeniedException);
        });

        it("on an OU that does not exist", async () => {
            const { client } = fakeOrganization([{ id: OU }]);
            const e = await discoveryError(() => discoverAccounts(client, [OU, "ou-ab12-missing1"]));
            assert.match(e.message, /ListAccountsForParent for ou-ab12-missing1 failed .*ParentNotFoundException.*The OU does not exist in this organization: check ml-governance:discovery.organizationalUnits/);
            assert.equal(e.organizationalUnitId, "ou-ab12-missing1");
        });

        it("on persistent throttling, after the SDK's retries, with the attempts", async () => {
            const { client, mock } = fakeOrganization([{ id: OU, children: [{ id: NESTED }] }]);
            // What the SDK throws once its retries are spent: the last error, with the attempts in $metadata.
            const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400, attempts: 10, totalRetryDelay: 41_000 } });
            mock.on(ListOrganizationalUnitsForParentCommand, { ParentId: NESTED }).rejects(throttled);
            const e = await discoveryError(() => discoverAccounts(client, [OU]));
            assert.match(e.message, /ListOrganizationalUnitsForParent for ou-ab12-nested01 \(under ou-ab12-cd34ef56\) failed after 10 attempts: ThrottlingException: Rate exceeded\. Organizations throttled the calls and the SDK's retries \(adaptive mode, discovery.maxAttempts\) did not get through/);
            assert.match(e.message, NEVER_PARTIAL);
            assert.equal(e.organizationalUnitId, NESTED);
        });

        it("on throttled tags, naming the account", async () => {
            const { client, mock } = fakeOrganization([{ id: OU, accounts: [active("111111111111", "a"), active("222222222222", "b")] }]);
            mock.on(ListTagsForResourceCommand, { ResourceId: "222222222222" }).rejects(new TooManyRequestsException({ message: "AWS Organizations can't complete your request because another request is already in progress.", $metadata: { attempts: 10 } }));
            const e = await discoveryError(() => discoverAccounts(client, [OU]));
            assert.match(e.message, /ListTagsForResource for account 222222222222 \(b\) failed after 10 attempts: TooManyRequestsException/);
            assert.equal(e.accountId, "222222222222");
        });

        it("on an error in a later page: no partial list", async () => {
            const accounts = ["111111111111", "222222222222", "333333333333"].map(id => active(id, id));
            const { client, mock } = fakeOrganization([{ id: OU, accounts }], {}, 2);
            mock.on(ListAccountsForParentCommand, { ParentId: OU, NextToken: `accounts-${OU}#2` }).rejects(
                Object.assign(new Error("We encountered an internal error. Try again."), { name: "ServiceException", $metadata: { attempts: 10 } }));
            const e = await discoveryError(() => discoverAccounts(client, [OU]));
            assert.match(e.message, /ListAccountsForParent for ou-ab12-cd34ef56 failed after 10 attempts: ServiceException/);
        });

        it("on a page token that repeats (it would never end)", async () => {
            const { client, mock } = fakeOrganization([{ id: OU }]);
            mock.on(ListAccountsForParentCommand).resolves({ Accounts: [active("111111111111", "a")], NextToken: "same" });
            const e = await discoveryError(() => discoverAccounts(client, [OU]));
            assert.match(e.message, /returned the NextToken "same" twice/);
        });

        it("on an OU listed inside another listed OU, or twice", async () => {
            const { client } = fakeOrganization([{ id: OU, children: [{ id: NESTED, accounts: [active("111111111111", "a")] }] }]);
            for (const list of [[OU, NESTED], [NESTED, OU]]) {
                const e = await discoveryError(() => discoverAccounts(client, list));
                assert.match(e.message, /ou-ab12-nested01 is listed in ml-governance:discovery.organizationalUnits and is also inside ou-ab12-cd34ef56, which is listed too/);
            }
            assert.match((await discoveryError(() => discoverAccounts(client, [OU, OU]))).message, /listed twice/);
            assert.match((await discoveryError(() => discoverAccounts(client, ["r-ab12"]))).message, /organization root/);
            assert.match((await discoveryError(() => discoverAccounts(client, []))).message, /no organizational units/);
        });
    });

    describe("the client", () => {
        it("uses the Organizations endpoint's region, adaptive retries and discovery.maxAttempts", async () => {
            const client = organizationsClient();
            assert.equal(await client.config.region(), "us-east-1");
            assert.equal(await client.config.maxAttempts(), 10);
            assert.equal(((await client.config.retryStrategy()) as { mode?: string }).mode, "adaptive");
            assert.equal(await organizationsClient({ maxAttempts: 4 }).config.maxAttempts(), 4);
        });

        describe("credentials (the real SDK credential providers, a fake STS)", () => {
            const ROLE = "arn:aws:iam::111122223333:role/ml-governance-deployer";
            const saved: Record<string, string | undefined> = {};
            const ENV = { AWS_ACCESS_KEY_ID: "AKIDDEFAULTCHAIN", AWS_SECRET_ACCESS_KEY: "default-secret" };
            beforeEach(() => {
                for (const [k, v] of Object.entries(ENV)) {
                    saved[k] = process.env[k];
                    process.env[k] = v;
                }
                saved.AWS_SESSION_TOKEN = process.env.AWS_SESSION_TOKEN;
                delete process.env.AWS_SESSION_TOKEN;
            });
            afterEach(() => {
                for (const [k, v] of Object.entries(saved)) {
                    if (v === undefined) {
                        delete process.env[k];
                    } else {
                        process.env[k] = v;
                    }
                }
            });
            const ASSUMED = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAASSUMEDROLE</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey><SessionToken>assumed-token</SessionToken>
<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:ml-governance-discovery</AssumedRoleId><Arn>arn:aws:sts::111122223333:assumed-role/ml-governance-deployer/ml-governance-discovery</Arn></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>`;
            function fakeSts() {
                const calls: Array<{ host: string; body: string; authorization: string }> = [];
                const requestHandler = {
                    handle: async (request: { hostname: string; body?: unknown; headers: Record<string, string> }) => {
                        calls.push({ host: request.hostname, body: String(request.body ?? ""), authorization: request.headers.authorization ?? "" });
                        return {
                            response: {
                                statusCode: 200, headers: { "content-type": "text/xml" }, body: Readable.from([Buffer.from(ASSUMED)]),
                            },
                        };
                    },
                };
                return { calls, requestHandler };
            }

            it("assumes organization.managementRoleArn (STS in us-east-1, session ml-governance-discovery) with the default chain's credentials", async () => {
                const config = parse({ ...PROD_EXAMPLE, organization: { ...PROD_EXAMPLE.organization, managementRoleArn: ROLE } });
                const sts = fakeSts();
                const client = discoveryClient(config, { requestHandler: sts.requestHandler });
                const credentials = await client.config.credentials();
                assert.equal(credentials.accessKeyId, "ASIAASSUMEDROLE");
                assert.equal(credentials.sessionToken, "assumed-token");
                assert.equal(sts.calls.length, 1);
                const [call] = sts.calls;
                assert.equal(call.host, "sts.us-east-1.amazonaws.com");
                const body = new URLSearchParams(call.body);
                assert.equal(body.get("Action"), "AssumeRole");
                assert.equal(body.get("RoleArn"), ROLE);
                assert.equal(body.get("RoleSessionName"), "ml-governance-discovery");
                assert.match(call.authorization, /Credential=AKIDDEFAULTCHAIN\//, "signed with the default chain's credentials");
                assert.equal(await client.config.maxAttempts(), 10);
            });

            it("uses the default credential chain when the stack sets no managementRoleArn", async () => {
                const client = discoveryClient(parse({ ...PROD_EXAMPLE, discovery: { ...PROD_EXAMPLE.discovery, maxAttempts: 4 } }));
                assert.equal((await client.config.credentials()).accessKeyId, "AKIDDEFAULTCHAIN");
                assert.equal(await client.config.maxAttempts(), 4);
            });
        });

        it("retries throttling maxAttempts times (the real SDK middleware, a fake HTTP handler), then discovery fails", async function () {
            this.timeout(30_000);
            let requests = 0;
            const client = organizationsClient({
                maxAttempts: 3,
                credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
                requestHandler: {
                    handle: async () => {
                        requests++;
                        return {
                            response: {
                                statusCode: 400, reason: "Bad Request",
                                headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `request-${requests}` },
                                body: Readable.from([Buffer.from(JSON.stringify({ __type: "TooManyRequestsException", Message: "Rate exceeded" }))]),
                            },
                        };
                    },
                },
            });
            const e = await discoveryError(() => discoverAccounts(client, [OU]));
            assert.equal(requests, 3, "the SDK retried the throttled call until maxAttempts");
            assert.match(e.message, /ListAccountsForParent for ou-ab12-cd34ef56 failed after 3 attempts: TooManyRequestsException: Rate exceeded\. Organizations throttled the calls/);
        });
    });
});
