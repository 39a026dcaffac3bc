/**
 * Everything SecureMlDomain creates, sent through the real ml-guardrails pack (built, over gRPC, as the
 * engine runs it): no mandatory violation with the pack's defaults nor with config/prod.json.
 *
 * The stack policy `sagemaker-cloudtrail-coverage` needs a trail covering the member account. The
 * trail comes from AuditTrail (issue 4) or the organization trail, neither of which this component
 * creates, so these tests name an organization trail in that policy's config, as a stack whose account
 * is covered by the organization trail does; one test shows the finding without it.
 */
import { build, EngineResource, engineResources } from "./mocks";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import { defaultPackDir, EvaluatedDiagnostic, HostResource } from "../../cli/src/engine";
import { SecureMlDomain, SecureMlDomainArgs } from "../../components";
import { packHost } from "../harness/pack";

const ACCOUNT = "222233334444";
const COVERAGE = "sagemaker-cloudtrail-coverage";
const ORGANIZATION_TRAIL = { [COVERAGE]: { organizationTrailArn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/organization" } };
const STACK = { stack: "test", project: "ml-governance", dryRun: false };
/** The tags config/prod.json requires (mandatory there): the component cannot guess them. */
const PROD_TAGS = { owner: "ml-platform", environment: "prod", "data-classification": "confidential" };

const prodConfig = (): Record<string, unknown> =>
    JSON.parse(readFileSync(join(defaultPackDir(), "config", "prod.json"), "utf8")) as Record<string, unknown>;

/** The component's resources as the engine sends them to the pack. */
async function stackOf(args: SecureMlDomainArgs, providerArgs: Partial<aws.ProviderArgs> = {}): Promise<HostResource[]> {
    await build(() => {
        const provider = new aws.Provider("member", {
            region: "eu-west-1",
            allowedAccountIds: [ACCOUNT],
            assumeRoles: [{ roleArn: `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }],
            ...providerArgs,
        });
        new SecureMlDomain("ml", args, { provider });
    });
    return engineResources() as EngineResource[] as HostResource[];
}

async function evaluate(resources: HostResource[], config: Record<string, unknown>): Promise<EvaluatedDiagnostic[]> {
    await packHost.configure(config, STACK);
    const result = await packHost.evaluate(JSON.parse(JSON.stringify(resources)) as HostResource[]);
    assert.equal(result.resources, resources.length, "every resource was analysed");
    return result.diagnostics;
}

const mandatory = (ds: EvaluatedDiagnostic[]) => ds.filter(d => d.enforcementLevel === "mandatory");
const show = (ds: EvaluatedDiagnostic[]) => ds.map(d => `${d.policyName} ${d.enforcementLevel} ${d.urn}: ${d.message}`).join("\n");

describe("SecureMlDomain through the ml-guardrails pack", function () {
    this.timeout(60_000);
    let resources: HostResource[];

    before(async () => {
        resources = await stackOf({ userProfiles: ["alice", "bob"], tags: PROD_TAGS });
        const types = new Set(resources.map(r => r.type));
        assert.ok(types.has("aws:sagemaker/domain:Domain") && types.has("aws:sagemaker/userProfile:UserProfile"));
        assert.ok(resources.filter(r => r.type.startsWith("aws:")).every(r => r.provider?.properties.allowedAccountIds === JSON.stringify([ACCOUNT])));
    });

    it("finds no mandatory violation with the pack's default config", async () => {
        const found = await evaluate(resources, ORGANIZATION_TRAIL);
        assert.deepEqual(mandatory(found), [], show(found));
    });

    it("finds no mandatory violation with config/prod.json", async () => {
        const found = await evaluate(resources, { ...prodConfig(), ...ORGANIZATION_TRAIL });
        assert.deepEqual(mandatory(found), [], show(found));
    });

    it("finds no mandatory violation with no optional argument (default config)", async () => {
        const found = await evaluate(await stackOf({ userProfiles: ["alice"] }), ORGANIZATION_TRAIL);
        assert.deepEqual(mandatory(found), [], show(found));
    });

    it("under config/prod.json, takes the required tags from the provider's default tags as well", async () => {
        const found = await evaluate(await stackOf({ userProfiles: ["alice"] }, { defaultTags: { tags: PROD_TAGS } }), { ...prodConfig(), ...ORGANIZATION_TRAIL });
        assert.deepEqual(mandatory(found), [], show(found));
    });

    it("without the organization trail, only the CloudTrail coverage policy objects, on the member provider", async () => {
        const found = mandatory(await evaluate(resources, {}));
        assert.deepEqual([...new Set(found.map(d => d.policyName))], [COVERAGE], show(found));
        const provider = resources.find(r => r.type === "pulumi:providers:aws")!;
        assert.deepEqual(found.map(d => d.urn), [provider.urn]);
        assert.match(found[0].message, new RegExp(`account ${ACCOUNT}`));
    });

    it("would block the same domain opened to the internet (the pack does see the component's resources)", async () => {
        const opened = resources.map(r => r.type === "aws:sagemaker/domain:Domain"
            ? { ...r, properties: { ...r.properties, appNetworkAccessType: "PublicInternetOnly" } }
            : r);
        const found = mandatory(await evaluate(opened, ORGANIZATION_TRAIL));
        assert.deepEqual(found.map(d => d.policyName), ["sagemaker-domain-vpc-only"], show(found));
        assert.equal(found[0].urn, resources.find(r => r.type === "aws:sagemaker/domain:Domain")!.urn);
    });
});
