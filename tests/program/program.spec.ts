/**
 * The whole program (program.ts, what index.ts runs) for the dev and prod stacks on Pulumi's mocks,
 * with each stack's own Pulumi.<stack>.yaml: every account's components use that account's provider,
 * the organization's resources the management or security account's, and the ml-guardrails pack (with
 * the stack's policy config) finds no mandatory violation. A bad config registers nothing.
 */
import {
    build, EngineResource, engineResources, providerOf, ResourceRecord, resources, setRegistrationListener, useMocks,
} from "../components/mocks";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { HostResource } from "../../cli/src/engine";
import { ConfigError } from "../../accounts";
import { SAGEMAKER_LOG_GROUPS } from "../../components";
import { governOrganization, ProgramOutputs } from "../../program";
import { packHost } from "../harness/pack";

const ROOT = join(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require("js-yaml") as { load(text: string): unknown };

/** The stack file's config as the Pulumi runtime holds it: strings, structured values as JSON. */
function stackConfig(stack: string): Record<string, string> {
    const file = load(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(file.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

async function run(stack: string, config: Record<string, string>): Promise<{ outputs: ProgramOutputs; records: ResourceRecord[] }> {
    useMocks({ stack });
    pulumi.runtime.setAllConfig(config);
    const outputs = await build(() => governOrganization());
    return { outputs: await outputs, records: resources() };
}

/** The top-level component a resource belongs to (its outermost parent below the stack). */
function component(r: ResourceRecord, byUrn: Map<string, ResourceRecord>): ResourceRecord | undefined {
    let current: ResourceRecord | undefined = r;
    let top: ResourceRecord | undefined;
    while (current) {
        if (!current.custom) {
            top = current;
        }
        current = current.parent ? byUrn.get(current.parent) : undefined;
    }
    return top;
}

for (const stack of ["dev", "prod"]) {
    describe(`the program, stack ${stack}`, function () {
        this.timeout(120_000);
        let outputs: ProgramOutputs;
        let records: ResourceRecord[];
        const yaml = () => load(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, never> };
        const accounts = () => yaml().config["ml-governance:accounts"] as Array<{ id: string; name: string }>;
        const organization = () => yaml().config["ml-governance:organization"] as { managementAccountId: string; securityAccountId: string; logArchiveAccountId: string };

        before(async () => {
            ({ outputs, records } = await run(stack, stackConfig(stack)));
        });

        it("governs every ML account of the stack file, and exports its identifiers", () => {
            assert.deepEqual(Object.keys(outputs.accounts).sort(), accounts().map(a => a.id).sort());
            for (const a of accounts()) {
                assert.equal(outputs.accounts[a.id].name, a.name);
                assert.ok(Object.keys(outputs.accounts[a.id].regions).length >= 1);
            }
        });

        it("creates each account's components, children and invokes with that account's provider", () => {
            const byUrn = new Map(records.filter(r => r.urn).map(r => [r.urn!, r]));
            const custom = records.filter(r => r.custom && !r.type.startsWith("pulumi:providers:"));
            assert.ok(custom.length > 100);
            for (const a of accounts()) {
                const mine = custom.filter(r => {
                    const top = component(r, byUrn);
                    return top !== undefined && top.name.startsWith(`${a.name}-`);
                });
                assert.ok(mine.length > 50, `${a.name}: ${mine.length} resources`);
                for (const r of mine) {
                    const provider = providerOf(r.provider);
                    assert.equal(JSON.parse(String(provider?.inputs.allowedAccountIds)).join(), a.id, `${r.type} ${r.name} in ${a.name}`);
                }
            }
        });

        it("creates the organization's resources with the management, security or log-archive account's provider", () => {
            const byUrn = new Map(records.filter(r => r.urn).map(r => [r.urn!, r]));
            const org = records.filter(r => r.custom && !r.type.startsWith("pulumi:providers:") && component(r, byUrn)?.name.startsWith("organization-"));
            assert.ok(org.some(r => r.type === "aws:organizations/policy:Policy"));
            const allowed = new Set([organization().managementAccountId, organization().securityAccountId]);
            const accountOf = (r: ResourceRecord) => JSON.parse(String(providerOf(r.provider)?.inputs.allowedAccountIds))[0];
            for (const r of org) {
                const archived = r.type.startsWith("aws:s3/") || (r.type.startsWith("aws:kms/") && r.name.includes("archive"));
                if (component(r, byUrn)?.name === "organization-audit" && archived) {
                    assert.equal(accountOf(r), organization().logArchiveAccountId, `${r.type} ${r.name} in the log-archive account`);
                } else {
                    assert.ok(allowed.has(accountOf(r)), `${r.type} ${r.name} in ${accountOf(r)}`);
                }
            }
            if (yaml().config["ml-governance:audit"]?.["organizationTrail"]) {
                const trail = org.find(r => r.type === "aws:cloudtrail/trail:Trail")!;
                assert.equal(trail.inputs.isOrganizationTrail, true);
                assert.equal(accountOf(trail), organization().managementAccountId);
            }
            for (const r of org.filter(x => /OrganizationAdminAccount|policy:Policy|policyAttachment|DelegatedAdministrator/.test(x.type))) {
                assert.equal(JSON.parse(String(providerOf(r.provider)?.inputs.allowedAccountIds))[0], organization().managementAccountId, r.type);
            }
        });

        it("passes the ml-guardrails pack with the stack's policy config", async () => {
            const config = JSON.parse(readFileSync(join(ROOT, String(yaml().config["ml-governance:policyPackConfig"])), "utf8"));
            await packHost.configure(config, { stack, project: "ml-governance" });
            const result = await packHost.evaluate(JSON.parse(JSON.stringify(engineResources(records) as EngineResource[])) as HostResource[]);
            assert.equal(result.resources, records.length);
            const blocking = result.diagnostics.filter(d => d.enforcementLevel === "mandatory");
            assert.deepEqual(blocking.map(d => `${d.policyName} ${d.urn}: ${d.message}`), []);
        });
    });
}

describe("the program, account by account", function () {
    this.timeout(120_000);

    it("sends every registration of an account before it declares the next account", async () => {
        // Declarations: the SDK's Resource constructor calls runtime/resource's registerResource
        // synchronously (through the module object). Registrations: the mock monitor.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const runtime = require("@pulumi/pulumi/runtime/resource") as { registerResource: (...args: unknown[]) => unknown };
        const declare = runtime.registerResource;
        const events: Array<{ kind: "declare" | "register"; name: string }> = [];
        runtime.registerResource = (...args: unknown[]) => {
            events.push({ kind: "declare", name: String(args[3]) });
            return declare(...args);
        };
        setRegistrationListener((_type, name) => events.push({ kind: "register", name }));
        try {
            await run("dev", stackConfig("dev"));
        } finally {
            runtime.registerResource = declare;
            setRegistrationListener(undefined);
        }
        const accounts = JSON.parse(stackConfig("dev")["ml-governance:accounts"]) as Array<{ name: string }>;
        assert.ok(accounts.length >= 2);
        for (const [a, next] of accounts.slice(0, -1).map((x, i) => [x, accounts[i + 1]])) {
            const ofA = events.filter(e => e.kind === "register" && e.name.startsWith(`${a.name}-`));
            const lastOfA = events.lastIndexOf(ofA[ofA.length - 1]);
            const firstOfNext = events.findIndex(e => e.kind === "declare" && e.name.startsWith(`${next.name}-`));
            assert.ok(ofA.length > 50, `${a.name}: ${ofA.length} registrations`);
            assert.ok(firstOfNext > lastOfA, `${next.name} is declared (event ${firstOfNext}) after ${a.name}'s last registration (event ${lastOfA})`);
        }
    });
});

describe("the program, an account in two regions", function () {
    this.timeout(120_000);

    it("creates SageMaker's encrypted log groups in each region: the home region's with AuditTrail, the other's with DetectiveControls", async () => {
        const config = stackConfig("dev");
        const accounts = JSON.parse(config["ml-governance:accounts"]) as Array<{ name: string; regions?: string[] }>;
        accounts[0].regions = ["eu-west-1", "eu-central-1"];
        const { records } = await run("dev", { ...config, "ml-governance:accounts": JSON.stringify(accounts) });
        const regionOf = (r: ResourceRecord) => providerOf(r.provider)?.inputs.region;
        const groups = records.filter(r => r.type === "aws:cloudwatch/logGroup:LogGroup" && String(r.inputs.name).startsWith("/aws/sagemaker/") &&
            JSON.parse(String(providerOf(r.provider)?.inputs.allowedAccountIds))[0] === JSON.parse(config["ml-governance:accounts"])[0].id);
        for (const region of ["eu-west-1", "eu-central-1"]) {
            const here = groups.filter(g => regionOf(g) === region);
            assert.deepEqual(here.map(g => g.inputs.name).sort(), [...SAGEMAKER_LOG_GROUPS].sort(), region);
            const keys = new Set(records.filter(r => r.type === "aws:kms/key:Key" && regionOf(r) === region).map(r => r.state.arn));
            for (const g of here) {
                assert.ok(keys.has(g.inputs.kmsKeyId), `${region} ${g.inputs.name}: encrypted with a key of its region`);
            }
        }
    });
});

describe("the program, run from another account through organization.managementRoleArn", function () {
    this.timeout(120_000);

    it("chains every provider behind the management role, and still creates each resource in its own account", async () => {
        const config = stackConfig("dev");
        const organization = JSON.parse(config["ml-governance:organization"]) as { managementAccountId: string };
        const managementRole = `arn:aws:iam::${organization.managementAccountId}:role/ml-governance-deployer`;
        const { records } = await run("dev", {
            ...config, "ml-governance:organization": JSON.stringify({ ...organization, managementRoleArn: managementRole }),
        });
        const providers = records.filter(r => r.type === "pulumi:providers:aws");
        assert.ok(providers.length >= 4);
        for (const p of providers) {
            const account = JSON.parse(String(p.inputs.allowedAccountIds))[0] as string;
            const roles = (JSON.parse(String(p.inputs.assumeRoles)) as Array<{ roleArn: string }>).map(r => r.roleArn);
            assert.equal(roles[0], managementRole, `${p.name} assumes the management role first`);
            assert.deepEqual(roles.slice(1), account === organization.managementAccountId ? [] : [`arn:aws:iam::${account}:role/OrganizationAccountAccessRole`], p.name);
        }
        const keys = records.filter(r => r.type === "aws:kms/key:Key");
        assert.ok(keys.length > 4);
        for (const key of keys) {
            const account = JSON.parse(String(providerOf(key.provider)?.inputs.allowedAccountIds))[0];
            assert.equal(String(key.state.arn).split(":")[4], account, `${key.name} is created in its provider's account`);
        }
    });
});

describe("the program with a bad stack config", function () {
    this.timeout(60_000);

    it("stops with every problem named and registers nothing", async () => {
        const config = stackConfig("dev");
        const accounts = JSON.parse(config["ml-governance:accounts"]);
        accounts[1].id = 123456789012;
        accounts.push({ id: "012345678901", name: "again", vpcCidr: "10.10.128.0/17" });
        await build(() => undefined);
        useMocks({ stack: "dev" });
        pulumi.runtime.setAllConfig({ ...config, "ml-governance:accounts": JSON.stringify(accounts) });
        await assert.rejects(governOrganization(), (e: unknown) => {
            assert.ok(e instanceof ConfigError, String(e));
            const text = e.problems.map(p => `${p.path}: ${p.message}`).join("\n");
            assert.match(e.message, /nothing was deployed/);
            assert.match(text, /accounts\[1\]\.id/);
            assert.match(text, /quote/);
            assert.match(text, /012345678901/);
            assert.match(text, /overlap/i);
            return true;
        });
        assert.deepEqual(resources().filter(r => r.custom), []);
    });
});
