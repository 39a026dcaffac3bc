/**
 * DetectiveControls under Pulumi's mocks, created with an explicit member-account provider, as the
 * multi-account program creates it. Every assertion reads what the component registered (the mock
 * records) or exposes; expected values come from the exported data and builders (the rule catalog,
 * EVENT_PATTERNS, correctiveControlPolicy), never from a hand-written copy.
 */
import { build, invokes, promiseOf, ResourceRecord, resources, memberProvider as sharedMemberProvider } from "./mocks";
import { at, Built as SharedBuilt, doc, list, of, one } from "./records";
import * as assert from "node:assert/strict";
import { DEFAULT_INSTANCE_TYPES } from "../../policypacks/ml-guardrails/src/facts";
import { DetectiveControls, DetectiveControlsArgs, SAGEMAKER_LOG_GROUPS } from "../../components";
import {
    CONFIG_RULE_CATALOG, confirmedIn, DEFAULT_NOTEBOOK_PLATFORMS, KMS_KEY_RULES, ManagedRuleSpec, SAGEMAKER_CONFIG_RULES, TAGGED_RULES,
} from "../../components/detective/config-rules";
import { foundationalBestPracticesArn, GUARDDUTY_FEATURES } from "../../components/detective/findings";
import { MAIN_COMMERCIAL_REGIONS, REGION_CODES, regionCodes } from "../../components/detective/regions";
import { correctiveControlPolicy } from "../../components/corrective/policy";
import { EVENT_PATTERNS } from "../../functions/stop-unapproved/events";
import { loadConfig } from "../../functions/stop-unapproved/config";

const ACCOUNT = "333344445555";
const OTHER_ACCOUNT = "666677778888";
const REGION = "us-east-1";
const VPC = "vpc-0a1b2c3d4e5f60718";
const T = {
    component: "mlgov:components:DetectiveControls",
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    key: "aws:kms/key:Key",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    recorder: "aws:cfg/recorder:Recorder",
    channel: "aws:cfg/deliveryChannel:DeliveryChannel",
    status: "aws:cfg/recorderStatus:RecorderStatus",
    rule: "aws:cfg/rule:Rule",
    hub: "aws:securityhub/account:Account",
    standard: "aws:securityhub/standardsSubscription:StandardsSubscription",
    detector: "aws:guardduty/detector:Detector",
    feature: "aws:guardduty/detectorFeature:DetectorFeature",
    macie: "aws:macie2/account:Account",
    job: "aws:macie2/classificationJob:ClassificationJob",
    analyzer: "aws:accessanalyzer/analyzer:Analyzer",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    fn: "aws:lambda/function:Function",
    invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    permission: "aws:lambda/permission:Permission",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    queue: "aws:sqs/queue:Queue",
    topic: "aws:sns/topic:Topic",
};

type Built = SharedBuilt<DetectiveControls>;

const memberProvider = (name = "member", account = ACCOUNT, region = REGION) => sharedMemberProvider(account, region, name);

async function buildControls(args: DetectiveControlsArgs = {}, options: { name?: string; region?: string; account?: string } = {}): Promise<Built> {
    const { component, provider } = await build(() => {
        const p = memberProvider("member", options.account ?? ACCOUNT, options.region ?? REGION);
        return { provider: p, component: new DetectiveControls(options.name ?? "dc", args, { provider: p }) };
    });
    return { component, providerUrn: await promiseOf(provider.urn), resources: resources(), invokes: invokes() };
}

/** Names of the Config rules registered, without the component prefix. */
const ruleNames = (b: Built, prefix = "dc") => of(b, T.rule).map(r => (r.inputs.name as string).slice(prefix.length + 1)).sort();
/** What the catalog says should exist in a region (unconfirmed rules: the main commercial regions). */
const expectedIn = (region: string, catalog: readonly ManagedRuleSpec[] = CONFIG_RULE_CATALOG) =>
    catalog.filter(s => confirmedIn(s, region) ?? MAIN_COMMERCIAL_REGIONS.includes(region)).map(s => s.name).sort();

describe("DetectiveControls", function () {
    this.timeout(60_000);

    describe("with the ML VPC and data buckets, otherwise defaults, through a member-account provider", () => {
        let b: Built;
        before(async () => {
            b = await buildControls({ vpcId: VPC, macieBucketNames: ["ml-data-333344445555-us-east-1", "ml-models-333344445555-us-east-1"] });
        });

        it("sends every child resource through the member provider, parents it to the component and names it after it", () => {
            const component = one(b, T.component, "dc");
            const children = b.resources.filter(r => r !== component && r.type !== "pulumi:providers:aws");
            assert.ok(children.length > 60, `${children.length} children`);
            for (const r of children) {
                assert.equal(r.custom, true, `${r.type} ${r.name}`);
                assert.equal(r.providerUrn, b.providerUrn, `${r.type} ${r.name} goes through ${r.providerUrn ?? "the default provider"}`);
                assert.equal(r.parent, component.urn, `${r.type} ${r.name} is a child of the component`);
                assert.ok(r.name.startsWith("dc-"), `${r.type} ${r.name} is named after the component`);
                assert.match(r.urn ?? "", /^urn:pulumi:test::ml-governance::mlgov:components:DetectiveControls\$aws:/);
            }
        });

        it("sends every invoke through the member provider", () => {
            assert.deepEqual([...new Set(b.invokes.map(i => i.token))].sort(), [
                "aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getPartition:getPartition", "aws:index/getRegion:getRegion",
            ]);
            for (const i of b.invokes) {
                assert.equal(i.providerUrn, b.providerUrn, `${i.token} goes through ${i.providerUrn ?? "the default provider"}`);
            }
        });

        it("puts everything in the member account and region", async () => {
            const arns = [
                ...b.resources.map(r => r.state.arn).filter((a): a is string => typeof a === "string"),
                await promiseOf(b.component.functionArn), await promiseOf(b.component.deadLetterQueueArn),
                await promiseOf(b.component.notificationTopicArn), await promiseOf(b.component.detectiveKeyArn),
            ] as string[];
            for (const arn of arns) {
                if (/^arn:aws:(s3|iam):/.test(arn)) {
                    assert.ok(!arn.includes("111122223333"), arn);
                } else {
                    assert.ok(arn.includes(`:${REGION}:${ACCOUNT}:`), arn);
                }
            }
        });

        it("records every supported resource type, and global ones only when asked", async () => {
            const recorder = one(b, T.recorder, "dc-recorder").inputs;
            assert.deepEqual(recorder.recordingGroup, { allSupported: true, includeGlobalResourceTypes: false });
            assert.deepEqual(recorder.recordingMode, { recordingFrequency: "CONTINUOUS" });
            assert.equal(recorder.roleArn, one(b, T.role, "dc-config-recorder").state.arn);
            assert.equal(await promiseOf(b.component.recorderName), recorder.name);
            const global = await buildControls({ recordGlobalResources: true });
            assert.equal(at(one(global, T.recorder, "dc-recorder").inputs, "recordingGroup.includeGlobalResourceTypes"), true);
        });

        it("gives the recorder's role AWS_ConfigRole and delivery rights on its own bucket and key only", () => {
            const role = one(b, T.role, "dc-config-recorder");
            const attachments = of(b, T.attachment).filter(a => a.inputs.role === role.state.name);
            assert.deepEqual(attachments.map(a => a.inputs.policyArn), ["arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"]);
            const trust = doc(role, "assumeRolePolicy");
            assert.deepEqual(trust.Statement.map(s => [s.Principal, s.Action, s.Condition]), [
                [{ Service: "config.amazonaws.com" }, "sts:AssumeRole", { StringEquals: { "aws:SourceAccount": ACCOUNT } }],
            ]);
            const delivery = doc(one(b, T.rolePolicy, "dc-config-delivery"));
            const bucket = one(b, T.bucket, "dc-config");
            const key = one(b, T.key, "dc-config-key");
            assert.deepEqual(delivery.Statement.flatMap(s => list(s.Resource)).sort(), [
                bucket.state.arn, `${bucket.state.arn}/AWSLogs/${ACCOUNT}/Config/*`, key.state.arn,
            ].sort());
        });

        it("delivers to a TLS-only, KMS-encrypted, versioned, private bucket with access logs", async () => {
            const bucket = one(b, T.bucket, "dc-config");
            const key = one(b, T.key, "dc-config-key");
            const logs = one(b, T.bucket, "dc-access-logs");
            const byBucket = (type: string, x: ResourceRecord) => b.resources.filter(r => r.type === type && r.inputs.bucket === x.id);
            const channel = one(b, T.channel, "dc-delivery-channel").inputs;
            assert.equal(channel.s3BucketName, bucket.id);
            assert.equal(channel.s3KmsKeyArn, key.state.arn);
            assert.equal(await promiseOf(b.component.configBucketName), bucket.id);
            assert.deepEqual(at(byBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket)[0].inputs, "rules.0.applyServerSideEncryptionByDefault"),
                { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.state.arn });
            assert.equal(at(byBucket("aws:s3/bucketLogging:BucketLogging", bucket)[0].inputs, "targetBucket"), logs.id);
            for (const x of [bucket, logs]) {
                const block = byBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", x)[0].inputs;
                assert.ok(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every(k => block[k] === true), x.name);
                assert.equal(at(byBucket("aws:s3/bucketVersioning:BucketVersioning", x)[0].inputs, "versioningConfiguration.status"), "Enabled");
                const tls = doc(byBucket(T.bucketPolicy, x)[0]).Statement.find(s => s.Condition?.Bool?.["aws:SecureTransport"] === "false")!;
                assert.equal(tls.Effect, "Deny");
                assert.deepEqual(list(tls.Resource), [x.state.arn, `${x.state.arn}/*`]);
            }
        });

        it("lets config.amazonaws.com check and write the bucket for this account only, with bucket-owner-full-control", () => {
            const bucket = one(b, T.bucket, "dc-config").state.arn as string;
            const policy = doc(one(b, T.bucketPolicy, "dc-config"));
            const allows = policy.Statement.filter(s => s.Effect === "Allow");
            assert.ok(allows.every(s => JSON.stringify(s.Principal) === JSON.stringify({ Service: "config.amazonaws.com" })));
            assert.deepEqual(allows.map(s => [list(s.Action), list(s.Resource)]).sort(), [
                [["s3:GetBucketAcl"], [bucket]], [["s3:ListBucket"], [bucket]], [["s3:PutObject"], [`${bucket}/AWSLogs/${ACCOUNT}/Config/*`]],
            ].sort());
            assert.ok(allows.every(s => s.Condition?.StringEquals?.["aws:SourceAccount"] === ACCOUNT));
            assert.equal(allows.find(s => list(s.Action).includes("s3:PutObject"))!.Condition!.StringEquals["s3:x-amz-acl"], "bucket-owner-full-control");
        });

        it("creates rotating keys whose policies name the account and only the services that need them, for this account", () => {
            const keys = of(b, T.key);
            assert.deepEqual(keys.map(k => k.name).sort(), ["dc-config-key", "dc-detective-key"]);
            for (const key of keys) {
                assert.equal(key.inputs.enableKeyRotation, true, key.name);
                assert.equal(key.inputs.deletionWindowInDays, 30, key.name);
                const [admin, ...services] = doc(key).Statement;
                assert.deepEqual(admin.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
                assert.ok(services.length === 1 && services[0].Condition, `${key.name}: one conditioned service statement`);
            }
            const config = doc(one(b, T.key, "dc-config-key")).Statement[1];
            assert.deepEqual([config.Principal, config.Condition], [{ Service: "config.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": ACCOUNT } }]);
            const logs = doc(one(b, T.key, "dc-detective-key")).Statement[1];
            assert.deepEqual(logs.Principal, { Service: `logs.${REGION}.amazonaws.com` });
            assert.deepEqual(list(logs.Condition!.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).sort(),
                of(b, T.logGroup).map(g => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${g.inputs.name}`).sort());
        });

        it("orders Config: recorder, delivery channel, recorder status, then the rules", () => {
            const recorder = one(b, T.recorder, "dc-recorder");
            const channel = one(b, T.channel, "dc-delivery-channel");
            const status = one(b, T.status, "dc-recorder-status");
            assert.ok(channel.dependencies.includes(recorder.urn!), "the channel waits for the recorder");
            assert.ok(channel.dependencies.includes(one(b, T.bucketPolicy, "dc-config").urn!), "and for the bucket policy");
            assert.ok(status.dependencies.includes(channel.urn!), "the status waits for the channel");
            assert.equal(status.inputs.isEnabled, true);
            assert.equal(status.inputs.name, recorder.inputs.name);
            const rules = of(b, T.rule);
            assert.ok(rules.length > 30);
            for (const rule of rules) {
                assert.ok(rule.dependencies.includes(status.urn!), `${rule.name} waits for the recorder status`);
            }
        });

        it("creates the catalog's rules that exist here, AWS-owned, periodic ones with a frequency", async () => {
            assert.deepEqual(ruleNames(b), expectedIn(REGION));
            const byName = new Map(CONFIG_RULE_CATALOG.map(s => [s.name, s]));
            for (const rule of of(b, T.rule)) {
                const spec = byName.get((rule.inputs.name as string).slice(3))!;
                assert.deepEqual(rule.inputs.source, { owner: "AWS", sourceIdentifier: spec.identifier });
                assert.equal(rule.inputs.maximumExecutionFrequency, spec.trigger === "periodic" ? "TwentyFour_Hours" : undefined, spec.name);
            }
            for (const name of ["s3-bucket-logging-enabled", "multi-region-cloudtrail-enabled", "cloud-trail-log-file-validation-enabled",
                "cmk-backing-key-rotation-enabled", "vpc-flow-logs-enabled"]) {
                assert.ok(ruleNames(b).includes(name), name);
            }
            assert.deepEqual((await promiseOf(b.component.configRuleNames)).sort(), of(b, T.rule).map(r => r.inputs.name).sort());
            assert.deepEqual((await promiseOf(b.component.skippedConfigRules)).map(s => s.name).sort(),
                CONFIG_RULE_CATALOG.map(s => s.name).filter(n => !expectedIn(REGION).includes(n)).sort());
        });

        it("passes only the parameters that have a value: the supported notebook platform by default", () => {
            const withParameters = of(b, T.rule).filter(r => r.inputs.inputParameters !== undefined);
            assert.deepEqual(withParameters.map(r => [r.inputs.name, JSON.parse(r.inputs.inputParameters as string)]), [
                ["dc-sagemaker-notebook-instance-platform-version", { supportedPlatformIdentifierVersions: DEFAULT_NOTEBOOK_PLATFORMS.join(",") }],
            ]);
        });

        it("enables Security Hub without default standards, consolidated findings, and subscribes to FSBP of this partition and region", () => {
            const hub = of(b, T.hub);
            assert.equal(hub.length, 1);
            assert.equal(hub[0].inputs.enableDefaultStandards, false);
            assert.equal(hub[0].inputs.controlFindingGenerator, "SECURITY_CONTROL");
            const standard = of(b, T.standard);
            assert.deepEqual(standard.map(s => s.inputs.standardsArn), [foundationalBestPracticesArn({ partition: "aws", region: REGION })]);
            assert.equal(standard[0].inputs.standardsArn, `arn:aws:securityhub:${REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`);
            assert.ok(standard[0].dependencies.includes(hub[0].urn!));
        });

        it("enables GuardDuty with S3 protection, publishing every fifteen minutes, through DetectorFeature (not datasources)", () => {
            const [detector] = of(b, T.detector);
            assert.equal(detector.inputs.enable, true);
            assert.equal(detector.inputs.findingPublishingFrequency, "FIFTEEN_MINUTES");
            assert.equal(detector.inputs.datasources, undefined);
            assert.deepEqual(of(b, T.feature).map(f => [f.inputs.name, f.inputs.status, f.inputs.detectorId]), [["S3_DATA_EVENTS", "ENABLED", detector.id]]);
        });

        it("enables Macie and classifies the ML buckets of this account daily with the recommended identifiers", async () => {
            const [account] = of(b, T.macie);
            assert.equal(account.inputs.status, "ENABLED");
            const [job] = of(b, T.job);
            assert.equal(job.inputs.jobType, "SCHEDULED");
            assert.deepEqual(job.inputs.scheduleFrequency, { dailySchedule: true });
            assert.deepEqual(at(job.inputs, "s3JobDefinition.bucketDefinitions"), [{
                accountId: b.invokes.find(i => i.token === "aws:index/getCallerIdentity:getCallerIdentity")!.result.accountId,
                buckets: ["ml-data-333344445555-us-east-1", "ml-models-333344445555-us-east-1"],
            }]);
            assert.equal(job.inputs.managedDataIdentifierSelector, undefined, "unset means the recommended set");
            assert.equal(job.inputs.customDataIdentifierIds, undefined);
            assert.ok(job.dependencies.includes(account.urn!));
            assert.equal(await promiseOf(b.component.macieClassificationJobId), job.id);
        });

        it("analyzes external access of the account, and not unused access unless asked", () => {
            assert.deepEqual(of(b, T.analyzer).map(a => [a.inputs.type, a.inputs.configuration]), [["ACCOUNT", undefined]]);
        });

        it("logs the ML VPC's traffic to an encrypted log group kept a year, through a role bound to this account's flow logs", () => {
            const [flow] = of(b, T.flowLog);
            const group = one(b, T.logGroup, "dc-flow-logs");
            const role = one(b, T.role, "dc-flow-logs");
            assert.equal(flow.inputs.vpcId, VPC);
            assert.equal(flow.inputs.trafficType, "ALL");
            assert.equal(flow.inputs.logDestinationType, "cloud-watch-logs");
            assert.equal(flow.inputs.logDestination, `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group.inputs.name}`);
            assert.equal(flow.inputs.iamRoleArn, role.state.arn);
            assert.equal(group.inputs.kmsKeyId, one(b, T.key, "dc-detective-key").state.arn);
            assert.equal(group.inputs.retentionInDays, 365);
            const trust = doc(role, "assumeRolePolicy").Statement;
            assert.deepEqual(trust.map(s => [s.Principal, s.Condition]), [[{ Service: "vpc-flow-logs.amazonaws.com" }, {
                StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/*` },
            }]]);
            const permissions = doc(one(b, T.rolePolicy, "dc-flow-logs")).Statement;
            assert.ok(permissions.every(s => list(s.Resource).every(r => r.startsWith(flow.inputs.logDestination as string))));
        });

        it("runs the corrective function on Node.js 22 with its bundle, a minute, reserved concurrency, encrypted environment", () => {
            const fn = one(b, T.fn, "dc-stop-unapproved").inputs;
            assert.equal(fn.runtime, "nodejs22.x");
            assert.equal(fn.handler, "index.handler");
            assert.ok(fn.code, "the bundle is the code");
            assert.equal(fn.timeout, 60);
            assert.equal(fn.reservedConcurrentExecutions, 5);
            assert.equal(fn.kmsKeyArn, one(b, T.key, "dc-detective-key").state.arn);
            assert.equal(fn.role, one(b, T.role, "dc-stop-unapproved").state.arn);
            const group = one(b, T.logGroup, "dc-stop-unapproved");
            assert.deepEqual(fn.loggingConfig, { logFormat: "Text", logGroup: group.inputs.name });
            assert.equal(group.inputs.name, `/aws/lambda/${fn.name}`);
            assert.equal(group.inputs.kmsKeyId, fn.kmsKeyArn);
            assert.equal(group.inputs.retentionInDays, 365);
        });

        it("gives the handler an environment it accepts: the approved list, VPC and KMS required, the topic, source maps", () => {
            const env = at(one(b, T.fn, "dc-stop-unapproved").inputs, "environment.variables") as Record<string, string>;
            const config = loadConfig(env);
            assert.deepEqual(config.approvedInstanceTypes, DEFAULT_INSTANCE_TYPES);
            assert.equal(config.requireVpc, true);
            assert.equal(config.requireKms, true);
            assert.equal(config.topicArn, `arn:aws:sns:${REGION}:${ACCOUNT}:${one(b, T.topic, "dc-corrective-notifications").inputs.name}`);
            assert.equal(env.NODE_OPTIONS, "--enable-source-maps");
        });

        it("sends failed events to an encrypted dead-letter queue after two retries", () => {
            const fn = one(b, T.fn, "dc-stop-unapproved");
            const queue = one(b, T.queue, "dc-stop-unapproved-dlq");
            const key = one(b, T.key, "dc-detective-key").state.arn;
            assert.equal(at(fn.inputs, "deadLetterConfig.targetArn"), `arn:aws:sqs:${REGION}:${ACCOUNT}:${queue.inputs.name}`);
            assert.ok(fn.dependencies.includes(queue.urn!));
            assert.equal(queue.inputs.kmsMasterKeyId, key);
            const tls = doc(queue).Statement[0];
            assert.deepEqual([tls.Effect, tls.Action, tls.Condition], ["Deny", "sqs:*", { Bool: { "aws:SecureTransport": "false" } }]);
            const [invoke] = of(b, T.invokeConfig);
            assert.equal(invoke.inputs.functionName, fn.inputs.name);
            assert.equal(invoke.inputs.maximumRetryAttempts, 2);
            assert.equal(invoke.inputs.maximumEventAgeInSeconds, 3600);
        });

        it("notifies an encrypted topic of its own", async () => {
            const topic = one(b, T.topic, "dc-corrective-notifications");
            assert.equal(topic.inputs.kmsMasterKeyId, one(b, T.key, "dc-detective-key").state.arn);
            assert.equal(await promiseOf(b.component.notificationTopicArn), `arn:aws:sns:${REGION}:${ACCOUNT}:${topic.inputs.name}`);
        });

        it("routes both EVENT_PATTERNS to the function: one rule, permission and target each", async () => {
            const fn = one(b, T.fn, "dc-stop-unapproved");
            const rules = of(b, T.eventRule);
            assert.deepEqual(rules.map(r => JSON.parse(r.inputs.eventPattern as string)).sort(), Object.values(EVENT_PATTERNS).map(p => JSON.parse(JSON.stringify(p))).sort());
            for (const rule of rules) {
                assert.equal(rule.inputs.state, "ENABLED");
                const permission = of(b, T.permission).filter(p => p.inputs.sourceArn === rule.state.arn);
                assert.deepEqual(permission.map(p => [p.inputs.action, p.inputs.principal, p.inputs.function]), [["lambda:InvokeFunction", "events.amazonaws.com", fn.inputs.name]]);
                const targets = of(b, T.eventTarget).filter(t => t.inputs.rule === rule.state.name);
                assert.deepEqual(targets.map(t => t.inputs.arn), [fn.state.arn]);
                assert.ok(targets[0].dependencies.includes(permission[0].urn!), "the target waits for the permission");
            }
            const arns = await promiseOf(b.component.eventRuleArns);
            assert.deepEqual(Object.keys(arns).sort(), Object.keys(EVENT_PATTERNS).sort());
            assert.deepEqual(Object.values(arns).sort(), rules.map(r => r.state.arn).sort());
        });

        it("gives the function's role exactly correctiveControlPolicy for this account, region, topic, queue and log group", () => {
            const fn = one(b, T.fn, "dc-stop-unapproved").inputs;
            const key = one(b, T.key, "dc-detective-key").state.arn as string;
            const expected = correctiveControlPolicy({
                region: REGION, accountId: ACCOUNT, partition: "aws",
                topicArn: (at(fn, "environment.variables") as Record<string, string>).TOPIC_ARN, topicKeyArn: key,
                deadLetterQueueArn: at(fn, "deadLetterConfig.targetArn") as string, deadLetterQueueKeyArn: key,
                logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${at(fn, "loggingConfig.logGroup")}`,
            });
            assert.deepEqual(doc(one(b, T.rolePolicy, "dc-stop-unapproved")), JSON.parse(JSON.stringify(expected)));
            assert.deepEqual(of(b, T.attachment).filter(a => a.inputs.role === one(b, T.role, "dc-stop-unapproved").state.name), [],
                "no AWSLambdaBasicExecutionRole: the policy scopes logs to the function's own group");
            assert.deepEqual(doc(one(b, T.role, "dc-stop-unapproved"), "assumeRolePolicy").Statement.map(s => s.Principal), [{ Service: "lambda.amazonaws.com" }]);
        });

        it("registers its outputs", () => {
            const outputs = one(b, T.component, "dc").outputs ?? {};
            for (const k of ["recorderName", "configRuleNames", "securityHubAccountId", "guardDutyDetectorId", "macieAccountId", "accessAnalyzerArn",
                "flowLogId", "functionArn", "functionName", "eventRuleArns", "deadLetterQueueArn", "notificationTopicArn"]) {
                assert.ok(outputs[k] !== undefined, k);
            }
        });
    });

    describe("Config rules by region", () => {
        const restricted = SAGEMAKER_CONFIG_RULES.filter(s => s.availability.some(a => "only" in a));

        it("keeps every region of the catalog as a code it knows", () => {
            for (const spec of CONFIG_RULE_CATALOG) {
                for (const a of spec.availability) {
                    assert.ok(a.from.length > 0, spec.name);
                    regionCodes("only" in a ? a.only : a.except);
                }
            }
            assert.ok(MAIN_COMMERCIAL_REGIONS.every(r => Object.values(REGION_CODES).includes(r)));
            assert.ok(restricted.length >= 6, `${restricted.length} region-restricted SageMaker rules`);
        });

        for (const region of ["eu-north-1", "me-south-1", "ap-south-2", "af-south-1", "eu-central-1"]) {
            it(`${region}: creates exactly the rules that exist there`, async () => {
                const b = await buildControls({ enableCorrectiveControl: false }, { region });
                assert.deepEqual(ruleNames(b), expectedIn(region));
                for (const spec of restricted) {
                    const only = regionCodes(spec.availability.flatMap(a => "only" in a ? a.only : []));
                    assert.equal(ruleNames(b).includes(spec.name), only.includes(region), `${spec.name} in ${region}`);
                }
            });
        }

        it("leaves out the model-monitoring rules where their pages do not list the region", async () => {
            const stockholm = ruleNames(await buildControls({ enableCorrectiveControl: false }, { region: "eu-north-1" }));
            assert.ok(stockholm.includes("sagemaker-data-quality-job-isolation"));
            assert.ok(!stockholm.includes("sagemaker-model-bias-job-isolation"), "bias jobs: not in Stockholm");
            const bahrain = ruleNames(await buildControls({ enableCorrectiveControl: false }, { region: "me-south-1" }));
            assert.ok(bahrain.includes("sagemaker-model-bias-job-isolation"));
            assert.ok(!bahrain.includes("sagemaker-model-quality-job-definition-isolation"), "model quality: not in Bahrain");
            const hyderabad = ruleNames(await buildControls({ enableCorrectiveControl: false }, { region: "ap-south-2" }));
            assert.ok(!hyderabad.some(n => restricted.some(s => s.name === n)));
            assert.ok(!hyderabad.includes("sagemaker-model-in-vpc"));
            assert.ok(hyderabad.includes("vpc-flow-logs-enabled"));
        });

        it("creates rules of unconfirmed availability only in unverifiedRuleRegions, and follows configRuleRegions", async () => {
            const unconfirmed = CONFIG_RULE_CATALOG.filter(s => s.availability.length === 0).map(s => s.name);
            assert.ok(unconfirmed.includes("sagemaker-monitoring-schedule-isolation"));
            const narrowed = ruleNames(await buildControls({ enableCorrectiveControl: false, unverifiedRuleRegions: ["eu-west-1"] }));
            assert.ok(unconfirmed.every(n => !narrowed.includes(n)));
            const b = await buildControls({
                enableCorrectiveControl: false,
                configRuleRegions: { "sagemaker-model-bias-job-isolation": ["ap-south-2"], "sagemaker-monitoring-schedule-isolation": ["ap-south-2"] },
            }, { region: "ap-south-2" });
            assert.ok(ruleNames(b).includes("sagemaker-model-bias-job-isolation"));
            assert.ok(ruleNames(b).includes("sagemaker-monitoring-schedule-isolation"));
            const basis = new Map((await promiseOf(b.component.configRules)).map(r => [r.spec.name, r.basis]));
            assert.equal(basis.get("sagemaker-model-bias-job-isolation"), "override");
            assert.equal(basis.get("vpc-flow-logs-enabled"), "confirmed");
        });
    });

    describe("arguments", () => {
        it("sets the log groups' retention", async () => {
            const b = await buildControls({ vpcId: VPC, logRetentionInDays: 90 });
            assert.deepEqual(of(b, T.logGroup).map(g => g.inputs.retentionInDays), [90, 90]);
            await build(() => assert.throws(() => new DetectiveControls("x", { logRetentionInDays: 100 }, { provider: memberProvider() }), /logRetentionInDays/));
        });

        it("creates SageMaker's log groups in a region other than the home one, with its key and retention, when asked", async () => {
            const none = await buildControls({ vpcId: VPC });
            assert.deepEqual(of(none, T.logGroup).filter(g => String(g.inputs.name).startsWith("/aws/sagemaker/")), []);
            assert.deepEqual(await promiseOf(none.component.sagemakerLogGroupNames), []);

            const b = await buildControls({ vpcId: VPC, logRetentionInDays: 90, sagemakerLogGroups: [...SAGEMAKER_LOG_GROUPS] });
            const key = one(b, T.key, "dc-detective-key");
            const groups = of(b, T.logGroup).filter(g => String(g.inputs.name).startsWith("/aws/sagemaker/"));
            assert.deepEqual(groups.map(g => g.inputs.name).sort(), [...SAGEMAKER_LOG_GROUPS].sort());
            for (const g of groups) {
                assert.equal(g.inputs.kmsKeyId, key.state.arn, `${g.inputs.name} encrypted with the detective key`);
                assert.equal(g.inputs.retentionInDays, 90);
                assert.equal(g.parent, await promiseOf(b.component.urn));
            }
            assert.deepEqual((await promiseOf(b.component.sagemakerLogGroupNames)).sort(), [...SAGEMAKER_LOG_GROUPS].sort());
            const logs = doc(key).Statement.find(st => st.Sid === "CloudWatchLogsEncryptsLogGroups")!;
            const arns = list(logs.Condition!.ArnEquals["kms:EncryptionContext:aws:logs:arn"]);
            for (const group of SAGEMAKER_LOG_GROUPS) {
                assert.ok(arns.includes(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`), `the key serves ${group}`);
            }
            assert.match(String(key.inputs.description), /SageMaker logs/);
            await build(() => assert.throws(() => new DetectiveControls("x", { sagemakerLogGroups: ["/aws/lambda/x"] }, { provider: memberProvider() }),
                /sagemakerLogGroups: "\/aws\/lambda\/x" is not a SageMaker log group/));
        });

        it("removes, adds and parameterises Config rules", async () => {
            const extra: ManagedRuleSpec = {
                name: "ec2-imdsv2-check", identifier: "EC2_IMDSV2_CHECK", resourceTypes: ["AWS::EC2::Instance"], trigger: "change",
                availability: [{ except: [], from: "test" }],
            };
            const b = await buildControls({
                enableCorrectiveControl: false,
                excludeConfigRules: ["s3-default-encryption-kms", "sagemaker-domain-tagged"],
                additionalConfigRules: [extra],
                approvedKmsKeyArns: [`arn:aws:kms:${REGION}:${ACCOUNT}:key/1111`, `arn:aws:kms:${REGION}:${ACCOUNT}:key/2222`],
                requiredTagKeys: ["owner", "data-classification"],
                supportedNotebookPlatforms: ["notebook-al2023-v1", "notebook-al2-v3"],
                approvedSubnetIds: ["subnet-0aaa", "subnet-0bbb"],
                configRuleParameters: { "vpc-flow-logs-enabled": { trafficType: "ALL" }, "sagemaker-image-tagged": { requiredKeyTags: "team" } },
                configRuleFrequency: "Six_Hours",
            });
            const names = ruleNames(b);
            assert.ok(!names.includes("s3-default-encryption-kms") && !names.includes("sagemaker-domain-tagged"));
            assert.ok(names.includes("ec2-imdsv2-check"));
            const params = new Map(of(b, T.rule).map(r => [(r.inputs.name as string).slice(3), r.inputs.inputParameters ? JSON.parse(r.inputs.inputParameters as string) : undefined]));
            for (const r of KMS_KEY_RULES) {
                assert.deepEqual(params.get(r), { kmsKeyArns: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111,arn:aws:kms:${REGION}:${ACCOUNT}:key/2222` });
            }
            for (const r of TAGGED_RULES.filter(n => names.includes(n) && n !== "sagemaker-image-tagged")) {
                assert.deepEqual(params.get(r), { requiredKeyTags: "owner,data-classification" }, r);
            }
            assert.deepEqual(params.get("sagemaker-image-tagged"), { requiredKeyTags: "team" }, "configRuleParameters win");
            assert.deepEqual(params.get("sagemaker-notebook-instance-platform-version"), { supportedPlatformIdentifierVersions: "notebook-al2023-v1,notebook-al2-v3" });
            assert.deepEqual(params.get("sagemaker-notebook-instance-inside-vpc"), { SubnetIds: "subnet-0aaa,subnet-0bbb" });
            assert.deepEqual(params.get("vpc-flow-logs-enabled"), { trafficType: "ALL" });
            assert.ok(of(b, T.rule).every(r => [undefined, "Six_Hours"].includes(r.inputs.maximumExecutionFrequency as string | undefined)));
            assert.ok(of(b, T.rule).some(r => r.inputs.maximumExecutionFrequency === "Six_Hours"));
        });

        it("enables the GuardDuty features it is given, S3 protection always", async () => {
            const b = await buildControls({ enableCorrectiveControl: false, guardDutyFeatures: ["RUNTIME_MONITORING", "EBS_MALWARE_PROTECTION", "S3_DATA_EVENTS"], findingPublishingFrequency: "ONE_HOUR" });
            assert.deepEqual(of(b, T.feature).map(f => f.inputs.name).sort(), ["EBS_MALWARE_PROTECTION", "RUNTIME_MONITORING", "S3_DATA_EVENTS"]);
            assert.ok(of(b, T.feature).every(f => f.inputs.status === "ENABLED"));
            assert.equal(of(b, T.detector)[0].inputs.findingPublishingFrequency, "ONE_HOUR");
            assert.equal(of(b, T.macie)[0].inputs.findingPublishingFrequency, "ONE_HOUR");
            assert.ok(GUARDDUTY_FEATURES.includes("AI_PROTECTION"));
        });

        it("adds the unused-access analyzer when asked, with its age", async () => {
            const b = await buildControls({ enableCorrectiveControl: false, enableUnusedAccessAnalyzer: true, unusedAccessAgeDays: 60 });
            const unused = of(b, T.analyzer).filter(a => a.inputs.type === "ACCOUNT_UNUSED_ACCESS");
            assert.deepEqual(unused.map(a => a.inputs.configuration), [{ unusedAccess: { unusedAccessAge: 60 } }]);
            assert.equal(await promiseOf(b.component.unusedAccessAnalyzerArn), unused[0].state.arn);
        });

        it("puts the approved instance types it is given in the function's environment", async () => {
            const approved = ["system", "ml.m5.*", "ml.g5.2xlarge"];
            const b = await buildControls({ approvedInstanceTypes: approved, requireVpc: false, reservedConcurrentExecutions: 2, maximumEventAgeInSeconds: 600 });
            const fn = one(b, T.fn, "dc-stop-unapproved").inputs;
            const config = loadConfig(at(fn, "environment.variables") as Record<string, string>);
            assert.deepEqual(config.approvedInstanceTypes, approved);
            assert.equal(config.requireVpc, false);
            assert.equal(config.requireKms, true);
            assert.equal(fn.reservedConcurrentExecutions, 2);
            assert.equal(of(b, T.invokeConfig)[0].inputs.maximumEventAgeInSeconds, 600);
        });

        it("notifies a given topic (AuditTrail's) and lets the role use its key, creating no topic", async () => {
            const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:audit-alarms`;
            const topicKey = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`;
            const b = await buildControls({ notificationTopicArn: topic, notificationTopicKeyArn: topicKey });
            assert.equal(of(b, T.topic).length, 0);
            assert.equal((at(one(b, T.fn, "dc-stop-unapproved").inputs, "environment.variables") as Record<string, string>).TOPIC_ARN, topic);
            const policy = doc(one(b, T.rolePolicy, "dc-stop-unapproved"));
            assert.deepEqual(list(policy.Statement.find(s => s.Sid === "Notify")!.Resource), [topic]);
            assert.deepEqual(list(policy.Statement.find(s => s.Sid === "NotifyEncrypted")!.Resource), [topicKey]);
            assert.equal(await promiseOf(b.component.notificationTopicArn), topic);
            const without = await buildControls({ notificationTopicArn: topic });
            assert.ok(!doc(one(without, T.rolePolicy, "dc-stop-unapproved")).Statement.some(s => s.Sid === "NotifyEncrypted"));
        });

        it("creates only what is enabled", async () => {
            const b = await buildControls({
                enableConfigRecorder: false, enableSecurityHub: false, enableGuardDuty: false, enableMacie: false, enableAccessAnalyzer: false,
                enableCorrectiveControl: false,
            });
            const types = new Set(b.resources.map(r => r.type));
            for (const t of [T.recorder, T.channel, T.status, T.bucket, T.key, T.hub, T.detector, T.macie, T.analyzer, T.fn, T.eventRule, T.flowLog]) {
                assert.ok(!types.has(t), `${t} created`);
            }
            assert.ok(of(b, T.rule).length > 30, "the rules still use the account's recorder");
            assert.ok(of(b, T.rule).every(r => r.dependencies.length === 0));
            assert.equal(await promiseOf(b.component.recorderName), undefined);
            assert.equal(of(await buildControls({ enableCorrectiveControl: false }), T.job).length, 0, "no classification job without buckets");
        });

        it("tags every taggable resource", async () => {
            const tags = { owner: "ml-platform", environment: "test" };
            const b = await buildControls({ tags, vpcId: VPC, macieBucketNames: ["ml-data"], enableUnusedAccessAnalyzer: true });
            for (const type of [T.bucket, T.key, T.role, T.rule, T.detector, T.job, T.analyzer, T.flowLog, T.logGroup, T.fn, T.eventRule, T.queue, T.topic]) {
                const records = of(b, type);
                assert.ok(records.length > 0, type);
                for (const r of records) {
                    const t = r.inputs.tags as Record<string, string>;
                    assert.deepEqual({ owner: t?.owner, environment: t?.environment }, tags, `${r.type} ${r.name}`);
                }
            }
        });

        it("rejects what it cannot build before creating anything", async () => {
            const p = memberProvider;
            await build(() => {
                const cases: Array<[DetectiveControlsArgs, RegExp]> = [
                    [{ keyDeletionWindowInDays: 3 }, /keyDeletionWindowInDays/],
                    [{ guardDutyFeatures: ["S3_PROTECTION"] }, /unknown feature "S3_PROTECTION"/],
                    [{ guardDutyFeatures: ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"] }, /cannot both be enabled/],
                    [{ approvedInstanceTypes: [] }, /approvedInstanceTypes: APPROVED_INSTANCE_TYPES: must be a non-empty/],
                    [{ approvedInstanceTypes: ["m5.large"] }, /not an instance-type pattern/],
                    [{ excludeConfigRules: ["sagemaker-model-in-vcp"] }, /excludeConfigRules: no such Config rule "sagemaker-model-in-vcp"/],
                    [{ configRuleParameters: { "no-such-rule": { a: "b" } } }, /configRuleParameters: no such Config rule/],
                    [{ additionalConfigRules: [CONFIG_RULE_CATALOG[0]] }, /listed twice/],
                    [{ unverifiedRuleRegions: ["Europe (Ireland)"] }, /not a region code/],
                    [{ requiredTagKeys: ["aws:cloudformation:stack-name"] }, /requiredTagKeys/],
                    [{ reservedConcurrentExecutions: 0 }, /reservedConcurrentExecutions/],
                    [{ maximumEventAgeInSeconds: 30 }, /maximumEventAgeInSeconds/],
                    [{ enableUnusedAccessAnalyzer: true, unusedAccessAgeDays: 400 }, /unusedAccessAgeDays/],
                    [{ notificationTopicKeyArn: "arn:aws:kms:us-east-1:333344445555:key/x" }, /give both/],
                    [{ macieSchedule: "HOURLY" as "DAILY" }, /macieSchedule/],
                    [{ functionBundleDir: "/nonexistent/stop-unapproved" }, /bundle is missing .*run npm run build/],
                ];
                cases.forEach(([args, error], i) => assert.throws(() => new DetectiveControls(`bad-${i}`, args, { provider: p(`p${i}`) }), error));
            });
            const created = resources().filter(r => r.custom && r.type !== "pulumi:providers:aws");
            assert.deepEqual(created.map(r => `${r.type} ${r.name}`), []);
        });
    });

    describe("two instances", () => {
        it("do not collide: distinct logical and physical names, each through its own provider", async () => {
            const { a, b } = await build(() => ({
                a: new DetectiveControls("ml-a", { vpcId: VPC }, { provider: memberProvider("pa", ACCOUNT) }),
                b: new DetectiveControls("ml-b", { vpcId: "vpc-0fedcba9876543210" }, { provider: memberProvider("pb", OTHER_ACCOUNT) }),
            }));
            const all = resources().filter(r => r.custom && r.type !== "pulumi:providers:aws");
            const urns = all.map(r => r.urn);
            assert.equal(new Set(urns).size, urns.length, "no two resources share a URN");
            // A GuardDuty feature's `name` is the feature (S3_DATA_EVENTS), not a resource name.
            const physical = all.filter(r => r.type !== T.feature).flatMap(r => ["name", "bucket", "analyzerName"].map(k => r.inputs[k]).filter((v): v is string => typeof v === "string").map(v => `${r.type} ${v}`));
            assert.equal(new Set(physical).size, physical.length, "no two resources share a physical name");
            const arnA = await promiseOf(a.functionArn);
            const arnB = await promiseOf(b.functionArn);
            assert.ok(arnA!.includes(`:${ACCOUNT}:`) && arnB!.includes(`:${OTHER_ACCOUNT}:`));
            assert.notEqual(await promiseOf(a.configBucketName), await promiseOf(b.configBucketName));
        });
    });
});
