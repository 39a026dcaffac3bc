/**
 * How `mlgov check` turns wire values into what the pack gets and into the plan, and names accounts
 * (cli/src/check/plan.ts); and the benchmark's stack configs (bench/program.ts).
 */
import * as assert from "node:assert/strict";
import { ARCHIVE_SIG, ASSET_SIG, SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_STRING } from "../../cli/src/engine/sentinels";
import { accountNamesFromConfig, engineValue, packageOf, planValue, RESOURCE_SIG } from "../../cli/src/check/plan";
import { benchAccount, benchStackConfig, MAX_ACCOUNTS } from "../../bench/program";

const sig = SPECIAL_SIG_KEY;

describe("mlgov check: values and accounts", () => {
    const wire = {
        secret: { [sig]: SECRET_SIG, value: "hunter2" },
        role: { [sig]: RESOURCE_SIG, urn: "urn:pulumi:dev::p::aws:iam/role:Role::r", id: "r-123", packageVersion: "7.48.0" },
        component: { [sig]: RESOURCE_SIG, urn: "urn:pulumi:dev::p::my:index:Thing::t" },
        code: { [sig]: ARCHIVE_SIG, assets: { "index.js": { [sig]: ASSET_SIG, text: "x".repeat(300) } } },
        file: { [sig]: ASSET_SIG, path: "./policy.json" },
        unknown: UNKNOWN_STRING,
        list: [{ [sig]: SECRET_SIG, value: 1 }],
    };

    it("sends the pack what the engine sends: references as ids or URNs, secrets and assets as signature objects", () => {
        const v = engineValue(wire) as Record<string, unknown>;
        assert.equal(v.role, "r-123");
        assert.equal(v.component, "urn:pulumi:dev::p::my:index:Thing::t");
        assert.deepEqual(v.secret, wire.secret);
        assert.deepEqual(v.code, wire.code);
        assert.equal(v.unknown, UNKNOWN_STRING);
    });

    it("writes plans without secrets, with assets described", () => {
        const v = planValue(wire) as Record<string, unknown>;
        assert.equal(v.secret, "[secret]");
        assert.deepEqual(v.list, ["[secret]"]);
        assert.equal(v.role, "r-123");
        assert.deepEqual(v.file, { asset: { path: "./policy.json" } });
        const text = ((v.code as { archive: { assets: Record<string, { asset: { text: string } }> } }).archive.assets["index.js"]).asset.text;
        assert.match(text, /^x{200}… \(300 characters\)$/);
        assert.doesNotMatch(JSON.stringify(v), /hunter2/);
    });

    it("names accounts from the stack config: {id, name} objects and <role>AccountId keys", () => {
        const names = accountNamesFromConfig({
            "aws:region": "eu-west-1",
            "ml-governance:organization": JSON.stringify({ managementAccountId: "111122223333", logArchiveAccountId: "333344445555" }),
            "ml-governance:accounts": JSON.stringify([{ id: "012345678901", name: "research" }, { id: "111122223333", name: "mgmt" }]),
        });
        assert.deepEqual([...names].sort(), [["012345678901", "research"], ["111122223333", "mgmt"], ["333344445555", "log-archive"]]);
    });

    it("knows the package of a type or provider type", () => {
        assert.equal(packageOf("aws:s3/bucket:Bucket"), "aws");
        assert.equal(packageOf("pulumi:providers:aws-native"), "aws-native");
    });
});

describe("bench:program stack configs", () => {
    const base = {
        config: {
            "aws:region": "eu-west-1",
            "ml-governance:environment": "dev",
            "ml-governance:accounts": [{ id: "012345678901", name: "research" }],
            "ml-governance:discovery": { organizationalUnits: ["ou-ab12-cd34ef56"] },
            "ml-governance:audit": { logRetentionDays: 90 },
        },
    };

    it("replaces the accounts with n generated ones and drops discovery, keeping every other setting", () => {
        const out = benchStackConfig(base, 100);
        const accounts = out.config["ml-governance:accounts"] as Array<{ id: string; name: string; vpcCidr: string }>;
        assert.equal(accounts.length, 100);
        assert.ok(accounts.every(a => /^9\d{11}$/.test(a.id)));
        assert.equal(new Set(accounts.map(a => a.id)).size, 100);
        assert.equal(new Set(accounts.map(a => a.vpcCidr)).size, 100, "no two VPC blocks overlap");
        assert.ok(accounts.every(a => /^10\.\d{1,3}\.0\.0\/16$/.test(a.vpcCidr)));
        assert.equal(accounts[0].name, "ml-bench-001");
        assert.ok(!("ml-governance:discovery" in out.config));
        assert.deepEqual(out.config["ml-governance:audit"], { logRetentionDays: 90 });
        assert.equal(out.config["aws:region"], "eu-west-1");
        assert.equal((base.config["ml-governance:accounts"] as unknown[]).length, 1, "the base is not modified");
    });

    it("namespaces by project, accepts bare keys, and refuses sizes it cannot give distinct VPC blocks", () => {
        const out = benchStackConfig({ config: { accounts: [], owner: "x" } }, 3, "fixture-ml");
        assert.deepEqual(Object.keys(out.config).sort(), ["fixture-ml:accounts", "owner"]);
        assert.deepEqual(benchAccount(2), { id: "900000000003", name: "ml-bench-003", vpcCidr: "10.2.0.0/16", userProfiles: ["analyst"] });
        assert.throws(() => benchStackConfig(base, MAX_ACCOUNTS + 1), /from 1 to 250/);
        assert.throws(() => benchStackConfig(base, 0), /from 1 to 250/);
    });

    it("generates configs the program's own validation accepts", function () {
        // The program's config reader, when it is there (accounts/ belongs to the program).
        let parse: ((settings: Record<string, unknown>) => unknown) | undefined;
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            parse = (require("../../accounts") as { parseGovernanceConfig?: (s: Record<string, unknown>) => unknown }).parseGovernanceConfig;
        } catch {
            parse = undefined;
        }
        if (!parse) {
            this.skip();
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { DEV_EXAMPLE } = require("../../accounts/examples") as { DEV_EXAMPLE: Record<string, unknown> };
        const settings = Object.fromEntries(Object.entries(DEV_EXAMPLE).map(([k, v]) => [`ml-governance:${k}`, v]));
        const out = benchStackConfig({ config: settings }, 100);
        const bare = Object.fromEntries(Object.entries(out.config).map(([k, v]) => [k.slice("ml-governance:".length), v]));
        delete bare.policyPackConfig;
        assert.doesNotThrow(() => parse!(bare));
    });
});
