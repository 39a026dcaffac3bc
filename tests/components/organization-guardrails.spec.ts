/**
 * OrganizationGuardrails under Pulumi's mocks: the SCPs rendered from the guardrail catalog and
 * attached to the ML OUs, the delegated administrators in AWS's order, each resource with the right
 * account's provider; the SCPs as attached, proven by IAM simulation.
 */
import { build, promiseOf, ResourceRecord, resources } from "./mocks";
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { OrganizationGuardrails, OrganizationGuardrailsArgs } from "../../components";
import { DEFAULT_GUARDRAIL_OPTIONS, guardrailScps } from "../../components/guardrails";
import { ALLOW_ALL, decide } from "../iam/simulate";
import { assertValidDocument, documentsOf } from "../iam/validate";

const MANAGEMENT = "111122223333";
const SECURITY = "555566667777";
const MEMBER = "222233334444";
const OUS = ["ou-ab12-cdef3456", "ou-ab12-0987zyxw"];

interface Built { component: OrganizationGuardrails; records: ResourceRecord[]; management: string; security: string }

async function buildOrg(extra: Partial<OrganizationGuardrailsArgs> = {}): Promise<Built> {
    const built = await build(() => {
        const management = new aws.Provider("management", { region: "us-east-1", allowedAccountIds: [MANAGEMENT] });
        const security = new aws.Provider("security", {
            region: "us-east-1", allowedAccountIds: [SECURITY],
            assumeRoles: [{ roleArn: `arn:aws:iam::${SECURITY}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }],
        });
        const component = new OrganizationGuardrails("org", {
            scpTargetIds: OUS, guardrails: DEFAULT_GUARDRAIL_OPTIONS, adminRoleName: "PlatformAdmin",
            securityAccountId: SECURITY, securityProvider: security,
            macieBuckets: [{ accountId: MEMBER, bucketNames: [`ml-data-${MEMBER}-eu-west-1`] }],
            ...extra,
        }, { provider: management });
        return { component, management, security };
    });
    return {
        component: built.component, records: resources(),
        management: await promiseOf(built.management.urn), security: await promiseOf(built.security.urn),
    };
}

const only = (records: ResourceRecord[], type: string) => {
    const found = records.filter(r => r.type === type);
    assert.equal(found.length, 1, type);
    return found[0];
};

describe("OrganizationGuardrails", function () {
    this.timeout(60_000);
    let b: Built;
    before(async () => { b = await buildOrg(); });

    it("attaches the guardrail SCPs, rendered from the catalog, to every ML OU from the management account", () => {
        const policies = b.records.filter(r => r.type === "aws:organizations/policy:Policy");
        const expected = guardrailScps({ ...DEFAULT_GUARDRAIL_OPTIONS, adminRoleName: "PlatformAdmin" });
        assert.deepEqual(policies.map(p => JSON.parse(p.inputs.content as string)), JSON.parse(JSON.stringify(expected)));
        assert.ok(policies.every(p => p.inputs.type === "SERVICE_CONTROL_POLICY" && p.providerUrn === b.management));
        const attachments = b.records.filter(r => r.type === "aws:organizations/policyAttachment:PolicyAttachment");
        for (const p of policies) {
            assert.deepEqual(attachments.filter(a => a.inputs.policyId === p.id).map(a => a.inputs.targetId).sort(), [...OUS].sort());
        }
    });

    it("delegates each service in AWS's order: enabled in the security account, delegated from the management account, configured from the security account", () => {
        const urn = (type: string) => only(b.records, type).urn!;
        for (const [enable, admin, configure] of [
            ["aws:guardduty/detector:Detector", "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount", "aws:guardduty/organizationConfiguration:OrganizationConfiguration"],
            ["aws:securityhub/account:Account", "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount", "aws:securityhub/organizationConfiguration:OrganizationConfiguration"],
            ["aws:macie2/account:Account", "aws:macie2/organizationAdminAccount:OrganizationAdminAccount", "aws:macie2/organizationConfiguration:OrganizationConfiguration"],
        ]) {
            assert.equal(only(b.records, enable).providerUrn, b.security, enable);
            assert.equal(only(b.records, admin).providerUrn, b.management, admin);
            assert.equal(only(b.records, admin).inputs.adminAccountId, SECURITY);
            assert.equal(only(b.records, configure).providerUrn, b.security, configure);
            assert.ok(only(b.records, admin).dependencies.includes(urn(enable)), `${admin} waits for ${enable}`);
            assert.ok(only(b.records, configure).dependencies.includes(urn(admin)), `${configure} waits for ${admin}`);
        }
        assert.equal(only(b.records, "aws:guardduty/organizationConfiguration:OrganizationConfiguration").inputs.autoEnableOrganizationMembers, "ALL");
        const s3 = b.records.find(r => r.type === "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature" && r.inputs.name === "S3_DATA_EVENTS");
        assert.equal(s3?.inputs.autoEnable, "ALL");
        assert.equal(only(b.records, "aws:securityhub/organizationConfiguration:OrganizationConfiguration").inputs.autoEnable, true);
    });

    it("aggregates Config for the organization in the security account, after the delegation", () => {
        const delegation = only(b.records, "aws:organizations/delegatedAdministrator:DelegatedAdministrator");
        assert.deepEqual([delegation.inputs.accountId, delegation.inputs.servicePrincipal, delegation.providerUrn], [SECURITY, "config.amazonaws.com", b.management]);
        const aggregator = only(b.records, "aws:cfg/configurationAggregator:ConfigurationAggregator");
        assert.equal(aggregator.providerUrn, b.security);
        assert.ok(aggregator.dependencies.includes(delegation.urn!));
        assert.equal((aggregator.inputs.organizationAggregationSource as { allRegions: boolean }).allRegions, true);
    });

    it("classifies the members' ML buckets from the security account", () => {
        const job = only(b.records, "aws:macie2/classificationJob:ClassificationJob");
        assert.equal(job.providerUrn, b.security);
        assert.deepEqual((job.inputs.s3JobDefinition as { bucketDefinitions: unknown }).bucketDefinitions, [{ accountId: MEMBER, buckets: [`ml-data-${MEMBER}-eu-west-1`] }]);
    });

    it("writes only valid policy documents", async () => {
        for (const { where, document } of documentsOf(b.records)) {
            await assertValidDocument(where, document);
        }
        for (const p of b.records.filter(r => r.type === "aws:organizations/policy:Policy")) {
            await assertValidDocument(p.name, JSON.parse(p.inputs.content as string));
        }
    });

    it("delegates only the services it is asked to", async () => {
        const { records } = await buildOrg({ delegatedServices: ["config"] });
        assert.equal(records.filter(r => /guardduty|securityhub|macie2/.test(r.type)).length, 0);
        assert.equal(records.filter(r => r.type === "aws:cfg/configurationAggregator:ConfigurationAggregator").length, 1);
    });

    it("rejects a bad security account, admin role or an empty target list", () => {
        const base = { scpTargetIds: OUS, guardrails: DEFAULT_GUARDRAIL_OPTIONS, adminRoleName: "PlatformAdmin", securityAccountId: SECURITY, securityProvider: undefined as never };
        assert.throws(() => new OrganizationGuardrails("x1", { ...base, securityAccountId: "5555" }), /securityAccountId must be a 12-digit account id/);
        assert.throws(() => new OrganizationGuardrails("x2", { ...base, adminRoleName: "bad role" }), /adminRoleName must be an IAM role name/);
        assert.throws(() => new OrganizationGuardrails("x3", { ...base, scpTargetIds: [] }), /scpTargetIds must name at least one OU/);
    });

    it("attaches no SCP in an instance without targets (another region's)", async () => {
        const { records } = await buildOrg({ scpTargetIds: undefined, delegatedServices: ["guardDuty"] });
        assert.equal(records.filter(r => r.type.startsWith("aws:organizations/policy")).length, 0);
        assert.equal(records.filter(r => r.type === "aws:guardduty/detector:Detector").length, 1);
    });

    describe("the attached SCPs under IAM simulation", () => {
        const scps = () => b.records.filter(r => r.type === "aws:organizations/policy:Policy").map(p => JSON.parse(p.inputs.content as string));
        const member = (principal: string, action: string, resource: string, context: Record<string, string | string[]> = {}) =>
            decide({ principal, action, resource, resourceAccount: MEMBER, context: { "aws:PrincipalArn": principal, ...context } }, { identity: [ALLOW_ALL], scps: scps() });

        it("deny a member account's training job without VPC settings, even to its administrators", async () => {
            assert.equal(await member(`arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, "sagemaker:CreateTrainingJob",
                `arn:aws:sagemaker:eu-west-1:${MEMBER}:training-job/x`, { "sagemaker:InstanceTypes": ["ml.m5.xlarge"] }), "ExplicitlyDenied");
        });

        it("keep CloudTrail running and the account in the organization, except for the platform admin role", async () => {
            const trail = `arn:aws:cloudtrail:eu-west-1:${MEMBER}:trail/audit-trail`;
            assert.equal(await member(`arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, "cloudtrail:StopLogging", trail), "ExplicitlyDenied");
            assert.equal(await member(`arn:aws:iam::${MEMBER}:role/PlatformAdmin`, "cloudtrail:StopLogging", trail), "Allowed");
            assert.equal(await member(`arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, "organizations:LeaveOrganization", "*"), "ExplicitlyDenied");
        });
    });
});
