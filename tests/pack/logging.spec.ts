/** sagemaker-cloudtrail-coverage: a stack policy, so each case is a small stack. */
import * as assert from "assert";
import { HostResource } from "../../cli/src/engine";
import { packHost } from "../harness/pack";
import { KEY_ARN, UNKNOWN } from "./case";
import { compliantNotebook } from "./cases/notebook";

const P = "urn:pulumi:test::ml-governance";
const POLICY = "sagemaker-cloudtrail-coverage";
const LOG_GROUP = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/cloudtrail/ml:*";

function provider(name: string, account?: string, region = "us-east-1"): HostResource {
    const properties: Record<string, unknown> = { region };
    if (account) {
        // Provider inputs reach analyzers JSON-encoded, as the engine sends them.
        properties.assumeRoles = JSON.stringify([{ roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole` }]);
        properties.allowedAccountIds = JSON.stringify([account]);
    }
    return { urn: `${P}::pulumi:providers:aws::${name}`, type: "pulumi:providers:aws", name, properties };
}

const withProvider = (r: Omit<HostResource, "provider">, p: HostResource): HostResource =>
    ({ ...r, provider: { urn: p.urn, type: p.type, name: p.name, properties: p.properties } });

function notebook(name: string, p: HostResource): HostResource {
    return withProvider({ urn: `${P}::aws:sagemaker/notebookInstance:NotebookInstance::${name}`, type: "aws:sagemaker/notebookInstance:NotebookInstance", name, properties: compliantNotebook }, p);
}

function trail(name: string, p: HostResource, overrides: Record<string, unknown> = {}, propertyDependencies?: Record<string, string[]>): HostResource {
    return withProvider({
        urn: `${P}::aws:cloudtrail/trail:Trail::${name}`, type: "aws:cloudtrail/trail:Trail", name,
        properties: {
            s3BucketName: "ml-trail", isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: KEY_ARN,
            cloudWatchLogsGroupArn: LOG_GROUP, cloudWatchLogsRoleArn: "arn:aws:iam::111122223333:role/trail", ...overrides,
        },
        propertyDependencies,
    }, p);
}

async function coverage(resources: HostResource[], config?: Record<string, unknown>) {
    await packHost.configure(config ? { [POLICY]: config } : undefined, { stack: "test", dryRun: true });
    const result = await packHost.evaluate(resources);
    return result.diagnostics.filter(d => d.policyName === POLICY);
}

describe("sagemaker-cloudtrail-coverage", function () {
    this.timeout(60_000);
    const a = provider("ml-a", "111122223333");
    const b = provider("ml-b", "444455556666", "eu-west-1");

    it("blocks SageMaker resources with no trail in the stack, on the provider's URN", async () => {
        const found = await coverage([a, notebook("nb", a)]);
        assert.strictEqual(found.length, 1);
        assert.strictEqual(found[0].enforcementLevel, "mandatory");
        assert.strictEqual(found[0].urn, a.urn);
        assert.match(found[0].message, /account 111122223333, region us-east-1.*nb.*no CloudTrail trail/);
    });

    it("passes with a compliant trail for the same account", async () => {
        assert.deepStrictEqual(await coverage([a, notebook("nb", a), trail("trail", a)]), []);
    });

    it("says why a trail in the account does not count", async () => {
        const found = await coverage([a, notebook("nb", a), trail("trail", a, { enableLogFileValidation: false, cloudWatchLogsGroupArn: undefined })]);
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, /enableLogFileValidation.*cloudWatchLogsGroupArn/);
    });

    it("a trail encrypted with the AWS managed key, or with a string that is no key, does not count", async () => {
        for (const kmsKeyId of ["alias/aws/cloudtrail", "trail-key"]) {
            const found = await coverage([a, notebook("nb", a), trail("trail", a, { kmsKeyId })]);
            assert.strictEqual(found.length, 1, kmsKeyId);
            assert.match(found[0].message, /trail: `kmsKeyId` is not a customer-managed KMS key/);
        }
    });

    it("covers each account separately", async () => {
        const found = await coverage([a, b, notebook("nb-a", a), notebook("nb-b", b), trail("trail", a)]);
        assert.strictEqual(found.length, 1);
        assert.strictEqual(found[0].urn, b.urn);
        assert.match(found[0].message, /444455556666/);
    });

    it("accepts unknown KMS key and log group from resources in the stack, rejects other unknowns", async () => {
        const key = { urn: `${P}::aws:kms/key:Key::k`, type: "aws:kms/key:Key", name: "k", properties: {} };
        const logs = { urn: `${P}::aws:cloudwatch/logGroup:LogGroup::l`, type: "aws:cloudwatch/logGroup:LogGroup", name: "l", properties: {} };
        const bucket = { urn: `${P}::aws:s3/bucket:Bucket::b`, type: "aws:s3/bucket:Bucket", name: "b", properties: {} };
        const unknowns = { kmsKeyId: UNKNOWN, cloudWatchLogsGroupArn: UNKNOWN };
        assert.deepStrictEqual(await coverage([a, key, logs, notebook("nb", a),
            trail("trail", a, unknowns, { kmsKeyId: [key.urn], cloudWatchLogsGroupArn: [logs.urn] })]), []);
        const found = await coverage([a, bucket, notebook("nb", a), trail("trail", a, unknowns, { kmsKeyId: [bucket.urn], cloudWatchLogsGroupArn: [bucket.urn] })]);
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, /kmsKeyId/);
    });

    it("an organization trail in the stack covers every account", async () => {
        assert.deepStrictEqual(await coverage([a, b, notebook("nb-b", b), trail("org", a, { isOrganizationTrail: true })]), []);
    });

    it("an organization trail named in the config covers the accounts it lists", async () => {
        const org = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org";
        assert.deepStrictEqual(await coverage([a, notebook("nb", a)], { organizationTrailArn: org }), []);
        assert.deepStrictEqual(await coverage([a, notebook("nb", a)], { organizationTrailArn: org, organizationTrailAccounts: ["111122223333"] }), []);
        const found = await coverage([b, notebook("nb", b)], { organizationTrailArn: org, organizationTrailAccounts: ["111122223333"] });
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, /not configured to cover this account/);
    });

    it("has nothing to say about a stack without SageMaker resources", async () => {
        assert.deepStrictEqual(await coverage([a, trail("trail", a, { isMultiRegionTrail: false })]), []);
    });

    it("reports an exempted account as advisory", async () => {
        const found = await coverage([a, notebook("nb", a)], { exemptions: [{ urn: a.urn, reason: "sandbox account", expires: "2999-01-01" }] });
        assert.deepStrictEqual(found.map(d => d.enforcementLevel), ["advisory"]);
        assert.match(found[0].message, /sandbox account/);
    });

    it("rejects a malformed organization trail ARN before analysing anything", async () => {
        await assert.rejects(packHost.configure({ [POLICY]: { organizationTrailArn: "org-trail" } }), /sagemaker-cloudtrail-coverage.*organizationTrailArn/s);
    });
});

describe("policy config errors", function () {
    this.timeout(60_000);

    it("an impossible exemption date names the policy and the field", async () => {
        await packHost.configure({ "sagemaker-notebook-kms": { exemptions: [{ urn: "*", reason: "x", expires: "2026-02-30" }] } });
        const nb = { urn: `${P}::aws:sagemaker/notebookInstance:NotebookInstance::nb`, type: "aws:sagemaker/notebookInstance:NotebookInstance", name: "nb", properties: compliantNotebook };
        await assert.rejects(packHost.evaluate([nb]), /sagemaker-notebook-kms.*exemptions\[0\]\.expires.*2026-02-30/s);
    });

    it("a misspelt setting is rejected instead of silently ignored", async () => {
        await assert.rejects(
            packHost.configure({ "sagemaker-approved-instance-types": { approvedInstanceType: ["ml.m5.large"] } }),
            /sagemaker-approved-instance-types.*approvedInstanceType/s,
        );
    });
});
