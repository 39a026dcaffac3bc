/**
 * AuditTrail under Pulumi's mocks with a member-account provider: what it creates, its options and
 * errors, its documents validated against the Service Authorization Reference and proven by IAM
 * simulation, and everything it creates judged by the ml-guardrails pack. Documents are read from the
 * resources it registered, never retyped.
 */
import { build, EngineResource, engineResources, invokes, promiseOf, ResourceRecord, resources, memberProvider as sharedMemberProvider } from "./mocks";
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { AuditTrail, AuditTrailArgs, SecureMlDomain } from "../../components";
import { AUDIT_ALARMS, FILTER_PATTERN_LIMIT } from "../../components/audit/alarms";
import { HostResource } from "../../cli/src/engine";
import { packHost } from "../harness/pack";
import { decide } from "../iam/simulate";
import { assertValidDocument, documentsOf } from "../iam/validate";

const ACCOUNT = "444455556666";
const OTHER_ACCOUNT = "999988887777";
const REGION = "eu-central-1";
const T = {
    trail: "aws:cloudtrail/trail:Trail", logGroup: "aws:cloudwatch/logGroup:LogGroup", key: "aws:kms/key:Key",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy", filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm", topic: "aws:sns/topic:Topic", lock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket: "aws:s3/bucket:Bucket",
    logging: "aws:s3/bucketLogging:BucketLogging", role: "aws:iam/role:Role",
};

const memberProvider = () => sharedMemberProvider(ACCOUNT, REGION);

async function buildTrail(args: AuditTrailArgs = {}, name = "audit"): Promise<{ trail: AuditTrail; providerUrn: string; records: ResourceRecord[] }> {
    const { trail, provider } = await build(() => {
        const p = memberProvider();
        return { provider: p, trail: new AuditTrail(name, args, { provider: p }) };
    });
    return { trail, providerUrn: await promiseOf(provider.urn), records: resources() };
}

const only = (records: ResourceRecord[], type: string, name?: string) => {
    const found = records.filter(r => r.type === type && (name === undefined || r.name === name));
    assert.equal(found.length, 1, `${type} ${name ?? ""}: ${found.length}`);
    return found[0];
};
const json = (r: ResourceRecord, key: string) => JSON.parse(r.inputs[key] as string);

describe("AuditTrail", function () {
    this.timeout(60_000);
    const buckets = [`arn:aws:s3:::ml-data-${ACCOUNT}-${REGION}`, `arn:aws:s3:::ml-models-${ACCOUNT}-${REGION}`];

    describe("with defaults and the ML buckets", () => {
        let b: Awaited<ReturnType<typeof buildTrail>>;
        before(async () => { b = await buildTrail({ dataEventBucketArns: buckets }); });

        it("creates every child and calls every invoke with the member account's provider", () => {
            const custom = b.records.filter(r => r.custom && !r.type.startsWith("pulumi:providers:"));
            assert.ok(custom.length > 20);
            for (const r of custom) {
                assert.equal(r.providerUrn, b.providerUrn, `${r.type} ${r.name}`);
            }
            const calls = invokes();
            assert.ok(calls.length > 0);
            for (const i of calls) {
                assert.equal(i.providerUrn, b.providerUrn, i.token);
            }
        });

        it("records every region, validates log files, encrypts with its key and delivers to CloudWatch Logs", async () => {
            const trail = only(b.records, T.trail);
            const key = only(b.records, T.key, "audit-audit-key");
            const group = only(b.records, T.logGroup, "audit-trail");
            assert.equal(trail.inputs.isMultiRegionTrail, true);
            assert.equal(trail.inputs.includeGlobalServiceEvents, true);
            assert.equal(trail.inputs.enableLogFileValidation, true);
            assert.equal(trail.inputs.isOrganizationTrail, false);
            assert.equal(trail.inputs.kmsKeyId, key.state.arn);
            assert.equal(trail.inputs.cloudWatchLogsGroupArn, `${group.state.arn}:*`);
            assert.equal(group.inputs.kmsKeyId, key.state.arn);
            assert.equal(group.inputs.retentionInDays, 365);
            assert.equal(await promiseOf(b.trail.trailArn), trail.state.arn);
        });

        it("records S3 data events on exactly the ML buckets, with management events", () => {
            const selectors = only(b.records, T.trail).inputs.advancedEventSelectors as Array<{ fieldSelectors: Array<{ field: string; equals?: string[]; startsWiths?: string[] }> }>;
            assert.deepEqual(selectors[0].fieldSelectors, [{ field: "eventCategory", equals: ["Management"] }]);
            const data = selectors[1].fieldSelectors;
            assert.deepEqual(data.find(f => f.field === "resources.type")?.equals, ["AWS::S3::Object"]);
            assert.deepEqual(data.find(f => f.field === "resources.ARN")?.startsWiths, buckets.map(a => `${a}/`));
        });

        it("waits for the bucket policy and the delivery role before creating the trail", () => {
            const trail = only(b.records, T.trail);
            const policy = only(b.records, T.bucketPolicy, "audit-trail");
            const rolePolicy = only(b.records, "aws:iam/rolePolicy:RolePolicy", "audit-trail-logs");
            assert.ok(trail.dependencies.includes(policy.urn!) && trail.dependencies.includes(rolePolicy.urn!));
        });

        it("creates SageMaker's log groups with the key and the retention", () => {
            const groups = b.records.filter(r => r.type === T.logGroup && String(r.inputs.name).startsWith("/aws/sagemaker/"));
            assert.deepEqual(groups.map(g => g.inputs.name).sort(), ["/aws/sagemaker/Endpoints", "/aws/sagemaker/NotebookInstances",
                "/aws/sagemaker/ProcessingJobs", "/aws/sagemaker/TrainingJobs", "/aws/sagemaker/TransformJobs", "/aws/sagemaker/studio"]);
            const key = only(b.records, T.key, "audit-audit-key");
            assert.ok(groups.every(g => g.inputs.kmsKeyId === key.state.arn && g.inputs.retentionInDays === 365));
        });

        it("alarms on every metric filter into the encrypted topic", () => {
            const topic = only(b.records, T.topic);
            assert.equal(topic.inputs.kmsMasterKeyId, only(b.records, T.key, "audit-audit-key").state.arn);
            const filters = b.records.filter(r => r.type === T.filter);
            const alarms = b.records.filter(r => r.type === T.alarm);
            assert.equal(filters.length, AUDIT_ALARMS.length);
            assert.equal(alarms.length, AUDIT_ALARMS.length);
            for (const a of AUDIT_ALARMS) {
                const filter = only(b.records, T.filter, `audit-${a.id}`);
                const alarm = only(b.records, T.alarm, `audit-${a.id}`);
                assert.equal(filter.inputs.pattern, a.pattern);
                assert.ok(a.pattern.length <= FILTER_PATTERN_LIMIT, `${a.id} pattern too long`);
                const metric = filter.inputs.metricTransformation as { name: string; namespace: string };
                assert.equal(alarm.inputs.metricName, metric.name);
                assert.equal(alarm.inputs.namespace, metric.namespace);
                assert.deepEqual(alarm.inputs.alarmActions, [topic.state.arn]);
            }
            assert.ok(AUDIT_ALARMS.some(a => a.pattern.includes("sagemaker.amazonaws.com") && a.pattern.includes("AccessDenied")));
        });

        it("keeps the log files in a locked-down bucket with access logging and a lifecycle, without Object Lock by default", () => {
            const trailBucket = only(b.records, T.bucket, "audit-trail");
            assert.equal(trailBucket.inputs.objectLockEnabled, undefined);
            assert.equal(b.records.filter(r => r.type === T.lock).length, 0);
            const logging = only(b.records, T.logging, "audit-trail");
            assert.equal(logging.inputs.targetBucket, only(b.records, T.bucket, "audit-trail-access-logs").id);
            const rule = (only(b.records, T.lifecycle).inputs.rules as Array<Record<string, unknown>>)[0];
            assert.deepEqual(rule.transitions, [{ days: 90, storageClass: "GLACIER_IR" }]);
            assert.equal(rule.expiration, undefined);
        });

        it("writes only valid policy documents", async () => {
            const docs = documentsOf(b.records);
            assert.ok(docs.length >= 6);
            for (const { where, document } of docs) {
                await assertValidDocument(where, document);
            }
        });

        describe("under IAM simulation", () => {
            const bucketName = () => only(b.records, T.bucket, "audit-trail").inputs.bucket as string;
            const trailArn = () => `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/audit-trail`;
            const write = (principal: string, context: Record<string, string>) => decide({
                principal, action: "s3:PutObject", resource: `arn:aws:s3:::${bucketName()}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/11/26/log.json.gz`,
                resourceAccount: ACCOUNT, context: { "aws:SecureTransport": "true", "s3:x-amz-acl": "bucket-owner-full-control", ...context },
            }, { resourcePolicy: json(only(b.records, T.bucketPolicy, "audit-trail"), "policy") });
            const encrypt = (context: Record<string, string>) => decide({
                principal: "cloudtrail.amazonaws.com", action: "kms:GenerateDataKey", resource: only(b.records, T.key, "audit-audit-key").state.arn as string,
                resourceAccount: ACCOUNT, context,
            }, { resourcePolicy: json(only(b.records, T.key, "audit-audit-key"), "policy") });

            it("lets CloudTrail write log files only for this trail", async () => {
                assert.equal(await write("cloudtrail.amazonaws.com", { "aws:SourceArn": trailArn() }), "Allowed");
                assert.notEqual(await write("cloudtrail.amazonaws.com", { "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${OTHER_ACCOUNT}:trail/audit-trail` }), "Allowed");
                assert.notEqual(await write("cloudtrail.amazonaws.com", {}), "Allowed");
                assert.notEqual(await write("cloudtrail.amazonaws.com", { "aws:SourceArn": trailArn(), "aws:SecureTransport": "false" }), "Allowed");
            });

            it("lets nobody else write", async () => {
                assert.notEqual(await write(`arn:aws:iam::${OTHER_ACCOUNT}:role/attacker`, { "aws:SourceArn": trailArn() }), "Allowed");
                assert.notEqual(await write("config.amazonaws.com", { "aws:SourceArn": trailArn() }), "Allowed");
            });

            it("lets CloudTrail encrypt only with its encryption context, for this trail", async () => {
                const context = trailArn();
                assert.equal(await encrypt({ "kms:EncryptionContext:aws:cloudtrail:arn": context, "aws:SourceArn": trailArn() }), "Allowed");
                assert.notEqual(await encrypt({ "aws:SourceArn": trailArn() }), "Allowed");
                assert.notEqual(await encrypt({ "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:${REGION}:${OTHER_ACCOUNT}:trail/x`, "aws:SourceArn": trailArn() }), "Allowed");
                assert.notEqual(await encrypt({ "kms:EncryptionContext:aws:cloudtrail:arn": context, "aws:SourceArn": `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/other` }), "Allowed");
            });

            it("lets CloudWatch Logs use the key only for this account's log groups", async () => {
                const logs = (arn: string) => decide({
                    principal: `logs.${REGION}.amazonaws.com`, action: "kms:Encrypt", resource: only(b.records, T.key, "audit-audit-key").state.arn as string,
                    resourceAccount: ACCOUNT, context: { "kms:EncryptionContext:aws:logs:arn": arn },
                }, { resourcePolicy: json(only(b.records, T.key, "audit-audit-key"), "policy") });
                assert.equal(await logs(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/studio`), "Allowed");
                assert.notEqual(await logs(`arn:aws:logs:${REGION}:${OTHER_ACCOUNT}:log-group:/aws/sagemaker/studio`), "Allowed");
            });

            it("lets CloudTrail's delivery role only put events into the trail's log group", async () => {
                const group = only(b.records, T.logGroup, "audit-trail").state.arn as string;
                const rolePolicy = json(only(b.records, "aws:iam/rolePolicy:RolePolicy", "audit-trail-logs"), "policy");
                const role = only(b.records, T.role, "audit-trail-logs").state.arn as string;
                const put = (resource: string, action = "logs:PutLogEvents") => decide({ principal: role, action, resource, resourceAccount: ACCOUNT }, { identity: [rolePolicy] });
                assert.equal(await put(`${group.replace(/:\*$/, "")}:log-stream:${ACCOUNT}_CloudTrail_${REGION}`), "Allowed");
                assert.notEqual(await put(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/studio:log-stream:x`), "Allowed");
                assert.notEqual(await put(`${group.replace(/:\*$/, "")}`, "logs:DeleteLogGroup"), "Allowed");
            });
        });
    });

    it("takes retention, lifecycle and protection from its arguments", async () => {
        const { records } = await buildTrail({ logRetentionDays: 731, archiveAfterDays: 30, expireAfterDays: 2557, protectAuditData: true, protectionDays: 400 });
        assert.ok(records.filter(r => r.type === T.logGroup).every(g => g.inputs.retentionInDays === 731));
        assert.equal(only(records, T.bucket, "audit-trail").inputs.objectLockEnabled, true);
        assert.deepEqual((only(records, T.lock).inputs.rule as { defaultRetention: unknown }).defaultRetention, { mode: "GOVERNANCE", days: 400 });
        const rule = (only(records, T.lifecycle).inputs.rules as Array<Record<string, unknown>>)[0];
        assert.deepEqual(rule.transitions, [{ days: 30, storageClass: "GLACIER_IR" }]);
        assert.deepEqual(rule.expiration, { days: 2557 });
    });

    it("in organization mode, records the organization and lets CloudTrail write under its id", async () => {
        const { records } = await buildTrail({ organizationTrail: true });
        assert.equal(only(records, T.trail).inputs.isOrganizationTrail, true);
        const org = invokes("aws:organizations/getOrganization:getOrganization");
        assert.equal(org.length, 1);
        const write = json(only(records, T.bucketPolicy, "audit-trail"), "policy").Statement.find((s: { Sid: string }) => s.Sid === "CloudTrailWrite");
        assert.equal(write.Resource.length, 2);
        assert.ok(write.Resource.some((r: string) => /AWSLogs\/o-[a-z0-9]+\/\*$/.test(r)), JSON.stringify(write.Resource));
    });

    it("keeps the log files in a log-archive account: bucket and key there, trail and log groups here", async () => {
        const ARCHIVE = "777788889999";
        const built = await build(() => {
            const p = memberProvider();
            const archive = new aws.Provider("archive", {
                region: REGION, allowedAccountIds: [ARCHIVE],
                assumeRoles: [{ roleArn: `arn:aws:iam::${ARCHIVE}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }],
            });
            return { trail: new AuditTrail("audit", { organizationTrail: true, archiveProvider: archive }, { provider: p }), archive, p };
        });
        const records = resources();
        const [archiveUrn, memberUrn] = [await promiseOf(built.archive.urn), await promiseOf(built.p.urn)];
        for (const [type, name, urn] of [
            [T.bucket, "audit-trail", archiveUrn], [T.bucket, "audit-trail-access-logs", archiveUrn], [T.bucketPolicy, "audit-trail", archiveUrn],
            [T.key, "audit-trail-archive-key", archiveUrn], [T.lifecycle, "audit-trail", archiveUrn],
            [T.trail, "audit-trail", memberUrn], [T.logGroup, "audit-trail", memberUrn], [T.key, "audit-audit-key", memberUrn],
        ] as const) {
            assert.equal(only(records, type, name).providerUrn, urn, `${type} ${name}`);
        }
        const bucket = only(records, T.bucket, "audit-trail").inputs.bucket as string;
        assert.match(bucket, new RegExp(`-${ARCHIVE}-${REGION}$`));
        const archiveKey = only(records, T.key, "audit-trail-archive-key");
        assert.equal(only(records, T.trail).inputs.kmsKeyId, archiveKey.state.arn);
        const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/audit-trail`;
        const encrypt = (context: Record<string, string>) => decide({
            principal: "cloudtrail.amazonaws.com", action: "kms:GenerateDataKey", resource: archiveKey.state.arn as string, resourceAccount: ARCHIVE, context,
        }, { resourcePolicy: json(archiveKey, "policy") });
        assert.equal(await encrypt({ "kms:EncryptionContext:aws:cloudtrail:arn": trailArn, "aws:SourceArn": trailArn }), "Allowed");
        assert.notEqual(await encrypt({ "kms:EncryptionContext:aws:cloudtrail:arn": trailArn.replace(ACCOUNT, ARCHIVE), "aws:SourceArn": trailArn }), "Allowed");
        const write = (key: string) => decide({
            principal: "cloudtrail.amazonaws.com", action: "s3:PutObject", resource: `arn:aws:s3:::${bucket}/AWSLogs/${key}/CloudTrail/x.json.gz`, resourceAccount: ARCHIVE,
            context: { "aws:SourceArn": trailArn, "aws:SecureTransport": "true", "s3:x-amz-acl": "bucket-owner-full-control" },
        }, { resourcePolicy: json(only(records, T.bucketPolicy, "audit-trail"), "policy") });
        assert.equal(await write(ACCOUNT), "Allowed");
        assert.equal(await write("o-a1b2c3d4e5"), "Allowed");
        assert.notEqual(await write(ARCHIVE), "Allowed");
    });

    it("two instances in one stack do not collide", async () => {
        await build(() => {
            const p = memberProvider();
            new AuditTrail("audit-a", {}, { provider: p });
            new AuditTrail("audit-b", {}, { provider: p });
        });
        const urns = resources().map(r => r.urn);
        assert.equal(new Set(urns).size, urns.length);
        const physical = resources().filter(r => r.type === T.bucket || r.type === T.trail).map(r => r.inputs.bucket ?? r.inputs.name);
        assert.equal(new Set(physical).size, physical.length);
    });

    it("rejects bad arguments with the field and the fix, before creating anything", () => {
        for (const [args, message] of [
            [{ logRetentionDays: 100 }, /logRetentionDays must be one of/],
            [{ archiveAfterDays: 0 }, /archiveAfterDays must be a whole number/],
            [{ expireAfterDays: 30 }, /expireAfterDays \(30\) must be later than archiveAfterDays \(90\)/],
            [{ protectAuditData: true, expireAfterDays: 200 }, /must not be shorter than protectionDays \(365\)/],
            [{ keyDeletionWindowInDays: 3 }, /keyDeletionWindowInDays must be an integer from 7 to 30/],
            [{ sagemakerLogGroups: ["/var/log/x"] }, /not a SageMaker log group/],
        ] as Array<[AuditTrailArgs, RegExp]>) {
            assert.throws(() => new AuditTrail(`bad-${Math.random()}`, args), message);
        }
    });

    it("satisfies the ml-guardrails pack, including its CloudTrail coverage of the SageMaker resources beside it", async () => {
        await build(() => {
            const p = memberProvider();
            const domain = new SecureMlDomain("ml", { userProfiles: ["alice"] }, { provider: p });
            new AuditTrail("audit", { dataEventBucketArns: [domain.dataBucketArn, domain.modelBucketArn] }, { provider: p });
        });
        await packHost.configure(undefined, { stack: "test", project: "ml-governance" });
        const result = await packHost.evaluate(JSON.parse(JSON.stringify(engineResources() as EngineResource[])) as HostResource[]);
        const blocking = result.diagnostics.filter(d => d.enforcementLevel === "mandatory");
        assert.deepEqual(blocking.map(d => `${d.policyName}: ${d.message}`), []);
    });
});
