/**
 * The stack config: valid dev-like and prod-like configs parse to the typed result; every invalid case
 * produces its message, naming the setting and the fix; all problems are reported at once.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, GovernanceConfig, readGovernanceConfig } from "../../accounts";
import { DEFAULT_INSTANCE_TYPES } from "../../policypacks/ml-guardrails/src/facts";
import { assertOneProblem, dev, parse, problemsOf, prod, Raw, ROOT } from "./helpers";

const one = (raw: Raw, path: string, message: RegExp) => assertOneProblem(problemsOf(() => parse(raw)), path, message);

describe("accounts/config", () => {
    describe("valid configs", () => {
        it("parses the dev example to the typed config, defaults applied", () => {
            const expected: GovernanceConfig = {
                environment: "dev",
                owner: "ml-platform",
                production: false,
                defaultRegion: "eu-west-1",
                regions: ["eu-west-1"],
                organization: {
                    managementAccountId: "111122223333", securityAccountId: "222233334444", logArchiveAccountId: "333344445555",
                    memberRoleName: "OrganizationAccountAccessRole",
                },
                accounts: [
                    { id: "012345678901", name: "ml-dev-research", vpcCidr: "10.10.0.0/16", userProfiles: ["alice", "bob"] },
                    { id: "123456789012", name: "ml-dev-fraud", vpcCidr: "10.11.0.0/16", approvedInstanceTypes: ["system", "ml.t3.medium", "ml.m5.*"] },
                ],
                tags: {},
                defaultTags: { environment: "dev", owner: "ml-platform", "managed-by": "ml-governance" },
                audit: { logRetentionDays: 90, archiveAfterDays: 90, protectAuditData: false, protectionDays: 365, organizationTrail: false },
                guardrails: {
                    // dev.json's list: the pack config of the stack is the default.
                    approvedInstanceTypes: ["system", "ml.t3.*", "ml.m5.*", "ml.c5.*", "ml.g4dn.xlarge", "ml.g5.xlarge"],
                    requireNetworkIsolation: true, requireInterContainerEncryption: true, adminRoleName: "OrganizationAccountAccessRole",
                },
                policyPackConfig: "policypacks/ml-guardrails/config/dev.json",
            };
            assert.deepStrictEqual(parse(dev()), expected);
        });

        it("parses the prod example: production switches, discovery, organization trail, the prod pack config's types and tags", () => {
            const c = parse(prod());
            assert.equal(c.production, true);
            assert.deepStrictEqual(c.discovery, { organizationalUnits: ["ou-ab12-cd34ef56"], maxAttempts: 10 });
            assert.deepStrictEqual(c.audit, { logRetentionDays: 731, archiveAfterDays: 90, expireAfterDays: 2557, protectAuditData: true, protectionDays: 365, organizationTrail: true });
            assert.deepStrictEqual(c.guardrails.approvedInstanceTypes, ["system", "ml.t3.medium", "ml.m5.*", "ml.c5.*", "ml.g5.*"]);
            assert.deepStrictEqual(c.defaultTags, {
                "data-classification": "confidential", "cost-center": "cc-4711", environment: "prod", owner: "ml-platform", "managed-by": "ml-governance",
            });
            assert.equal(c.accounts[0].id, "044455556666");
            assert.deepStrictEqual(c.accounts[0].regions, ["eu-central-1", "eu-west-1"]);
            assert.equal(c.accounts[2].expectedInOu, false);
        });

        it("without a policy config, the guardrails default to the pack's list", () => {
            const raw = dev();
            delete raw.policyPackConfig;
            assert.deepStrictEqual(parse(raw).guardrails.approvedInstanceTypes, DEFAULT_INSTANCE_TYPES);
        });

        it("keeps the leading zero of a quoted account id", () => {
            const raw = dev();
            raw.organization.securityAccountId = "000000000042";
            const c = parse(raw);
            assert.equal(c.accounts[0].id, "012345678901");
            assert.equal(c.organization.securityAccountId, "000000000042");
        });

        it("reads the settings from the Pulumi runtime's config (namespace ml-governance, values as the CLI passes them)", () => {
            const before = pulumi.runtime.allConfig();
            try {
                const raw = dev();
                pulumi.runtime.setAllConfig({
                    "aws:region": "eu-west-1",
                    ...Object.fromEntries(Object.entries(raw).map(([k, v]) => [`ml-governance:${k}`, typeof v === "string" ? v : JSON.stringify(v)])),
                    "ml-governance:production": "false",
                });
                const c = readGovernanceConfig(new pulumi.Config("ml-governance"), { projectRoot: ROOT });
                assert.equal(c.accounts[0].id, "012345678901");
                assert.equal(c.production, false);

                // What `pulumi config set --path 'ml-governance:accounts[0].id' 012345678901` stores, and a typo in a key.
                pulumi.runtime.setConfig("ml-governance:accounts", JSON.stringify([{ ...raw.accounts[0], id: 12345678901 }]));
                pulumi.runtime.setConfig("ml-governance:acounts", "[]");
                const problems = problemsOf(() => readGovernanceConfig(new pulumi.Config("ml-governance"), { projectRoot: ROOT }));
                assert.deepStrictEqual(problems.map(p => p.path), ["ml-governance:acounts", "ml-governance:accounts[0].id"]);
                assert.match(problems[0].message, /did you mean "accounts"/);
                assert.match(problems[1].message, /quote it \("012345678901"/);
            } finally {
                pulumi.runtime.setAllConfig(before);
            }
        });
    });

    describe("account ids", () => {
        it("rejects a number (a lost leading zero) and says to quote it", () => {
            const raw = dev();
            raw.accounts[0].id = 12345678901;
            one(raw, "ml-governance:accounts[0].id", /12345678901 is a number.*leading zero.*quote it \("012345678901" if that is the account\)/);
        });

        it("rejects a number for the organization's accounts too", () => {
            const raw = dev();
            raw.organization.managementAccountId = 111122223333;
            one(raw, "ml-governance:organization.managementAccountId", /is a number.*quote it \("111122223333"/);
        });

        for (const bad of ["12345", "1234567890123", "01234567890a", " 012345678901"]) {
            it(`rejects ${JSON.stringify(bad)}`, () => {
                const raw = dev();
                raw.accounts[1].id = bad;
                one(raw, "ml-governance:accounts[1].id", /is not an AWS account id \(12 digits, quoted/);
            });
        }

        it("rejects an account listed twice", () => {
            const raw = dev();
            raw.accounts[1].id = raw.accounts[0].id;
            one(raw, "ml-governance:accounts[1].id", /"012345678901" is listed twice \(also accounts\[0\]\); keep one entry per account/);
        });

        it("rejects two accounts with one name", () => {
            const raw = dev();
            raw.accounts[1].name = raw.accounts[0].name;
            one(raw, "ml-governance:accounts[1].name", /also the name of accounts\[0\]/);
        });

        it("rejects the management, security or log-archive account as an ML account", () => {
            for (const [key, role] of [["managementAccountId", /the management account \(SCPs do not apply/], ["securityAccountId", /the security account/],
                ["logArchiveAccountId", /the log-archive account/]] as const) {
                const raw = dev();
                raw.accounts[1].id = raw.organization[key];
                one(raw, "ml-governance:accounts[1].id", role);
            }
        });
    });

    describe("VPC blocks", () => {
        it("rejects overlapping blocks of accounts in the same region (range overlap, not string equality)", () => {
            const raw = dev();
            raw.accounts[0].vpcCidr = "10.0.0.0/16";
            raw.accounts[1].vpcCidr = "10.0.128.0/17";
            one(raw, "ml-governance:accounts[1].vpcCidr",
                /account 123456789012 \(ml-dev-fraud\) uses 10\.0\.128\.0\/17, which overlaps 10\.0\.0\.0\/16 of account 012345678901 \(ml-dev-research\) \(ml-governance:accounts\[0\]\.vpcCidr\) in eu-west-1\. VPCs of one region collide when peered/);
        });

        it("accepts adjacent blocks, and the same block in different regions", () => {
            const raw = dev();
            raw.accounts[0].vpcCidr = "10.0.0.0/17";
            raw.accounts[1].vpcCidr = "10.0.128.0/17";
            parse(raw);
            raw.accounts[1].vpcCidr = "10.0.0.0/17";
            raw.accounts[1].regions = ["us-east-1"];
            parse(raw);
        });

        it("counts the default block: two accounts without vpcCidr in one region collide", () => {
            const raw = dev();
            delete raw.accounts[0].vpcCidr;
            delete raw.accounts[1].vpcCidr;
            one(raw, "ml-governance:accounts[1].vpcCidr", /uses 10\.0\.0\.0\/16 \(the default\), which overlaps 10\.0\.0\.0\/16 \(the default\)/);
        });

        const cases: Array<[string, RegExp]> = [
            ["8.8.0.0/16", /not within the private ranges of RFC 1918/],
            ["172.32.0.0/16", /not within the private ranges of RFC 1918/],
            ["10.0.0.0/8", /prefix must be from \/16 to \/24/],
            ["10.0.0.0/28", /prefix must be from \/16 to \/24/],
            ["10.0.1.0/16", /host bits set; the block is 10\.0\.0\.0\/16/],
            ["10.0.0.0", /not an IPv4 CIDR block/],
            ["10.00.0.0/16", /not an IPv4 CIDR block/],
            ["10.256.0.0/16", /not an IPv4 CIDR block/],
        ];
        for (const [cidr, message] of cases) {
            it(`rejects ${cidr}`, () => {
                const raw = dev();
                raw.accounts[0].vpcCidr = cidr;
                one(raw, "ml-governance:accounts[0].vpcCidr", message);
            });
        }
    });

    describe("regions, instance types, OUs, roles", () => {
        it("rejects unknown regions, and regions of other partitions", () => {
            const raw = dev();
            raw.defaultRegion = "eu-west-9";
            raw.accounts[0].regions = ["us-gov-west-1"];
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path), ["ml-governance:defaultRegion", "ml-governance:accounts[0].regions[0]"]);
            assert.match(problems[0].message, /"eu-west-9" is not an AWS commercial region/);
            assert.match(problems[1].message, /another AWS partition/);
        });

        const types: Array<[string, RegExp]> = [
            ["ml.m9.large", /"m9" is not a SageMaker instance family/],
            ["ml.m5.huge", /"huge" is not an instance size/],
            ["m5.large", /is not an instance type; use system, ml.<family>.<size>/],
            ["ml.*", /is not an instance type/],
        ];
        for (const [type, message] of types) {
            it(`rejects the instance type ${type}`, () => {
                const raw = dev();
                raw.guardrails = { approvedInstanceTypes: ["system", "ml.t3.medium", type] };
                delete raw.policyPackConfig;
                delete raw.accounts[1].approvedInstanceTypes;
                one(raw, "ml-governance:guardrails.approvedInstanceTypes[2]", message);
            });
        }

        it("rejects an account's instance type beyond the guardrails (the SCP would deny it)", () => {
            const raw = dev();
            raw.accounts[1].approvedInstanceTypes = ["system", "ml.t3.medium", "ml.p4d.24xlarge"];
            one(raw, "ml-governance:accounts[1].approvedInstanceTypes", /"ml.p4d.24xlarge" is not allowed by ml-governance:guardrails.approvedInstanceTypes \(the organization's SCP/);
        });

        it("rejects a list Studio's default apps cannot start on", () => {
            const raw = dev();
            raw.accounts[1].approvedInstanceTypes = ["system", "ml.g5.xlarge"];
            parse(raw); // a concrete type: fine
            raw.accounts[1].approvedInstanceTypes = ["system", "ml.m5.*"];
            parse(raw);
            raw.accounts[1].approvedInstanceTypes = ["system"];
            one(raw, "ml-governance:accounts[1].approvedInstanceTypes", /concrete instance type Studio's default apps can start on/);
        });

        it("rejects bad OU ids, the root, and an OU listed twice", () => {
            const raw = dev();
            raw.discovery = { organizationalUnits: ["ou-ab12-cd34ef56", "r-ab12", "ou-abc", "OU-AB12-CD34EF56", "ou-ab12-cd34ef56"] };
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path), [1, 2, 3, 4].map(i => `ml-governance:discovery.organizationalUnits[${i}]`));
            assert.match(problems[0].message, /organization root; list the ML organizational units/);
            assert.match(problems[1].message, /not an organizational unit id/);
            assert.match(problems[2].message, /not an organizational unit id/);
            assert.match(problems[3].message, /listed twice/);
        });

        it("rejects bad role names and a role ARN outside the management account", () => {
            const raw = dev();
            raw.organization.memberRoleName = "path/Role";
            raw.organization.managementRoleArn = "arn:aws:iam::999999999999:role/deploy";
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path), ["ml-governance:organization.memberRoleName", "ml-governance:organization.managementRoleArn"]);
            assert.match(problems[0].message, /not an IAM role name/);
            assert.match(problems[1].message, /a role in 999999999999, not in the management account 111122223333/);
        });

        it("rejects an SCP admin role that does not match the member role, and accepts a matching pattern", () => {
            const raw = dev();
            raw.guardrails = { adminRoleName: "PlatformAdmin" };
            one(raw, "ml-governance:guardrails.adminRoleName", /does not match organization.memberRoleName "OrganizationAccountAccessRole": the SCP would deny/);
            raw.guardrails = { adminRoleName: "Organization*" };
            assert.equal(parse(raw).guardrails.adminRoleName, "Organization*");
        });
    });

    describe("required, unknown and mistyped settings", () => {
        it("names every missing required setting", () => {
            const raw = dev();
            delete raw.environment;
            delete raw.organization.securityAccountId;
            delete raw.accounts[0].name;
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path),
                ["ml-governance:environment", "ml-governance:organization.securityAccountId", "ml-governance:accounts[0].name"]);
            assert.ok(problems.every(p => p.message.startsWith("missing; ")));
        });

        it("rejects unknown settings, suggesting the closest known name", () => {
            const raw = dev();
            raw.acounts = [];
            raw.accounts[0].vpcCird = "10.1.0.0/16";
            raw.audit.retentionDays = 30;
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path),
                ["ml-governance:acounts", "ml-governance:audit.retentionDays", "ml-governance:accounts[0].vpcCird"]);
            assert.match(problems[0].message, /unknown setting; did you mean "accounts"\?/);
            assert.match(problems[2].message, /did you mean "vpcCidr"\?/);
        });

        it("rejects wrong types", () => {
            const raw = dev();
            raw.production = "yes";
            raw.audit.logRetentionDays = 42;
            raw.accounts = { id: "012345678901" };
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path), ["ml-governance:production", "ml-governance:audit.logRetentionDays", "ml-governance:accounts"]);
            assert.match(problems[0].message, /expected true or false/);
            assert.match(problems[1].message, /one of 1, 3, 5/);
            assert.match(problems[2].message, /expected a list of accounts/);
        });
    });

    describe("settings that depend on each other", () => {
        it("rejects security or log-archive = management", () => {
            const raw = dev();
            raw.organization.securityAccountId = raw.organization.managementAccountId;
            raw.organization.logArchiveAccountId = raw.organization.managementAccountId;
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path), ["ml-governance:organization.securityAccountId", "ml-governance:organization.logArchiveAccountId"]);
        });

        it("needs the log-archive account for the organization trail", () => {
            const raw = dev();
            delete raw.organization.logArchiveAccountId;
            parse(raw);
            raw.audit.organizationTrail = true;
            one(raw, "ml-governance:organization.logArchiveAccountId", /missing; audit.organizationTrail is true/);
        });

        it("checks AuditTrail's rules before anything is registered", () => {
            const raw = dev();
            raw.audit = { archiveAfterDays: 90, expireAfterDays: 60 };
            one(raw, "ml-governance:audit.expireAfterDays", /60 must be later than archiveAfterDays \(90\)/);
            raw.audit = { protectAuditData: true, protectionDays: 400, expireAfterDays: 365 };
            one(raw, "ml-governance:audit.expireAfterDays", /before protectionDays \(400\) ends/);
        });

        it("rejects tags that the program sets itself", () => {
            const raw = dev();
            raw.tags = { environment: "x", team: "a" };
            raw.accounts[0].tags = { "managed-by": "me" };
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path), ["ml-governance:tags.environment", "ml-governance:accounts[0].tags.managed-by"]);
            assert.match(problems[0].message, /set from ml-governance:environment/);
        });

        it("rejects expectedInOu without discovery", () => {
            const raw = dev();
            raw.accounts[0].expectedInOu = true;
            one(raw, "ml-governance:accounts[0].expectedInOu", /has no effect without ml-governance:discovery/);
        });
    });

    describe("the policy pack config", () => {
        it("must exist", () => {
            const raw = dev();
            raw.policyPackConfig = "policypacks/ml-guardrails/config/staging.json";
            one(raw, "ml-governance:policyPackConfig", /cannot read .*staging.json \(no such file\)/);
            raw.policyPackConfig = "../outside.json";
            one(raw, "ml-governance:policyPackConfig", /not a relative path to a .json file inside the project/);
        });

        it("must approve every instance type the guardrails approve", () => {
            const raw = dev();
            raw.guardrails = { approvedInstanceTypes: ["system", "ml.t3.medium", "ml.m5.*", "ml.r5.*"] };
            one(raw, "ml-governance:guardrails.approvedInstanceTypes", /"ml.r5.\*" is approved here but not by policypacks\/ml-guardrails\/config\/dev.json .* the pack would block what the guardrails allow/);
        });

        it("its required tags must be default tags", () => {
            const raw = prod();
            delete raw.tags["data-classification"];
            one(raw, "ml-governance:tags", /requires the tag "data-classification" on every SageMaker resource \(sagemaker-required-tags\); add it here/);
        });
    });

    describe("production switches", () => {
        it("refuse a production stack with weaker settings, all at once", () => {
            const raw = prod();
            raw.policyPackConfig = "policypacks/ml-guardrails/config/dev.json";
            raw.audit = { logRetentionDays: 90, protectAuditData: false, organizationTrail: true };
            raw.guardrails = { requireNetworkIsolation: false, requireInterContainerEncryption: false };
            raw.accounts.forEach((a: Raw) => { delete a.approvedInstanceTypes; });
            const problems = problemsOf(() => parse(raw));
            assert.deepStrictEqual(problems.map(p => p.path), [
                "ml-governance:policyPackConfig", "ml-governance:audit.protectAuditData", "ml-governance:audit.logRetentionDays",
                "ml-governance:guardrails.requireNetworkIsolation", "ml-governance:guardrails.requireInterContainerEncryption",
            ]);
            assert.ok(problems.every(p => p.message.endsWith("(production is true)")));
            assert.match(problems[0].message, /does not require endpoint data capture/);
        });

        it("need a policy config", () => {
            const raw = prod();
            delete raw.policyPackConfig;
            one(raw, "ml-governance:policyPackConfig", /missing; a production stack names its policy config/);
        });
    });

    it("reports every problem at once, in one ConfigError that lists them", () => {
        const raw = dev();
        raw.environment = "Dev";
        raw.accounts[0].id = 12345678901;
        raw.accounts[1].regions = ["mars-1"];
        raw.accounts[1].vpcCidr = "192.169.0.0/16";
        raw.accounts.push({ id: "223344556677", name: "third", vpcCidr: "10.10.4.0/24", approvedInstanceTypes: ["ml.t3.nano"] });
        raw.discovery = { organizationalUnits: ["ou-1"] };
        raw.organization.memberRoleName = "";
        let error: unknown;
        try {
            parse(raw);
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof ConfigError);
        assert.deepStrictEqual(error.problems.map(p => p.path), [
            "ml-governance:environment",
            "ml-governance:organization.memberRoleName",
            "ml-governance:discovery.organizationalUnits[0]",
            "ml-governance:accounts[0].id",
            "ml-governance:accounts[1].regions[0]",
            "ml-governance:accounts[1].vpcCidr",
            "ml-governance:accounts[2].approvedInstanceTypes[0]",
        ]);
        assert.match(error.message, /^the ml-governance stack config has 7 problems; nothing was deployed:\n {2}- ml-governance:environment: /);
        for (const p of error.problems) {
            assert.ok(error.message.includes(`  - ${p.path}: ${p.message}`));
        }
    });
});
