/**
 * Everything SecureMlDomain creates, sent through the real ml-guardrails pack (built, over gRPC, as the
 * engine runs it): no mandatory violation with the pack's defaults nor with config/prod.json.
 *
 * The stack policy `sagemaker-cloudtrail-coverage` needs a trail covering the member account. The
 * trail comes from AuditTrail (issue 4) or the organization trail, neither of which this component
 * creates, so these tests name an organization trail in that policy's config, as a stack whose account
 * is covered by the organization trail does; one test shows the finding without it.
 */
import "./mocks";
import * as assert from "node:assert/strict";
import { HostResource } from "../../cli/src/engine";
import { ACCOUNT, COVERAGE, evaluate, mandatory, ORGANIZATION_TRAIL, PROD_TAGS, prodConfig, show, stackOf } from "./stack";

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
