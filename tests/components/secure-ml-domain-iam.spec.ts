/**
 * SecureMlDomain's policies under IAM simulation (@cloud-copilot/iam-simulate). Every document is
 * read from what the component registered under Pulumi's mocks (the `policy` and `assumeRolePolicy`
 * inputs of its resources), never retyped here; every simulation also validates the documents it uses
 * (unknown actions, condition keys an action does not support and malformed statements throw).
 */
import { build, promiseOf, ResourceRecord, resources } from "./mocks";
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { SecureMlDomain } from "../../components";
import { decide, Decision } from "../iam/simulate";

const ACCOUNT = "222233334444";
const OTHER_ACCOUNT = "999988887777";
const REGION = "eu-west-1";

type Doc = { Statement: Array<Record<string, unknown>> };
const parse = (r: ResourceRecord, input: string): Doc => JSON.parse(r.inputs[input] as string) as Doc;

describe("SecureMlDomain under IAM simulation", function () {
    this.timeout(60_000);
    let records: ResourceRecord[];
    let domain: SecureMlDomain;
    let out: { studioRole: string; jobsRole: string; dataBucket: string; dataKey: string; studioKey: string; s3Endpoint: string; subnets: string[]; sg: string };

    const record = (type: string, name: string) => {
        const found = records.filter(r => r.type === type && r.name === name);
        assert.equal(found.length, 1, `${type} ${name}`);
        return found[0];
    };
    const guardrails = () => records.filter(r => r.type === "aws:iam/policy:Policy" && /^ml-guardrails(-\d+)?$/.test(r.name)).map(r => parse(r, "policy"));
    const inline = (role: "studio" | "jobs") => parse(record("aws:iam/rolePolicy:RolePolicy", `ml-${role}-execution`), "policy");
    const attached = (role: "studio" | "jobs") => {
        const roleName = record("aws:iam/role:Role", `ml-${role}-execution`).state.name as string;
        const arns = records.filter(r => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.inputs.role === roleName).map(r => r.inputs.policyArn);
        return records.filter(r => r.type === "aws:iam/policy:Policy" && arns.includes(r.state.arn)).map(r => parse(r, "policy"));
    };
    const identity = (role: "studio" | "jobs") => [inline(role), ...attached(role)];

    before(async () => {
        domain = await build(() => {
            const provider = new aws.Provider("member", {
                region: REGION, allowedAccountIds: [ACCOUNT],
                assumeRoles: [{ roleArn: `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }],
            });
            return new SecureMlDomain("ml", {}, { provider });
        });
        records = resources();
        out = {
            studioRole: await promiseOf(domain.studioExecutionRoleArn), jobsRole: await promiseOf(domain.jobExecutionRoleArn),
            dataBucket: await promiseOf(domain.dataBucketName), dataKey: await promiseOf(domain.dataKeyArn),
            studioKey: await promiseOf(domain.studioKeyArn), s3Endpoint: await promiseOf(domain.s3EndpointId),
            subnets: await promiseOf(domain.subnetIds), sg: await promiseOf(domain.studioSecurityGroupId),
        };
    });

    it("attaches the guardrails to both execution roles", () => {
        assert.ok(guardrails().length >= 1);
        assert.deepEqual(attached("studio"), guardrails());
        assert.deepEqual(attached("jobs"), guardrails());
    });

    describe("a training job started from Studio", () => {
        const job = (context: Record<string, string | string[]>) => decide({
            principal: out.studioRole, action: "sagemaker:CreateTrainingJob",
            resource: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/lab-03`, resourceAccount: ACCOUNT, context,
        }, { identity: identity("studio") });

        it("is explicitly denied without VPC settings", async () => {
            assert.equal(await job({ "sagemaker:InstanceTypes": ["ml.m5.xlarge"], "sagemaker:VolumeKmsKeyArn": out.dataKey, "sagemaker:OutputKmsKeyArn": out.dataKey }), "ExplicitlyDenied");
        });

        it("is allowed with subnets, security groups and KMS keys (isolated, encrypted in transit)", async () => {
            assert.equal(await job({
                "sagemaker:VpcSubnets": out.subnets, "sagemaker:VpcSecurityGroupIds": [out.sg],
                "sagemaker:VolumeKmsKeyArn": out.dataKey, "sagemaker:OutputKmsKeyArn": out.dataKey,
                "sagemaker:InstanceTypes": ["ml.m5.xlarge"], "sagemaker:NetworkIsolation": "true",
                "sagemaker:InterContainerTrafficEncryption": "true",
            }), "Allowed");
        });

        it("is not something the jobs role can do at all", async () => {
            const decision = await decide({
                principal: out.jobsRole, action: "sagemaker:CreateTrainingJob",
                resource: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/x`, resourceAccount: ACCOUNT,
                context: { "sagemaker:VpcSubnets": out.subnets },
            }, { identity: identity("jobs") });
            assert.notEqual(decision, "Allowed");
        });
    });

    describe("the data bucket", () => {
        const object = () => `arn:aws:s3:::${out.dataBucket}/training/data.csv`;
        const s3 = (action: string, context: Record<string, string | string[]>): Promise<Decision> => decide({
            principal: out.jobsRole, action, resource: object(), resourceAccount: ACCOUNT, context,
        }, { identity: identity("jobs"), resourcePolicy: parse(record("aws:s3/bucketPolicy:BucketPolicy", "ml-data"), "policy") });
        const viaEndpoint = () => ({ "aws:SourceVpce": out.s3Endpoint, "aws:SecureTransport": "true", "aws:PrincipalArn": out.jobsRole, "aws:PrincipalAccount": ACCOUNT });

        it("lets the execution role read and write through the designated endpoint", async () => {
            assert.equal(await s3("s3:GetObject", viaEndpoint()), "Allowed");
            assert.equal(await s3("s3:PutObject", viaEndpoint()), "Allowed");
        });

        it("denies it without the endpoint (aws:SourceVpce) or from another endpoint", async () => {
            const noEndpoint: Record<string, string> = viaEndpoint();
            delete noEndpoint["aws:SourceVpce"];
            assert.equal(await s3("s3:GetObject", noEndpoint), "ExplicitlyDenied");
            assert.equal(await s3("s3:PutObject", { ...viaEndpoint(), "aws:SourceVpce": "vpce-0fffffffffffffff0" }), "ExplicitlyDenied");
        });

        it("denies it without TLS", async () => {
            assert.equal(await s3("s3:GetObject", { ...viaEndpoint(), "aws:SecureTransport": "false" }), "ExplicitlyDenied");
        });

        it("denies an upload that names another KMS key", async () => {
            assert.equal(await s3("s3:PutObject", {
                ...viaEndpoint(), "s3:x-amz-server-side-encryption": "aws:kms",
                "s3:x-amz-server-side-encryption-aws-kms-key-id": `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`,
            }), "ExplicitlyDenied");
        });
    });

    describe("the key policies", () => {
        const use = (principal: string, key: string, keyRecord: string, identityPolicies: unknown[]) => decide({
            principal, action: "kms:Decrypt", resource: key, resourceAccount: ACCOUNT,
            context: { "aws:PrincipalAccount": principal.split(":")[4] },
        }, { identity: identityPolicies, resourcePolicy: parse(record("aws:kms/key:Key", keyRecord), "policy") });

        it("let each execution role use its key", async () => {
            assert.equal(await use(out.jobsRole, out.dataKey, "ml-data-key", identity("jobs")), "Allowed");
            assert.equal(await use(out.studioRole, out.studioKey, "ml-studio-key", identity("studio")), "Allowed");
        });

        it("keep a principal of another account out, even one whose own account allows everything", async () => {
            const outsider = `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`;
            const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
            assert.notEqual(await use(outsider, out.dataKey, "ml-data-key", [allowAll]), "Allowed");
            assert.notEqual(await use(outsider, out.studioKey, "ml-studio-key", [allowAll]), "Allowed");
        });

        it("give the jobs role no use of the Studio key", async () => {
            assert.notEqual(await use(out.jobsRole, out.studioKey, "ml-studio-key", identity("jobs")), "Allowed");
        });

        const macie = (account: string) => `arn:aws:iam::${account}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
        const byMacie = (action: string, principal: string, key: string, keyRecord: string) => decide({
            principal, action, resource: key, resourceAccount: ACCOUNT,
            context: { "aws:PrincipalAccount": principal.split(":")[4], "aws:PrincipalArn": principal },
        }, { resourcePolicy: parse(record("aws:kms/key:Key", keyRecord), "policy") });

        it("let Macie's service-linked role decrypt with the data key (to classify the buckets' objects), and nothing else", async () => {
            assert.equal(await byMacie("kms:Decrypt", macie(ACCOUNT), out.dataKey, "ml-data-key"), "Allowed");
            for (const action of ["kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:PutKeyPolicy"]) {
                assert.notEqual(await byMacie(action, macie(ACCOUNT), out.dataKey, "ml-data-key"), "Allowed", action);
            }
            assert.notEqual(await byMacie("kms:Decrypt", macie(ACCOUNT), out.studioKey, "ml-studio-key"), "Allowed", "not the Studio key");
        });

        it("let no other role decrypt through Macie's statement: not another role of the account, not Macie's role of another account", async () => {
            assert.notEqual(await byMacie("kms:Decrypt", `arn:aws:iam::${ACCOUNT}:role/developer`, out.dataKey, "ml-data-key"), "Allowed");
            assert.notEqual(await byMacie("kms:Decrypt", macie(OTHER_ACCOUNT), out.dataKey, "ml-data-key"), "Allowed");
        });
    });

    describe("the execution roles' trust policy", () => {
        const trust = (role: "studio" | "jobs") => parse(record("aws:iam/role:Role", `ml-${role}-execution`), "assumeRolePolicy");
        const assume = (action: string, principal: string, role: "studio" | "jobs", context: Record<string, string> = {}) => decide({
            principal, action, resource: role === "studio" ? out.studioRole : out.jobsRole, resourceAccount: ACCOUNT, context,
        }, { resourcePolicy: trust(role) });

        for (const role of ["studio", "jobs"] as const) {
            it(`${role}: lets sagemaker.amazonaws.com assume the role and set the source identity, for this account`, async () => {
                const sagemaker = { "aws:SourceAccount": ACCOUNT };
                assert.equal(await assume("sts:AssumeRole", "sagemaker.amazonaws.com", role, sagemaker), "Allowed");
                assert.equal(await assume("sts:SetSourceIdentity", "sagemaker.amazonaws.com", role, sagemaker), "Allowed");
                assert.notEqual(await assume("sts:AssumeRole", "sagemaker.amazonaws.com", role, { "aws:SourceAccount": OTHER_ACCOUNT }), "Allowed");
            });

            it(`${role}: nobody else`, async () => {
                assert.notEqual(await assume("sts:AssumeRole", "ec2.amazonaws.com", role, { "aws:SourceAccount": ACCOUNT }), "Allowed");
                assert.notEqual(await assume("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/developer`, role), "Allowed");
                assert.notEqual(await assume("sts:AssumeRole", `arn:aws:iam::${OTHER_ACCOUNT}:root`, role), "Allowed");
                assert.notEqual(await assume("sts:SetSourceIdentity", `arn:aws:iam::${ACCOUNT}:role/developer`, role), "Allowed");
            });
        }
    });
});
