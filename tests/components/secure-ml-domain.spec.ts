/**
 * SecureMlDomain under Pulumi's mocks, created with an explicit member-account provider, as the
 * multi-account program creates it. Every assertion reads what the component registered (the mock
 * records) or exposes; nothing is compared with a hand-written copy of a policy.
 */
import {
    build, engineResources, invokes, promiseOf, ResourceRecord, resources, world, memberProvider as sharedMemberProvider } from "./mocks";
import { at, Built as SharedBuilt, doc, Document, list, of, one } from "./records";
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_INSTANCE_TYPES } from "../../policypacks/ml-guardrails/src/facts";
import {
    bucketName, DEFAULT_INTERFACE_ENDPOINTS, defaultAppInstanceType, isApprovedInstanceType, requireRouteTables, sagemakerName,
    SecureMlDomain, SecureMlDomainArgs, subnetCidrs,
} from "../../components";
import { guardrailIamPolicies } from "../../components/guardrails";
import { assertValidDocument, documentsOf } from "../iam/validate";

const ACCOUNT = "222233334444";
const REGION = "eu-west-1";
const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    domain: "aws:sagemaker/domain:Domain",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    key: "aws:kms/key:Key",
    policy: "aws:iam/policy:Policy",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    subnet: "aws:ec2/subnet:Subnet",
    vpc: "aws:ec2/vpc:Vpc",
    profile: "aws:sagemaker/userProfile:UserProfile",
};

type Built = SharedBuilt<SecureMlDomain>;

const memberProvider = (name = "member", account = ACCOUNT, region = REGION) => sharedMemberProvider(account, region, name);

/** Builds one SecureMlDomain with a member provider and returns what was registered. */
async function buildDomain(args?: SecureMlDomainArgs, name = "ml"): Promise<Built> {
    const { component, provider } = await build(() => {
        const p = memberProvider();
        return { provider: p, component: new SecureMlDomain(name, args, { provider: p }) };
    });
    return { component, providerUrn: await promiseOf(provider.urn), resources: resources(), invokes: invokes() };
}

const s = (v: unknown) => v as Record<string, unknown>;

describe("SecureMlDomain", function () {
    this.timeout(30_000);

    describe("with no optional arguments, through a member-account provider", () => {
        let b: Built;
        before(async () => {
            b = await buildDomain();
        });

        it("sends every child resource through the member provider and parents it to the component", async () => {
            const component = one(b, "mlgov:components:SecureMlDomain", "ml");
            const children = b.resources.filter(r => r !== component && r.type !== "pulumi:providers:aws");
            assert.ok(children.length > 40, `${children.length} children`);
            for (const r of children) {
                assert.equal(r.custom, true, `${r.type} ${r.name}`);
                assert.equal(r.providerUrn, b.providerUrn, `${r.type} ${r.name} goes through ${r.providerUrn ?? "the default provider"}`);
                assert.equal(r.parent, component.urn, `${r.type} ${r.name} is a child of the component`);
                assert.ok(r.name === "ml" || r.name.startsWith("ml-"), `${r.type} ${r.name} is named after the component`);
                assert.match(r.urn ?? "", /^urn:pulumi:test::ml-governance::mlgov:components:SecureMlDomain\$aws:/);
            }
        });

        it("sends every invoke through the member provider", () => {
            assert.ok(b.invokes.length >= 4);
            for (const i of b.invokes) {
                assert.equal(i.providerUrn, b.providerUrn, `${i.token} goes through ${i.providerUrn ?? "the default provider"}`);
            }
            const tokens = new Set(b.invokes.map(i => i.token));
            for (const t of ["aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getRegion:getRegion",
                "aws:index/getPartition:getPartition", "aws:index/getAvailabilityZones:getAvailabilityZones"]) {
                assert.ok(tokens.has(t), `${t} was called`);
            }
        });

        it("would notice an invoke that goes to the default provider", async () => {
            // The check above is only worth something if a forgotten `{ parent }` shows up in the records.
            await build(() => aws.getCallerIdentityOutput({}));
            assert.deepEqual(invokes().map(i => [i.token, i.providerUrn]), [["aws:index/getCallerIdentity:getCallerIdentity", undefined]]);
        });

        it("puts everything in the member account and region", async () => {
            for (const r of b.resources.filter(x => typeof x.state.arn === "string")) {
                const arn = r.state.arn as string;
                if (/^arn:aws:(s3|iam):/.test(arn)) {
                    assert.ok(!arn.includes("111122223333"), arn);
                } else {
                    assert.ok(arn.includes(`:${REGION}:${ACCOUNT}:`), `${r.type} ${r.name}: ${arn}`);
                }
            }
            assert.match(await promiseOf(b.component.domainArn), new RegExp(`^arn:aws:sagemaker:${REGION}:${ACCOUNT}:domain/d-`));
        });

        it("creates a VpcOnly, IAM-authenticated domain in the private subnets, with the Studio key", () => {
            const domain = one(b, T.domain, "ml-domain").inputs;
            const subnets = of(b, T.subnet);
            const studioKey = one(b, T.key, "ml-studio-key");
            const studioSg = one(b, T.sg, "ml-studio");
            assert.equal(domain.appNetworkAccessType, "VpcOnly");
            assert.equal(domain.authMode, "IAM");
            assert.equal(domain.vpcId, one(b, T.vpc, "ml-vpc").id);
            assert.deepEqual(domain.subnetIds, subnets.map(x => x.id));
            assert.equal(domain.kmsKeyId, studioKey.state.arn);
            assert.equal(at(domain, "domainSettings.executionRoleIdentityConfig"), "USER_PROFILE_NAME");
            assert.deepEqual(at(domain, "domainSettings.securityGroupIds"), [studioSg.id]);
            assert.equal(at(domain, "domainSettings.dockerSettings.enableDockerAccess"), "DISABLED");
            assert.equal(at(domain, "retentionPolicy.homeEfsFileSystem"), "Retain");
        });

        it("gives Studio users the execution role, the Studio security group, no notebook sharing and approved instance types", () => {
            const domain = one(b, T.domain, "ml-domain").inputs;
            const studioRole = one(b, T.role, "ml-studio-execution");
            const studioSg = one(b, T.sg, "ml-studio");
            for (const settings of ["defaultUserSettings", "defaultSpaceSettings"]) {
                assert.equal(at(domain, `${settings}.executionRole`), studioRole.state.arn, settings);
                assert.deepEqual(at(domain, `${settings}.securityGroups`), [studioSg.id], settings);
                assert.equal(at(domain, `${settings}.jupyterServerAppSettings.defaultResourceSpec.instanceType`), "system");
                for (const app of ["jupyterLabAppSettings", "kernelGatewayAppSettings"]) {
                    const type = at(domain, `${settings}.${app}.defaultResourceSpec.instanceType`) as string;
                    assert.ok(isApprovedInstanceType(type, DEFAULT_INSTANCE_TYPES), `${settings}.${app}: ${type}`);
                }
            }
            assert.equal(at(domain, "defaultUserSettings.sharingSettings.notebookOutputOption"), "Disabled");
            assert.equal(b.component.defaultInstanceType, at(domain, "defaultUserSettings.jupyterLabAppSettings.defaultResourceSpec.instanceType"));
        });

        it("creates a VPC with private subnets in two zones and no way to the internet", () => {
            const vpc = one(b, T.vpc, "ml-vpc").inputs;
            assert.equal(vpc.enableDnsSupport, true);
            assert.equal(vpc.enableDnsHostnames, true);
            const subnets = of(b, T.subnet);
            assert.equal(subnets.length, 2);
            assert.equal(new Set(subnets.map(x => x.inputs.availabilityZone)).size, 2);
            assert.ok(subnets.every(x => x.inputs.mapPublicIpOnLaunch === false));
            const types = new Set(b.resources.map(r => r.type));
            for (const t of ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip",
                "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "aws:ec2/route:Route"]) {
                assert.ok(!types.has(t), `${t} created`);
            }
            assert.ok(!b.resources.some(r => r.type === "aws:ec2/routeTable:RouteTable" && list(r.inputs.routes as unknown[]).length > 0));
            const defaultSg = one(b, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "ml-default-sg").inputs;
            assert.ok(!defaultSg.ingress && !defaultSg.egress, "the default security group keeps no rule");
        });

        it("opens only what Studio needs in the security groups", () => {
            const studio = one(b, T.sg, "ml-studio").id;
            const endpoints = one(b, T.sg, "ml-endpoints").id;
            const s3 = one(b, T.endpoint, "ml-s3-endpoint");
            const rules = [...of(b, T.ingress), ...of(b, T.egress)];
            assert.ok(rules.every(r => r.inputs.cidrIpv4 !== "0.0.0.0/0" && r.inputs.cidrIpv6 === undefined), "nothing to or from anywhere");
            const egress = of(b, T.egress).filter(r => r.inputs.securityGroupId === studio).map(r => r.inputs);
            const to = (port: number) => egress.filter(r => r.fromPort === port && r.toPort === port && r.ipProtocol === "tcp");
            assert.deepEqual(to(443).map(r => r.referencedSecurityGroupId ?? r.prefixListId).sort(), [endpoints, s3.state.prefixListId].sort());
            assert.deepEqual(to(2049).map(r => r.cidrIpv4), ["10.0.0.0/16"]);
            assert.ok(egress.some(r => r.ipProtocol === "-1" && r.referencedSecurityGroupId === studio));
            assert.ok(of(b, T.ingress).some(r => r.inputs.securityGroupId === studio && r.inputs.ipProtocol === "-1" && r.inputs.referencedSecurityGroupId === studio));
            const endpointIngress = of(b, T.ingress).filter(r => r.inputs.securityGroupId === endpoints).map(r => r.inputs);
            assert.deepEqual(endpointIngress.map(r => [r.ipProtocol, r.fromPort, r.toPort, r.cidrIpv4]), [["tcp", 443, 443, "10.0.0.0/16"]]);
            assert.ok(!of(b, T.egress).some(r => r.inputs.securityGroupId === endpoints), "endpoints initiate nothing");
        });

        it("creates the interface endpoints with private DNS and an S3 gateway endpoint on the private route table", () => {
            const endpoints = of(b, T.endpoint);
            const gateway = one(b, T.endpoint, "ml-s3-endpoint").inputs;
            assert.equal(gateway.vpcEndpointType, "Gateway");
            assert.equal(gateway.serviceName, `com.amazonaws.${REGION}.s3`);
            assert.deepEqual(gateway.routeTableIds, [one(b, "aws:ec2/routeTable:RouteTable", "ml-private").id]);
            const interfaces = endpoints.filter(e => e.inputs.vpcEndpointType === "Interface");
            assert.deepEqual(interfaces.map(e => e.inputs.serviceName).sort(), [
                `aws.sagemaker.${REGION}.notebook`, `aws.sagemaker.${REGION}.studio`, ...["ecr.api", "ecr.dkr", "kms", "logs", "monitoring",
                    "sagemaker.api", "sagemaker.runtime", "ssm", "sts"].map(x => `com.amazonaws.${REGION}.${x}`),
            ].sort());
            for (const e of interfaces) {
                assert.equal(e.inputs.privateDnsEnabled, true);
                assert.deepEqual(e.inputs.subnetIds, of(b, T.subnet).map(x => x.id));
                assert.deepEqual(e.inputs.securityGroupIds, [one(b, T.sg, "ml-endpoints").id]);
            }
        });

        it("limits the S3 gateway endpoint to the project's buckets and the SageMaker-owned buckets", () => {
            const policy = doc(one(b, T.endpoint, "ml-s3-endpoint"));
            const buckets = of(b, T.bucket).filter(x => x.name !== "ml-access-logs").map(x => x.state.arn as string);
            const project = policy.Statement.find(x => x.Sid === "ProjectBuckets")!;
            assert.deepEqual(list(project.Resource).sort(), buckets.flatMap(a => [a, `${a}/*`]).sort());
            assert.deepEqual(project.Condition, { StringEquals: { "aws:PrincipalAccount": ACCOUNT } });
            const others = policy.Statement.filter(x => x !== project);
            assert.ok(others.every(x => x.Effect === "Allow" && list(x.Action).every(a => a === "s3:GetObject" || a === "s3:ListBucket")), "read-only");
            assert.deepEqual(others.flatMap(x => list(x.Resource)).sort(), [
                `arn:aws:s3:::jumpstart-cache-prod-${REGION}`, `arn:aws:s3:::jumpstart-cache-prod-${REGION}/*`,
                `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/*`,
            ]);
        });

        it("creates rotating customer-managed keys whose policies name the account and the execution roles, and Macie's role for the data key", () => {
            const studioRole = one(b, T.role, "ml-studio-execution").state.arn;
            const jobRole = one(b, T.role, "ml-jobs-execution").state.arn;
            const users: Record<string, unknown[]> = { "ml-studio-key": [studioRole], "ml-data-key": [studioRole, jobRole] };
            const macie = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
            for (const key of of(b, T.key)) {
                assert.equal(key.inputs.enableKeyRotation, true);
                assert.equal(key.inputs.deletionWindowInDays, 30);
                const all = doc(key);
                // The one wildcard principal: decrypt only, for Macie's service-linked role of this account only.
                const wildcard = all.Statement.filter(st => list((st.Principal as { AWS?: string | string[] }).AWS).includes("*"));
                if (key.name === "ml-data-key") {
                    assert.equal(wildcard.length, 1);
                    assert.deepEqual(list(wildcard[0].Action), ["kms:Decrypt"]);
                    assert.deepEqual(wildcard[0].Condition, { StringEquals: { "aws:PrincipalArn": macie, "aws:PrincipalAccount": ACCOUNT } });
                } else {
                    assert.deepEqual(wildcard, [], `${key.name}: no wildcard principal`);
                }
                const policy = { ...all, Statement: all.Statement.filter(st => !wildcard.includes(st)) };
                for (const st of policy.Statement) {
                    const principals = list((st.Principal as { AWS?: string | string[] }).AWS);
                    assert.ok(principals.length > 0, `${key.name} ${st.Sid}: ${JSON.stringify(st.Principal)}`);
                }
                const admin = policy.Statement.find(x => list(x.Action).includes("kms:*"))!;
                assert.deepEqual(admin.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
                const usage = policy.Statement.filter(x => x !== admin);
                assert.ok(usage.every(x => x.Effect === "Allow"));
                assert.deepEqual([...new Set(usage.flatMap(x => list((x.Principal as { AWS: string[] }).AWS)))].sort(), [...users[key.name]].sort());
                const grants = usage.filter(x => list(x.Action).includes("kms:CreateGrant"));
                assert.ok(grants.length > 0 && grants.every(x => x.Condition?.Bool?.["kms:GrantIsForAWSResource"] === "true"));
            }
            assert.equal(of(b, "aws:kms/alias:Alias").length, 2);
        });

        it("locks the buckets down: SSE-KMS with bucket keys, versioning, public access block, owner enforced, access logs", () => {
            const dataKey = one(b, T.key, "ml-data-key").state.arn;
            const byBucket = (type: string, bucket: ResourceRecord) => b.resources.filter(r => r.type === type && r.inputs.bucket === bucket.id);
            const logs = one(b, T.bucket, "ml-access-logs");
            for (const bucket of of(b, T.bucket)) {
                const [block] = byBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket);
                for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
                    assert.equal(block.inputs[k], true, `${bucket.name} ${k}`);
                }
                assert.equal(at(byBucket("aws:s3/bucketVersioning:BucketVersioning", bucket)[0].inputs, "versioningConfiguration.status"), "Enabled");
                assert.equal(at(byBucket("aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket)[0].inputs, "rule.objectOwnership"), "BucketOwnerEnforced");
                const [sse] = byBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket);
                const rule = (sse.inputs.rules as Array<Record<string, unknown>>)[0];
                const policy = doc(byBucket(T.bucketPolicy, bucket)[0]);
                const tls = policy.Statement.find(x => x.Condition?.Bool?.["aws:SecureTransport"] === "false")!;
                assert.equal(tls.Effect, "Deny");
                assert.deepEqual(list(tls.Action), ["s3:*"]);
                assert.deepEqual(list(tls.Resource), [bucket.state.arn, `${bucket.state.arn}/*`]);
                if (bucket === logs) {
                    assert.equal(at(rule, "applyServerSideEncryptionByDefault.sseAlgorithm"), "AES256");
                    assert.equal(byBucket("aws:s3/bucketLogging:BucketLogging", bucket).length, 0);
                } else {
                    assert.deepEqual(rule.applyServerSideEncryptionByDefault, { sseAlgorithm: "aws:kms", kmsMasterKeyId: dataKey });
                    assert.equal(rule.bucketKeyEnabled, true);
                    const [logging] = byBucket("aws:s3/bucketLogging:BucketLogging", bucket);
                    assert.equal(logging.inputs.targetBucket, logs.id);
                    assert.equal(logging.inputs.targetPrefix, `${bucket.id}/`);
                }
            }
        });

        it("lets data in and out of the data buckets only through the S3 gateway endpoint", () => {
            const endpointId = one(b, T.endpoint, "ml-s3-endpoint").id;
            const dataKey = one(b, T.key, "ml-data-key").state.arn;
            for (const name of ["ml-data", "ml-models"]) {
                const policy = doc(one(b, T.bucketPolicy, name));
                const perimeter = policy.Statement.find(x => x.Condition?.StringNotEquals?.["aws:SourceVpce"])!;
                assert.equal(perimeter.Effect, "Deny");
                assert.equal(perimeter.Condition!.StringNotEquals["aws:SourceVpce"], endpointId);
                assert.ok(list(perimeter.Action).includes("s3:GetObject*") && list(perimeter.Action).includes("s3:PutObject*"));
                assert.deepEqual(perimeter.Condition!.ArnNotLikeIfExists["aws:PrincipalArn"], [`arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`]);
                const keyRule = policy.Statement.find(x => x.Condition?.StringNotEquals?.["s3:x-amz-server-side-encryption-aws-kms-key-id"])!;
                assert.deepEqual(keyRule.Condition, {
                    StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": dataKey },
                    // Only uploads that name another key: those that name none get the bucket's default key.
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                });
            }
        });

        it("lets only S3 log delivery for the project's buckets write to the access-log bucket", () => {
            const policy = doc(one(b, T.bucketPolicy, "ml-access-logs"));
            const allows = policy.Statement.filter(x => x.Effect === "Allow");
            assert.equal(allows.length, 1);
            assert.deepEqual(allows[0].Principal, { Service: "logging.s3.amazonaws.com" });
            assert.deepEqual(list(allows[0].Action), ["s3:PutObject"]);
            const sources = of(b, T.bucket).filter(x => x.name !== "ml-access-logs").map(x => x.state.arn);
            assert.deepEqual(allows[0].Condition, { ArnLike: { "aws:SourceArn": sources }, StringEquals: { "aws:SourceAccount": ACCOUNT } });
        });

        it("lets only SageMaker assume the execution roles and set the source identity", () => {
            for (const role of of(b, T.role)) {
                const trust = doc(role, "assumeRolePolicy");
                assert.equal(trust.Statement.length, 1);
                const [st] = trust.Statement;
                assert.equal(st.Effect, "Allow");
                assert.deepEqual(st.Principal, { Service: "sagemaker.amazonaws.com" });
                assert.deepEqual(list(st.Action).sort(), ["sts:AssumeRole", "sts:SetSourceIdentity"]);
                assert.deepEqual(st.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
            }
        });

        it("attaches the guardrail policy to every execution role", () => {
            const policies = of(b, T.policy);
            assert.deepEqual(policies.map(p => p.name), ["ml-guardrails"]);
            assert.deepEqual(doc(policies[0]), JSON.parse(JSON.stringify(b.component.guardrailPolicies[0])));
            assert.ok(doc(policies[0]).Statement.every(x => x.Effect === "Deny"));
            const attached = of(b, T.attachment).filter(a => a.inputs.policyArn === policies[0].state.arn).map(a => a.inputs.role).sort();
            assert.deepEqual(attached, of(b, T.role).map(r => r.state.name).sort());
        });

        it("scopes the execution roles' permissions to the project's buckets and keys", () => {
            const buckets = of(b, T.bucket).filter(x => x.name !== "ml-access-logs").map(x => x.state.arn as string);
            const keys = Object.fromEntries(of(b, T.key).map(k => [k.name, k.state.arn as string]));
            const expectedKeys: Record<string, string[]> = {
                "ml-studio-execution": [keys["ml-studio-key"], keys["ml-data-key"]],
                "ml-jobs-execution": [keys["ml-data-key"]],
            };
            for (const rp of of(b, T.rolePolicy)) {
                const role = of(b, T.role).find(r => r.name === rp.name)!;
                assert.equal(rp.inputs.role, role.id);
                const policy = doc(rp);
                for (const st of policy.Statement) {
                    assert.equal(st.Effect, "Allow");
                    assert.ok(!list(st.Action).some(a => a === "*" || a.endsWith(":*")), `${rp.name} ${st.Sid}: ${st.Action}`);
                    const s3 = list(st.Action).filter(a => a.startsWith("s3:"));
                    if (s3.length > 0 && st.Sid !== "JumpStartCache") {
                        assert.ok(list(st.Resource).every(r => buckets.some(bk => r === bk || r === `${bk}/*`)), `${st.Sid}: ${st.Resource}`);
                    }
                    if (list(st.Action).some(a => a.startsWith("kms:"))) {
                        assert.deepEqual(list(st.Resource), expectedKeys[rp.name], `${rp.name} ${st.Sid}`);
                    }
                }
                const pass = policy.Statement.find(x => list(x.Action).includes("iam:PassRole"));
                if (rp.name === "ml-studio-execution") {
                    assert.deepEqual(list(pass!.Resource).sort(), of(b, T.role).map(r => r.state.arn).sort());
                    assert.deepEqual(pass!.Condition, { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } });
                } else {
                    assert.equal(pass, undefined, "the job role passes no role");
                    assert.ok(!policy.Statement.some(x => list(x.Action).some(a => a.startsWith("sagemaker:"))), "jobs start no SageMaker work");
                }
            }
        });

        it("exposes exactly the policy documents it deploys", async () => {
            const c = b.component;
            const pairs: Array<[pulumi.Output<unknown>, ResourceRecord, string]> = [
                [c.dataBucketPolicy, one(b, T.bucketPolicy, "ml-data"), "policy"],
                [c.modelBucketPolicy, one(b, T.bucketPolicy, "ml-models"), "policy"],
                [c.accessLogBucketPolicy, one(b, T.bucketPolicy, "ml-access-logs"), "policy"],
                [c.studioKeyPolicy, one(b, T.key, "ml-studio-key"), "policy"],
                [c.dataKeyPolicy, one(b, T.key, "ml-data-key"), "policy"],
                [c.s3EndpointPolicy, one(b, T.endpoint, "ml-s3-endpoint"), "policy"],
                [c.executionRoleTrustPolicy, one(b, T.role, "ml-studio-execution"), "assumeRolePolicy"],
                [c.executionRoleTrustPolicy, one(b, T.role, "ml-jobs-execution"), "assumeRolePolicy"],
                [c.studioExecutionRolePolicy, one(b, T.rolePolicy, "ml-studio-execution"), "policy"],
                [c.jobExecutionRolePolicy, one(b, T.rolePolicy, "ml-jobs-execution"), "policy"],
            ];
            for (const [field, record, key] of pairs) {
                assert.deepEqual(JSON.parse(JSON.stringify(await promiseOf(field))), doc(record, key), `${record.type} ${record.name}`);
            }
        });

        it("writes only actions that exist, with service condition keys that apply to them", async () => {
            const documents = documentsOf(b.resources);
            assert.ok(documents.length >= 15);
            for (const { where, document } of documents) {
                await assertValidDocument(where, document);
            }
        });

        it("returns the ids, ARNs and names of what it created", async () => {
            const c = b.component;
            const expect = async (output: pulumi.Output<unknown>, value: unknown, what: string) =>
                assert.deepEqual(await promiseOf(output), value, what);
            await expect(c.domainId, one(b, T.domain, "ml-domain").id, "domainId");
            await expect(c.domainArn, one(b, T.domain, "ml-domain").state.arn, "domainArn");
            await expect(c.vpcId, one(b, T.vpc, "ml-vpc").id, "vpcId");
            await expect(c.subnetIds, of(b, T.subnet).map(x => x.id), "subnetIds");
            await expect(c.studioSecurityGroupId, one(b, T.sg, "ml-studio").id, "studioSecurityGroupId");
            await expect(c.endpointSecurityGroupId, one(b, T.sg, "ml-endpoints").id, "endpointSecurityGroupId");
            await expect(c.s3EndpointId, one(b, T.endpoint, "ml-s3-endpoint").id, "s3EndpointId");
            await expect(c.studioKeyArn, one(b, T.key, "ml-studio-key").state.arn, "studioKeyArn");
            await expect(c.dataKeyArn, one(b, T.key, "ml-data-key").state.arn, "dataKeyArn");
            await expect(c.dataBucketName, `ml-data-${ACCOUNT}-${REGION}`, "dataBucketName");
            await expect(c.modelBucketName, `ml-models-${ACCOUNT}-${REGION}`, "modelBucketName");
            await expect(c.accessLogBucketName, `ml-access-logs-${ACCOUNT}-${REGION}`, "accessLogBucketName");
            await expect(c.studioExecutionRoleArn, one(b, T.role, "ml-studio-execution").state.arn, "studioExecutionRoleArn");
            await expect(c.jobExecutionRoleArn, one(b, T.role, "ml-jobs-execution").state.arn, "jobExecutionRoleArn");
            await expect(c.guardrailPolicyArns, of(b, T.policy).map(p => p.state.arn), "guardrailPolicyArns");
            const endpointIds = await promiseOf(c.interfaceEndpointIds);
            assert.deepEqual(Object.keys(endpointIds).sort(), [...DEFAULT_INTERFACE_ENDPOINTS].sort());
            await expect(c.userProfileArns, {}, "no user profile by default");
            const registered = one(b, "mlgov:components:SecureMlDomain", "ml").outputs ?? {};
            for (const key of ["domainId", "domainArn", "vpcId", "subnetIds", "studioKeyArn", "dataKeyArn", "dataBucketName",
                "modelBucketName", "studioExecutionRoleArn", "jobExecutionRoleArn", "s3EndpointId", "studioSecurityGroupId"]) {
                assert.ok(key in registered, `${key} is registered as an output`);
            }
        });
    });

    describe("two instances in one stack", () => {
        let b: Built;
        before(async () => {
            await build(() => {
                const p = memberProvider();
                new SecureMlDomain("ml-a", {}, { provider: p });
                new SecureMlDomain("ml-b", { userProfiles: ["alice"] }, { provider: p });
            });
            b = { component: undefined as unknown as SecureMlDomain, providerUrn: "", resources: resources(), invokes: invokes() };
        });

        it("register no URN twice", () => {
            const urns = b.resources.map(r => r.urn);
            assert.ok(urns.every(Boolean));
            assert.equal(new Set(urns).size, urns.length, urns.filter((u, i) => urns.indexOf(u) !== i).join(", "));
        });

        it("create no physical name twice", () => {
            // What AWS keys each resource by, within its scope (global for buckets, account for IAM, region otherwise).
            const physical: Record<string, (r: ResourceRecord) => unknown> = {
                [T.bucket]: r => r.state.bucket,
                [T.role]: r => r.state.name,
                [T.policy]: r => r.state.name,
                [T.rolePolicy]: r => `${r.inputs.role}:${r.state.name}`,
                "aws:kms/alias:Alias": r => r.inputs.name,
                [T.domain]: r => r.inputs.domainName,
                [T.sg]: r => `${r.inputs.vpcId}:${r.state.name}`,
            };
            for (const [type, key] of Object.entries(physical)) {
                const names = of(b, type).map(key);
                assert.ok(names.length >= 2 && names.every(n => typeof n === "string" && n.length > 0), type);
                assert.equal(new Set(names).size, names.length, `${type}: ${names.join(", ")}`);
            }
            const ids = b.resources.filter(r => r.custom && r.id).map(r => `${r.type}|${r.id}`);
            assert.equal(new Set(ids).size, ids.length);
        });

        it("keep each instance's resources to itself", () => {
            const domains = of(b, T.domain);
            assert.equal(domains.length, 2);
            for (const d of domains) {
                const prefix = d.name.replace(/-domain$/, "");
                const role = of(b, T.role).find(r => r.name === `${prefix}-studio-execution`)!;
                assert.equal(at(d.inputs, "defaultUserSettings.executionRole"), role.state.arn);
                const key = of(b, T.key).find(k => k.name === `${prefix}-studio-key`)!;
                assert.equal(d.inputs.kmsKeyId, key.state.arn);
            }
            assert.equal(of(b, T.profile).length, 1);
            assert.equal(of(b, T.profile)[0].inputs.domainId, of(b, T.domain).find(d => d.name === "ml-b-domain")!.id);
        });
    });

    describe("with an existing VPC", () => {
        const existing = { vpcId: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"] };
        const before_ = () => {
            world.vpcs.set(existing.vpcId, { cidrBlock: "172.31.0.0/16" });
            world.routeTables.set(existing.subnetIds[0], "rtb-0123456789abcdef0");
            world.routeTables.set(existing.subnetIds[1], "rtb-0123456789abcdef0");
        };

        it("creates no VPC, subnet or route table, and uses the given ones", async () => {
            const { component, provider } = await build(() => {
                before_();
                const p = memberProvider();
                return { provider: p, component: new SecureMlDomain("ml", { existingNetwork: existing }, { provider: p }) };
            });
            const b: Built = { component, providerUrn: await promiseOf(provider.urn), resources: resources(), invokes: invokes() };
            for (const t of [T.vpc, T.subnet, "aws:ec2/routeTable:RouteTable", "aws:ec2/routeTableAssociation:RouteTableAssociation",
                "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"]) {
                assert.equal(of(b, t).length, 0, `${t} created`);
            }
            const domain = one(b, T.domain, "ml-domain").inputs;
            assert.equal(domain.vpcId, existing.vpcId);
            assert.deepEqual(domain.subnetIds, existing.subnetIds);
            assert.deepEqual(one(b, T.endpoint, "ml-s3-endpoint").inputs.routeTableIds, ["rtb-0123456789abcdef0"]);
            assert.ok(of(b, T.sg).every(g => g.inputs.vpcId === existing.vpcId));
            const cidrs = [...of(b, T.ingress), ...of(b, T.egress)].map(r => r.inputs.cidrIpv4).filter(Boolean);
            assert.deepEqual([...new Set(cidrs)], ["172.31.0.0/16"], "rules use the VPC's CIDR, looked up");
            assert.deepEqual(await promiseOf(component.vpcId), existing.vpcId);
            assert.deepEqual(await promiseOf(component.subnetIds), existing.subnetIds);
            const lookups = b.invokes.filter(i => i.token.startsWith("aws:ec2/"));
            assert.deepEqual(lookups.map(i => i.token).sort(), ["aws:ec2/getRouteTables:getRouteTables", "aws:ec2/getVpc:getVpc"]);
            assert.ok(b.invokes.every(i => i.providerUrn === b.providerUrn));
            assert.ok(!b.invokes.some(i => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones"));
        });

        it("uses an S3 gateway endpoint that is already there, and the given CIDR blocks", async () => {
            const component = await build(() => {
                world.vpcs.set(existing.vpcId, { cidrBlock: "172.31.0.0/16" });
                return new SecureMlDomain("ml", {
                    existingNetwork: { ...existing, cidrBlocks: ["10.50.0.0/20"], s3GatewayEndpointId: "vpce-0feedc0ffee123456" },
                    interfaceEndpoints: [],
                }, { provider: memberProvider() });
            });
            assert.equal(resources(T.endpoint).length, 0);
            assert.equal(await promiseOf(component.s3EndpointId), "vpce-0feedc0ffee123456");
            const policy = await promiseOf(component.dataBucketPolicy) as unknown as Document;
            assert.ok(policy.Statement.some(x => x.Condition?.StringNotEquals?.["aws:SourceVpce"] === "vpce-0feedc0ffee123456"));
            const prefixList = invokes("aws:ec2/getPrefixList:getPrefixList");
            assert.equal(prefixList.length, 1);
            assert.equal(prefixList[0].args.name, `com.amazonaws.${REGION}.s3`);
            assert.ok(resources(T.egress).some(r => r.inputs.prefixListId === prefixList[0].result.id));
            const cidrs = [...resources(T.ingress), ...resources(T.egress)].map(r => r.inputs.cidrIpv4).filter(Boolean);
            assert.deepEqual([...new Set(cidrs)], ["10.50.0.0/20"]);
            assert.equal(invokes("aws:ec2/getVpc:getVpc").length, 0, "no lookup when the CIDR blocks are given");
            assert.equal(invokes("aws:ec2/getRouteTables:getRouteTables").length, 0, "no route table lookup without an endpoint to create");
        });

        it("refuses subnets without their own route table when no route table is given", () => {
            // A lookup that finds nothing fails the deployment (the apply throws) rather than touching the main route table.
            assert.throws(() => requireRouteTables([]), /none of the subnets has its own route table/);
            assert.deepEqual(requireRouteTables(["rtb-1"]), ["rtb-1"]);
        });
    });

    describe("arguments", () => {
        it("creates the interface endpoints it is given", async () => {
            await build(() => new SecureMlDomain("ml", { interfaceEndpoints: ["sagemaker.api", "sts", "notebook", "codecommit"] }, { provider: memberProvider() }));
            const interfaces = resources(T.endpoint).filter(e => e.inputs.vpcEndpointType === "Interface");
            assert.deepEqual(interfaces.map(e => [e.inputs.serviceName, typeof e.inputs.policy]).sort(), [
                [`aws.sagemaker.${REGION}.notebook`, "undefined"],
                [`com.amazonaws.${REGION}.codecommit`, "undefined"],
                [`com.amazonaws.${REGION}.sagemaker.api`, "string"],
                [`com.amazonaws.${REGION}.sts`, "string"],
            ]);
            const policy = JSON.parse(interfaces.find(e => e.name === "ml-sts-endpoint")!.inputs.policy as string) as Document;
            assert.deepEqual(policy.Statement.map(x => x.Condition), [{ StringEquals: { "aws:PrincipalAccount": ACCOUNT } }]);
        });

        it("creates no interface endpoint with an empty list", async () => {
            await build(() => new SecureMlDomain("ml", { interfaceEndpoints: [] }, { provider: memberProvider() }));
            assert.deepEqual(resources(T.endpoint).map(e => e.inputs.vpcEndpointType), ["Gateway"]);
        });

        it("creates the user profiles it is given, in its domain", async () => {
            const component = await build(() => new SecureMlDomain("ml", { userProfiles: ["alice", "bob-2"] }, { provider: memberProvider() }));
            const domain = resources(T.domain)[0];
            const profiles = resources(T.profile);
            assert.deepEqual(profiles.map(p => [p.name, p.inputs.userProfileName, p.inputs.domainId]), [
                ["ml-user-alice", "alice", domain.id], ["ml-user-bob-2", "bob-2", domain.id],
            ]);
            assert.deepEqual(await promiseOf(component.userProfileArns), Object.fromEntries(profiles.map(p => [p.inputs.userProfileName, p.state.arn])));
            for (const bad of [["alice", "alice"], ["no spaces"], ["-dash"]]) {
                await build(() => assert.throws(() => new SecureMlDomain("bad", { userProfiles: bad }, { provider: memberProvider("p2") }), /user profile/));
            }
        });

        it("turns approved instance types and the guardrail switches into the guardrail policy and app defaults", async () => {
            const options = { approvedInstanceTypes: ["system", "ml.m5.*", "ml.c5.xlarge"], requireNetworkIsolation: false, requireInterContainerEncryption: true };
            const component = await build(() => new SecureMlDomain("ml", options, { provider: memberProvider() }));
            assert.deepEqual(component.guardrailPolicies, guardrailIamPolicies(options));
            assert.notDeepEqual(component.guardrailPolicies, guardrailIamPolicies({ ...options, requireNetworkIsolation: true }));
            const domain = resources(T.domain)[0].inputs;
            assert.equal(at(domain, "defaultUserSettings.jupyterLabAppSettings.defaultResourceSpec.instanceType"), "ml.m5.large");
            assert.deepEqual(resources(T.policy).map(p => doc(p)), JSON.parse(JSON.stringify(component.guardrailPolicies)));
            await build(() => assert.throws(() => new SecureMlDomain("ml", { ...options, defaultInstanceType: "ml.p4d.24xlarge" }, { provider: memberProvider() }),
                /not an approved app instance type/));
        });

        it("exempts the break-glass role from the bucket perimeter, and only it", async () => {
            const breakGlass = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;
            await build(() => new SecureMlDomain("ml", { breakGlassRoleArn: breakGlass }, { provider: memberProvider() }));
            for (const name of ["ml-data", "ml-models"]) {
                const policy = JSON.parse(resources(T.bucketPolicy).find(r => r.name === name)!.inputs.policy as string) as Document;
                const exempt = policy.Statement.flatMap(x => list(x.Condition?.ArnNotLikeIfExists?.["aws:PrincipalArn"]));
                assert.deepEqual(exempt, [`arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`, breakGlass]);
            }
            const logs = JSON.parse(resources(T.bucketPolicy).find(r => r.name === "ml-access-logs")!.inputs.policy as string) as Document;
            assert.ok(!JSON.stringify(logs).includes("BreakGlass"));
        });

        it("tags every taggable resource", async () => {
            const tags = { owner: "ml-platform", environment: "test" };
            await build(() => new SecureMlDomain("ml", { tags, userProfiles: ["alice"] }, { provider: memberProvider() }));
            const taggable = resources().filter(r => r.custom && r.type.startsWith("aws:") && !r.type.startsWith("pulumi:"));
            const tagged = taggable.filter(r => r.inputs.tags !== undefined);
            for (const type of [T.domain, T.profile, T.bucket, T.key, T.role, T.policy, T.vpc, T.subnet, T.sg, T.endpoint]) {
                assert.ok(tagged.some(r => r.type === type), `${type} is tagged`);
            }
            for (const r of tagged) {
                assert.deepEqual({ owner: s(r.inputs.tags).owner, environment: s(r.inputs.tags).environment }, tags, `${r.type} ${r.name}`);
            }
        });

        it("rejects what it cannot build before creating anything", async () => {
            const p = memberProvider;
            await build(() => {
                assert.throws(() => new SecureMlDomain("a", { availabilityZoneCount: 1 }, { provider: p("pa") }), /availabilityZoneCount/);
                assert.throws(() => new SecureMlDomain("b", { vpcCidrBlock: "10.0.0.0/8" }, { provider: p("pb") }), /CIDR/);
                assert.throws(() => new SecureMlDomain("c", { keyDeletionWindowInDays: 3 }, { provider: p("pc") }), /keyDeletionWindowInDays/);
                assert.throws(() => new SecureMlDomain("d", { approvedInstanceTypes: ["system", "ml.g5.*"] }, { provider: p("pd") }), /defaultInstanceType/);
                assert.throws(() => new SecureMlDomain("e", { interfaceEndpoints: ["sts", "sts"] }, { provider: p("pe") }), /"sts" is listed twice/);
                assert.throws(() => new SecureMlDomain("f", { interfaceEndpoints: ["bad name"] }, { provider: p("pf") }), /not an interface endpoint/);
                assert.throws(() => new SecureMlDomain("g", { existingNetwork: { vpcId: "vpc-1", subnetIds: ["subnet-1"], cidrBlocks: [] } }, { provider: p("pg") }), /cidrBlocks/);
            });
            const created = resources().filter(r => r.custom && r.type !== "pulumi:providers:aws");
            assert.deepEqual(created.map(r => `${r.type} ${r.name}`), []);
        });

        it("lays out subnets in as many zones as asked", async () => {
            await build(() => new SecureMlDomain("ml", { availabilityZoneCount: 3, vpcCidrBlock: "10.40.0.0/16" }, { provider: memberProvider() }));
            const subnets = resources(T.subnet).map(x => [x.inputs.cidrBlock, x.inputs.availabilityZone]);
            assert.deepEqual(subnets, [["10.40.0.0/18", `${REGION}a`], ["10.40.64.0/18", `${REGION}b`], ["10.40.128.0/18", `${REGION}c`]]);
        });
    });

    describe("building blocks", () => {
        it("names buckets uniquely within S3's 63 characters", () => {
            const target = { account: ACCOUNT, region: "ap-southeast-2" };
            const long = "a-very-long-component-name-for-the-ml-platform-team";
            const names = [bucketName("ml", "data", target), bucketName(long, "access-logs", target), bucketName(`${long}-2`, "access-logs", target)];
            assert.equal(names[0], `ml-data-${ACCOUNT}-ap-southeast-2`);
            assert.ok(names.every(n => n.length <= 63 && /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(n)), names.join(", "));
            assert.equal(new Set(names).size, 3, "long names that share a beginning still differ");
            assert.equal(bucketName("ML_Team", "data", target), `ml-team-data-${ACCOUNT}-ap-southeast-2`);
        });

        it("makes SageMaker names from component names", () => {
            assert.equal(sagemakerName("ml_team.prod"), "ml-team-prod");
            assert.ok(sagemakerName("x".repeat(80)).length <= 63);
            assert.throws(() => sagemakerName("___"), /cannot be made into a SageMaker name/);
        });

        it("splits the VPC CIDR into equal subnets", () => {
            assert.deepEqual(subnetCidrs("10.0.0.0/16", 2), ["10.0.0.0/18", "10.0.64.0/18"]);
            assert.deepEqual(subnetCidrs("192.168.16.0/20", 5), ["192.168.16.0/23", "192.168.18.0/23", "192.168.20.0/23", "192.168.22.0/23", "192.168.24.0/23"]);
            assert.throws(() => subnetCidrs("10.0.0.0/8", 2), /from \/16 to \/24/);
            assert.throws(() => subnetCidrs("10.0.0.300/16", 2), /not an IPv4 CIDR/);
        });

        it("picks a small approved instance type for Studio's default apps", () => {
            assert.equal(defaultAppInstanceType(DEFAULT_INSTANCE_TYPES), "ml.t3.medium");
            assert.equal(defaultAppInstanceType(["system", "ml.c5.*"]), "ml.c5.large");
            assert.equal(defaultAppInstanceType(["system", "ml.g5.2xlarge"]), "ml.g5.2xlarge");
            assert.equal(defaultAppInstanceType(["system", "ml.m5.*"], "ml.m5.4xlarge"), "ml.m5.4xlarge");
            assert.throws(() => defaultAppInstanceType(["ml.m5.*"], "system"), /not an approved app instance type/);
        });
    });

    it("gives the engine view of every resource, with its provider", async () => {
        await build(() => new SecureMlDomain("ml", {}, { provider: memberProvider() }));
        const view = engineResources();
        const provider = view.find(r => r.type === "pulumi:providers:aws")!;
        assert.equal(provider.properties.region, REGION);
        assert.equal(provider.properties.allowedAccountIds, JSON.stringify([ACCOUNT]), "provider inputs arrive JSON-encoded");
        for (const r of view.filter(x => x.type.startsWith("aws:"))) {
            assert.equal(r.provider?.urn, provider.urn, r.urn);
        }
    });
});
