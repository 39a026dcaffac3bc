/**
 * The stop-unapproved handler on every fixture, with aws-sdk-client-mock in place of SageMaker and
 * SNS: approved resources left alone, unapproved ones stopped and notified, already stopped, not
 * found, throttled, malformed events, bad configuration, and the VPC and KMS requirements.
 */
import {
    DeleteAppCommand, DescribeAppCommand, DescribeNotebookInstanceCommand, StopHyperParameterTuningJobCommand, StopNotebookInstanceCommand,
    StopProcessingJobCommand, StopTrainingJobCommand, StopTransformJobCommand,
} from "@aws-sdk/client-sagemaker";
import { PublishCommand } from "@aws-sdk/client-sns";
import * as assert from "assert";
import { ACTIONS_USED, ConfigError, createHandler, NotYetStoppableError, RetriesExhaustedError } from "../../functions/stop-unapproved";
import { loadConfig } from "../../functions/stop-unapproved/config";
import { jsonLogger } from "../../functions/stop-unapproved/log";
import {
    ACCOUNT, APPROVED, awsError, commandsSent, CONTEXT, FIXTURES, fixture, harness, installMocks, mocks, published, REGION, resetMocks,
    restoreMocks, STRICT,
} from "./helpers";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const NOTEBOOK = "alice-exploration";
const STRICT_ENV = { APPROVED_INSTANCE_TYPES: JSON.stringify(STRICT) };

function describedNotebook(status: string, instanceType = "ml.t3.medium") {
    return {
        NotebookInstanceArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:notebook-instance/${NOTEBOOK}`,
        NotebookInstanceName: NOTEBOOK,
        NotebookInstanceStatus: status as never,
        InstanceType: instanceType as never,
        SubnetId: "subnet-0a1b2c3d4e5f60718",
        SecurityGroups: ["sg-0123456789abcdef0"],
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/DataScientistExecutionRole`,
        KmsKeyId: KEY,
        DirectInternetAccess: "Disabled" as never,
        CreationTime: new Date("2026-05-04T08:59:31Z"),
        LastModifiedTime: new Date("2026-05-05T07:45:13Z"),
    };
}

type Outcome = "stopped" | "deferred" | "already-stopped";

interface Case {
    readonly command: { name: string };
    readonly input: Record<string, string>;
    readonly instanceTypes: string[];
    /** What the unapproved resource comes to (a Start leaves the notebook Pending, an Update leaves it stopped). */
    readonly outcome: Outcome;
    /** The DescribeNotebookInstance answer for records that carry no instance type. */
    readonly described?: ReturnType<typeof describedNotebook>;
}

const CASES: Record<string, Case> = {
    "cloudtrail-create-app.json": {
        command: DeleteAppCommand,
        input: { DomainId: "d-abcdefgh1234", SpaceName: "alice-jupyterlab", AppType: "JupyterLab", AppName: "default" },
        instanceTypes: ["ml.t3.medium"],
        outcome: "stopped",
    },
    "cloudtrail-create-hyper-parameter-tuning-job.json": {
        command: StopHyperParameterTuningJobCommand, input: { HyperParameterTuningJobName: "churn-hpo-0504" }, instanceTypes: ["ml.m5.xlarge"], outcome: "stopped",
    },
    "cloudtrail-create-notebook-instance.json": {
        command: StopNotebookInstanceCommand, input: { NotebookInstanceName: NOTEBOOK }, instanceTypes: ["ml.t3.medium"], outcome: "stopped",
    },
    "cloudtrail-create-processing-job.json": {
        command: StopProcessingJobCommand, input: { ProcessingJobName: "churn-features-2026-05-04-09-20-11" }, instanceTypes: ["ml.m5.2xlarge"], outcome: "stopped",
    },
    "cloudtrail-create-training-job.json": {
        command: StopTrainingJobCommand, input: { TrainingJobName: "churn-xgb-2026-05-04-09-15-01" }, instanceTypes: ["ml.m5.xlarge"], outcome: "stopped",
    },
    "cloudtrail-create-transform-job.json": {
        command: StopTransformJobCommand, input: { TransformJobName: "churn-batch-2026-05-04-10-00-00" }, instanceTypes: ["ml.m5.large"], outcome: "stopped",
    },
    "cloudtrail-start-notebook-instance.json": {
        command: StopNotebookInstanceCommand, input: { NotebookInstanceName: NOTEBOOK }, instanceTypes: ["ml.t3.medium"], outcome: "deferred",
        described: describedNotebook("Pending"),
    },
    "cloudtrail-update-notebook-instance.json": {
        command: StopNotebookInstanceCommand, input: { NotebookInstanceName: NOTEBOOK }, instanceTypes: ["ml.t3.large"], outcome: "already-stopped",
        described: describedNotebook("Stopped", "ml.t3.large"),
    },
    "state-change-hyper-parameter-tuning-job.json": {
        command: StopHyperParameterTuningJobCommand, input: { HyperParameterTuningJobName: "churn-hpo-0504" }, instanceTypes: ["ml.m5.xlarge"], outcome: "stopped",
    },
    "state-change-notebook-instance.json": {
        command: StopNotebookInstanceCommand, input: { NotebookInstanceName: NOTEBOOK }, instanceTypes: ["ml.t3.medium"], outcome: "stopped",
    },
    "state-change-processing-job.json": {
        command: StopProcessingJobCommand, input: { ProcessingJobName: "churn-features-2026-05-04-09-20-11" }, instanceTypes: ["ml.m5.2xlarge"], outcome: "stopped",
    },
    "state-change-training-job.json": {
        command: StopTrainingJobCommand, input: { TrainingJobName: "churn-xgb-2026-05-04-09-15-01" }, instanceTypes: ["ml.m5.xlarge"], outcome: "stopped",
    },
    "state-change-transform-job.json": {
        command: StopTransformJobCommand, input: { TransformJobName: "churn-batch-2026-05-04-10-00-00" }, instanceTypes: ["ml.m5.large"], outcome: "stopped",
    },
};

const STOP_COMMANDS = [
    StopNotebookInstanceCommand, StopTrainingJobCommand, StopProcessingJobCommand, StopTransformJobCommand, StopHyperParameterTuningJobCommand, DeleteAppCommand,
];

function stopCalls() {
    return STOP_COMMANDS.flatMap(c => mocks.sageMaker.commandCalls(c as never));
}

describe("corrective control: stop-unapproved handler", function () {
    before(installMocks);
    afterEach(resetMocks);

    it("has a case for every fixture", () => {
        assert.deepStrictEqual(Object.keys(CASES).sort(), [...FIXTURES]);
    });

    for (const [file, c] of Object.entries(CASES)) {
        const apiCall = file.startsWith("cloudtrail-");

        describe(file, () => {
            it("leaves an approved resource alone: no stop, no notification", async () => {
                if (c.described) {
                    mocks.sageMaker.on(DescribeNotebookInstanceCommand).resolves({ ...c.described, InstanceType: "ml.t3.medium" as never });
                }
                const { run } = harness();
                const result = await run(fixture(file));
                assert.strictEqual(result.decision, "compliant");
                assert.strictEqual(result.notified, false);
                assert.strictEqual(stopCalls().length, 0);
                assert.strictEqual(mocks.sns.commandCalls(PublishCommand).length, 0);
                // Nothing but the description a record without instance type needs.
                assert.strictEqual(mocks.sageMaker.calls().length, c.described ? 1 : 0);
            });

            it(`${c.outcome === "stopped" ? "stops" : "does not stop"} an unapproved one${c.outcome === "stopped" ? "" : ` (${c.outcome})`}, and notifies`, async () => {
                if (c.described) {
                    mocks.sageMaker.on(DescribeNotebookInstanceCommand).resolves(c.described);
                }
                mocks.sageMaker.on(c.command as never).resolves({});
                const { run } = harness(STRICT_ENV);
                const result = await run(fixture(file));

                assert.strictEqual(result.decision, "non-compliant");
                assert.deepStrictEqual(result.instanceTypes, c.instanceTypes);
                assert.strictEqual(result.action?.outcome, c.outcome);
                const calls = mocks.sageMaker.commandCalls(c.command as never);
                if (c.outcome === "stopped") {
                    assert.strictEqual(calls.length, 1);
                    assert.deepStrictEqual(calls[0].args[0].input, c.input);
                    assert.strictEqual(stopCalls().length, 1);
                } else {
                    assert.strictEqual(stopCalls().length, 0);
                }

                const { subject, message } = published();
                const name = Object.values(c.input).pop() as string;
                assert.ok(subject.length < 100 && subject.includes(name), subject);
                assert.strictEqual(message.resource.name, name);
                assert.deepStrictEqual(message.instanceTypes, c.instanceTypes);
                assert.ok(message.violations.some((v: { rule: string; message: string }) =>
                    v.rule === "instance-type" && v.message.includes(c.instanceTypes[0])), JSON.stringify(message.violations));
                assert.strictEqual(message.account, ACCOUNT);
                assert.strictEqual(message.region, REGION);
                assert.strictEqual(message.action.outcome, c.outcome);
                assert.ok(message.summary.includes(name) && message.summary.includes(c.instanceTypes[0]), message.summary);
                if (apiCall) {
                    assert.strictEqual(message.principal.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/DataScientistExecutionRole/SageMaker`);
                    assert.strictEqual(message.principal.sourceIdentity, "alice");
                    assert.ok(message.summary.includes("source identity alice"), message.summary);
                    assert.ok(!JSON.stringify(message).includes("ASIA"), "no access key id in the notification");
                } else {
                    // A state change names no caller: the notification says so, and names the execution role.
                    assert.strictEqual(message.principal, null);
                    assert.match(message.principalNote, /do not name the caller/);
                    // A transform job runs without a role of its own.
                    assert.strictEqual(message.executionRole, c.command === StopTransformJobCommand ? null : `arn:aws:iam::${ACCOUNT}:role/DataScientistExecutionRole`);
                }
                if (c.outcome === "stopped") {
                    assert.deepStrictEqual(message.action.input, c.input);
                }
            });
        });
    }

    describe("already stopped", () => {
        const terminal: Array<[string, string, string]> = [
            ["state-change-training-job.json", "TrainingJobStatus", "Stopping"],
            ["state-change-training-job.json", "TrainingJobStatus", "Completed"],
            ["state-change-processing-job.json", "ProcessingJobStatus", "Failed"],
            ["state-change-transform-job.json", "TransformJobStatus", "Stopped"],
            ["state-change-hyper-parameter-tuning-job.json", "HyperParameterTuningJobStatus", "Stopped"],
            ["state-change-notebook-instance.json", "NotebookInstanceStatus", "Stopped"],
        ];
        for (const [file, field, status] of terminal) {
            it(`${file} with ${field} ${status}: done, no call, no notification`, async () => {
                const event = fixture(file);
                event.detail[field] = status;
                const result = await harness(STRICT_ENV).run(event);
                assert.strictEqual(result.decision, "non-compliant");
                assert.deepStrictEqual(result.action, { outcome: "already-stopped", status });
                assert.strictEqual(mocks.sageMaker.calls().length, 0);
                assert.strictEqual(mocks.sns.calls().length, 0);
            });
        }

        it("a job whose stop is refused with ValidationException: done, not an error; the API call is still notified", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand).rejects(awsError("ValidationException", "The request was rejected because the training job is in status Stopped."));
            const result = await harness(STRICT_ENV).run(fixture("cloudtrail-create-training-job.json"));
            assert.strictEqual(result.action?.outcome, "already-stopped");
            assert.strictEqual(mocks.sageMaker.commandCalls(StopTrainingJobCommand).length, 1);
            assert.strictEqual(published().message.action.outcome, "already-stopped");
        });

        it("the same refusal on a state change: done, logged, not notified again", async () => {
            mocks.sageMaker.on(StopProcessingJobCommand).rejects(awsError("ValidationException", "Job is not in progress."));
            const { run, logs } = harness(STRICT_ENV);
            const result = await run(fixture("state-change-processing-job.json"));
            assert.strictEqual(result.action?.outcome, "already-stopped");
            assert.strictEqual(result.notified, false);
            assert.strictEqual(mocks.sns.calls().length, 0);
            assert.ok(logs.some(l => l.message === "not compliant" && (l.action as { outcome: string }).outcome === "already-stopped"));
        });

        it("a notebook whose stop is refused: described, Stopped is done", async () => {
            mocks.sageMaker.on(StopNotebookInstanceCommand).rejects(awsError("ValidationException", "Status (Stopped) not in ([InService])."));
            mocks.sageMaker.on(DescribeNotebookInstanceCommand).resolves(describedNotebook("Stopped"));
            const result = await harness(STRICT_ENV).run(fixture("cloudtrail-create-notebook-instance.json"));
            assert.deepStrictEqual(result.action, {
                api: "StopNotebookInstance", input: { NotebookInstanceName: NOTEBOOK }, outcome: "already-stopped", status: "Stopped",
            });
        });

        it("a notebook still Pending when its CreateNotebookInstance record arrives: deferred to its InService state change, notified", async () => {
            mocks.sageMaker.on(StopNotebookInstanceCommand).rejects(awsError("ValidationException", "Status (Pending) not in ([InService])."));
            mocks.sageMaker.on(DescribeNotebookInstanceCommand).resolves(describedNotebook("Pending"));
            const result = await harness(STRICT_ENV).run(fixture("cloudtrail-create-notebook-instance.json"));
            assert.strictEqual(result.action?.outcome, "deferred");
            assert.match(published().message.summary, /will be stopped when it reports InService/);
        });

        it("a Pending notebook's own state change: no call (the stop would be refused), no notification", async () => {
            const event = fixture("state-change-notebook-instance.json");
            event.detail.NotebookInstanceStatus = "Pending";
            const result = await harness(STRICT_ENV).run(event);
            assert.deepStrictEqual(result.action, { outcome: "deferred", status: "Pending" });
            assert.strictEqual(mocks.sageMaker.calls().length + mocks.sns.calls().length, 0);
        });

        it("an app already deleted: DeleteApp refused, DescribeApp says Deleted, done", async () => {
            mocks.sageMaker.on(DeleteAppCommand).rejects(awsError("ResourceInUse", "App is being deleted."));
            mocks.sageMaker.on(DescribeAppCommand).resolves({ Status: "Deleted", ResourceSpec: { InstanceType: "ml.t3.medium" } });
            const result = await harness(STRICT_ENV).run(fixture("cloudtrail-create-app.json"));
            assert.strictEqual(result.action?.outcome, "already-stopped");
            assert.deepStrictEqual(mocks.sageMaker.commandCalls(DescribeAppCommand)[0].args[0].input,
                { DomainId: "d-abcdefgh1234", SpaceName: "alice-jupyterlab", AppType: "JupyterLab", AppName: "default" });
        });

        it("an app still Pending: the invocation fails (no later event would bring it back), so Lambda retries it", async () => {
            mocks.sageMaker.on(DeleteAppCommand).rejects(awsError("ResourceInUse", "App is in Pending state."));
            mocks.sageMaker.on(DescribeAppCommand).resolves({ Status: "Pending", ResourceSpec: { InstanceType: "ml.t3.medium" } });
            await assert.rejects(harness(STRICT_ENV).run(fixture("cloudtrail-create-app.json")), NotYetStoppableError);
            assert.strictEqual(mocks.sns.calls().length, 0);
        });
    });

    describe("not found", () => {
        it("a job that no longer exists: no error, notified as not found", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand).rejects(awsError("ResourceNotFound", "Requested resource not found."));
            const result = await harness(STRICT_ENV).run(fixture("state-change-training-job.json"));
            assert.strictEqual(result.action?.outcome, "not-found");
            assert.strictEqual(result.notified, true);
            const { subject, message } = published();
            assert.match(subject, /not found/);
            assert.strictEqual(message.action.outcome, "not-found");
        });

        it("a notebook that no longer exists (ValidationException RecordNotFound): no error, notified", async () => {
            mocks.sageMaker.on(StopNotebookInstanceCommand).rejects(awsError("ValidationException", "RecordNotFound"));
            const result = await harness(STRICT_ENV).run(fixture("state-change-notebook-instance.json"));
            assert.strictEqual(result.action?.outcome, "not-found");
            assert.strictEqual(published().message.action.outcome, "not-found");
        });

        it("an app that no longer exists: no error, notified", async () => {
            mocks.sageMaker.on(DeleteAppCommand).rejects(awsError("ResourceNotFound", "App does not exist."));
            const result = await harness(STRICT_ENV).run(fixture("cloudtrail-create-app.json"));
            assert.strictEqual(result.action?.outcome, "not-found");
            assert.strictEqual(mocks.sns.calls().length, 1);
        });

        it("a started notebook gone before it could be described: ignored, no error", async () => {
            mocks.sageMaker.on(DescribeNotebookInstanceCommand).rejects(awsError("ValidationException", "RecordNotFound"));
            const result = await harness(STRICT_ENV).run(fixture("cloudtrail-start-notebook-instance.json"));
            assert.strictEqual(result.decision, "ignored");
            assert.strictEqual(stopCalls().length + mocks.sns.calls().length, 0);
        });
    });

    describe("throttling and retries", () => {
        it("a throttled stop is retried with backoff and succeeds (3 calls, 2 waits)", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand)
                .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
                .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
                .resolves({});
            const { run, sleeps, logs } = harness(STRICT_ENV);
            const result = await run(fixture("cloudtrail-create-training-job.json"));
            assert.strictEqual(result.action?.outcome, "stopped");
            assert.strictEqual(mocks.sageMaker.commandCalls(StopTrainingJobCommand).length, 3);
            // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
            assert.deepStrictEqual(sleeps, [100, 200]);
            assert.strictEqual(logs.filter(l => l.message === "retrying").length, 2);
            assert.strictEqual(mocks.sns.calls().length, 1);
        });

        it("a throttled publish (SNS ThrottledException, 429) is retried", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand).resolves({});
            mocks.sns.on(PublishCommand).rejectsOnce(awsError("ThrottledException", "Rate exceeded", 429)).resolves({ MessageId: "m-2" });
            const result = await harness(STRICT_ENV).run(fixture("cloudtrail-create-training-job.json"));
            assert.strictEqual(result.messageId, "m-2");
            assert.strictEqual(mocks.sns.commandCalls(PublishCommand).length, 2);
        });

        it("TooManyRequestsException and 5xx are retried too", async () => {
            mocks.sageMaker.on(StopProcessingJobCommand)
                .rejectsOnce(awsError("TooManyRequestsException", "Too many requests"))
                .rejectsOnce(awsError("InternalFailure", "We encountered an internal error.", 500))
                .rejectsOnce(awsError("ServiceUnavailable", "Service unavailable", 503))
                .resolves({});
            const result = await harness(STRICT_ENV).run(fixture("state-change-processing-job.json"));
            assert.strictEqual(result.action?.outcome, "stopped");
            assert.strictEqual(mocks.sageMaker.commandCalls(StopProcessingJobCommand).length, 4);
        });

        it("persistent throttling: 5 attempts, then the invocation throws (Lambda retries, then the dead-letter queue)", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
            const { run, sleeps, logs } = harness(STRICT_ENV);
            await assert.rejects(run(fixture("cloudtrail-create-training-job.json")), (error: Error) => {
                assert.ok(error instanceof RetriesExhaustedError);
                assert.match(error.message, /sagemaker:StopTrainingJob still failing after 5 attempts: ThrottlingException/);
                return true;
            });
            assert.strictEqual(mocks.sageMaker.commandCalls(StopTrainingJobCommand).length, 5);
            assert.deepStrictEqual(sleeps, [100, 200, 400, 800]);
            assert.strictEqual(mocks.sns.calls().length, 0);
            assert.ok(logs.some(l => l.level === "warn" && l.message === "retries exhausted"));
        });

        it("persistent throttling of the notification throws after the stop (the retried event finds it stopping and notifies then)", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand).resolves({});
            mocks.sns.on(PublishCommand).rejects(awsError("ThrottledException", "Rate exceeded", 429));
            await assert.rejects(harness(STRICT_ENV).run(fixture("cloudtrail-create-training-job.json")), RetriesExhaustedError);
            assert.strictEqual(mocks.sns.commandCalls(PublishCommand).length, 5);
        });

        it("never waits past the Lambda deadline: with little time left it throws at once", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
            const { run, sleeps } = harness(STRICT_ENV, { remainingMs: 5_000 });
            await assert.rejects(run(fixture("cloudtrail-create-training-job.json")), RetriesExhaustedError);
            assert.strictEqual(mocks.sageMaker.commandCalls(StopTrainingJobCommand).length, 1);
            assert.deepStrictEqual(sleeps, []);
        });

        it("an error that retrying cannot fix (AccessDeniedException) is thrown after one call", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand).rejects(awsError("AccessDeniedException", "not authorized to perform: sagemaker:StopTrainingJob"));
            await assert.rejects(harness(STRICT_ENV).run(fixture("cloudtrail-create-training-job.json")), /not authorized/);
            assert.strictEqual(mocks.sageMaker.commandCalls(StopTrainingJobCommand).length, 1);
        });
    });

    describe("idempotence", () => {
        it("the same API-call event twice: same decision, the second stop finds it stopping, no failure", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand)
                .resolvesOnce({})
                .rejects(awsError("ValidationException", "The training job is in status Stopping."));
            const { run } = harness(STRICT_ENV);
            const first = await run(fixture("cloudtrail-create-training-job.json"));
            const second = await run(fixture("cloudtrail-create-training-job.json"));
            assert.strictEqual(first.action?.outcome, "stopped");
            assert.strictEqual(second.action?.outcome, "already-stopped");
            assert.deepStrictEqual(second.violations, first.violations);
            assert.strictEqual(mocks.sns.commandCalls(PublishCommand).length, 2);
        });

        it("the same state-change event twice: the second is not notified again", async () => {
            mocks.sageMaker.on(StopTransformJobCommand).resolvesOnce({}).rejects(awsError("ValidationException", "Job is stopping."));
            const { run } = harness(STRICT_ENV);
            await run(fixture("state-change-transform-job.json"));
            const second = await run(fixture("state-change-transform-job.json"));
            assert.strictEqual(second.action?.outcome, "already-stopped");
            assert.strictEqual(mocks.sns.commandCalls(PublishCommand).length, 1);
        });
    });

    describe("malformed and irrelevant events: logged, not thrown", () => {
        const withoutDetail = () => { const e = fixture("state-change-training-job.json"); delete e.detail; return e; };
        const failedCall = () => { const e = fixture("cloudtrail-create-training-job.json"); e.detail.errorCode = "AccessDenied"; e.detail.responseElements = null; return e; };
        const otherService = () => { const e = fixture("cloudtrail-create-training-job.json"); e.detail.eventSource = "ec2.amazonaws.com"; return e; };
        const otherCall = () => { const e = fixture("cloudtrail-create-training-job.json"); e.detail.eventName = "DescribeTrainingJob"; return e; };
        const noName = () => { const e = fixture("cloudtrail-create-processing-job.json"); delete e.detail.requestParameters.processingJobName; return e; };
        const badName = () => { const e = fixture("state-change-training-job.json"); e.detail.TrainingJobName = "../../etc"; return e; };
        const partialDetail = () => { const e = fixture("state-change-training-job.json"); delete e.detail.ResourceConfig; return e; };
        const otherRegion = () => { const e = fixture("state-change-training-job.json"); e.region = "eu-west-1"; return e; };
        const otherAccount = () => { const e = fixture("cloudtrail-create-training-job.json"); e.detail.recipientAccountId = "444455556666"; return e; };
        const cases: Array<[string, () => unknown]> = [
            ["undefined", () => undefined],
            ["null", () => null],
            ["a string", () => "garbage"],
            ["a number", () => 42],
            ["an array", () => [fixture("state-change-training-job.json")]],
            ["an empty object", () => ({})],
            ["another source (aws.ec2)", () => ({ ...fixture("state-change-training-job.json"), source: "aws.ec2" })],
            ["a missing detail", withoutDetail],
            ["a detail that is a string", () => ({ ...fixture("state-change-training-job.json"), detail: "{}" })],
            ["an unknown detail-type", () => ({ ...fixture("state-change-training-job.json"), "detail-type": "SageMaker Endpoint State Change" })],
            ["a bad account", () => ({ ...fixture("state-change-training-job.json"), account: "me" })],
            ["a failed API call (errorCode)", failedCall],
            ["another eventSource", otherService],
            ["an API call not acted on", otherCall],
            ["a request without the resource name", noName],
            ["a resource name that is not one", badName],
            ["a state change without instance type", partialDetail],
            ["an event from another region", otherRegion],
            ["an event from another account", otherAccount],
        ];
        for (const [what, make] of cases) {
            it(`${what}: ignored, one warn log line, no AWS call`, async () => {
                const { run, logs } = harness(STRICT_ENV);
                const result = await run(make());
                assert.strictEqual(result.decision, "ignored");
                assert.strictEqual(typeof result.reason, "string");
                assert.strictEqual(result.notified, false);
                assert.strictEqual(mocks.sageMaker.calls().length + mocks.sns.calls().length, 0);
                const lines = logs.filter(l => l.message === "event ignored");
                assert.strictEqual(lines.length, 1);
                assert.strictEqual(lines[0].level, "warn");
                assert.strictEqual(lines[0].reason, result.reason);
            });
        }

        it("logs are JSON lines without request parameters or credentials", async () => {
            mocks.sageMaker.on(StopTrainingJobCommand).resolves({});
            const written: string[] = [];
            const handler = createHandler({
                env: { APPROVED_INSTANCE_TYPES: JSON.stringify(STRICT), TOPIC_ARN: `arn:aws:sns:${REGION}:${ACCOUNT}:t`, AWS_REGION: REGION },
                log: jsonLogger(line => written.push(line)),
            });
            await handler(fixture("cloudtrail-create-training-job.json"), CONTEXT as never);
            assert.ok(written.length > 0);
            for (const line of written) {
                assert.ok(line.endsWith("\n"));
                const parsed = JSON.parse(line);
                assert.ok(parsed.time && parsed.level && parsed.message && parsed.requestId === CONTEXT.awsRequestId);
                assert.ok(!/ASIA|hyperParameters|max_depth|s3:\/\//.test(line), line);
            }
        });
    });

    describe("configuration", () => {
        const bad: Array<[string, Record<string, string | undefined>]> = [
            ["APPROVED_INSTANCE_TYPES", { APPROVED_INSTANCE_TYPES: undefined }],
            ["APPROVED_INSTANCE_TYPES", { APPROVED_INSTANCE_TYPES: "ml.m5.*" }],
            ["APPROVED_INSTANCE_TYPES", { APPROVED_INSTANCE_TYPES: "[]" }],
            ["APPROVED_INSTANCE_TYPES", { APPROVED_INSTANCE_TYPES: '["ml.m5.*", 5]' }],
            ["APPROVED_INSTANCE_TYPES", { APPROVED_INSTANCE_TYPES: '["m5.large"]' }],
            ["REQUIRE_VPC", { REQUIRE_VPC: "yes" }],
            ["REQUIRE_KMS", { REQUIRE_KMS: "1" }],
            ["TOPIC_ARN", { TOPIC_ARN: undefined }],
            ["TOPIC_ARN", { TOPIC_ARN: "ml-governance-alerts" }],
            ["TOPIC_ARN", { TOPIC_ARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:queue` }],
            ["LOCAL_STORAGE_INSTANCE_TYPES", { LOCAL_STORAGE_INSTANCE_TYPES: "g5" }],
        ];
        for (const [variable, overrides] of bad) {
            it(`${variable}=${JSON.stringify(Object.values(overrides)[0])}: a clear error naming it, thrown (the event is kept for a retry)`, async () => {
                const { run, logs } = harness(overrides);
                await assert.rejects(run(fixture("state-change-training-job.json")), (error: Error) => {
                    assert.ok(error instanceof ConfigError);
                    assert.strictEqual(error.variable, variable);
                    assert.ok(error.message.startsWith(`${variable}: `), error.message);
                    return true;
                });
                assert.ok(logs.some(l => l.level === "error" && l.variable === variable));
                assert.strictEqual(mocks.sageMaker.calls().length, 0);
            });
        }

        it("REQUIRE_VPC and REQUIRE_KMS default to true and accept true/false in any case", async () => {
            const base = { APPROVED_INSTANCE_TYPES: JSON.stringify(APPROVED), TOPIC_ARN: `arn:aws:sns:${REGION}:${ACCOUNT}:t` };
            assert.deepStrictEqual([loadConfig(base).requireVpc, loadConfig(base).requireKms], [true, true]);
            const off = loadConfig({ ...base, REQUIRE_VPC: "FALSE", REQUIRE_KMS: " false " });
            assert.deepStrictEqual([off.requireVpc, off.requireKms], [false, false]);
        });
    });

    describe("VPC and KMS on an approved instance type", () => {
        const noVpc = () => { const e = fixture("cloudtrail-create-training-job.json"); delete e.detail.requestParameters.vpcConfig; return e; };
        const noOutputKey = () => { const e = fixture("cloudtrail-create-training-job.json"); delete e.detail.requestParameters.outputDataConfig.kmsKeyId; return e; };
        const noVolumeKey = () => { const e = fixture("state-change-processing-job.json"); delete e.detail.ProcessingResources.ClusterConfig.VolumeKmsKeyId; return e; };
        const noSecurityGroups = () => { const e = fixture("state-change-training-job.json"); e.detail.VpcConfig.SecurityGroupIds = []; return e; };
        const notebookNoSubnet = () => {
            const e = fixture("state-change-notebook-instance.json");
            delete e.detail.SubnetId; delete e.detail.SecurityGroups; delete e.detail.NetworkInterfaceId; e.detail.DirectInternetAccess = "Enabled";
            return e;
        };
        const notebookNoKey = () => { const e = fixture("cloudtrail-create-notebook-instance.json"); delete e.detail.requestParameters.kmsKeyId; return e; };
        const tuningNoVpc = () => { const e = fixture("state-change-hyper-parameter-tuning-job.json"); e.detail.TrainingJobDefinition.VpcConfig = {}; return e; };
        const cases: Array<[string, () => unknown, "REQUIRE_VPC" | "REQUIRE_KMS", { name: string }, RegExp]> = [
            ["training job without vpcConfig", noVpc, "REQUIRE_VPC", StopTrainingJobCommand, /not in a VPC: no subnets and no security groups in VpcConfig/],
            ["training job without security groups", noSecurityGroups, "REQUIRE_VPC", StopTrainingJobCommand, /no security groups/],
            ["notebook without subnet", notebookNoSubnet, "REQUIRE_VPC", StopNotebookInstanceCommand, /not in a VPC/],
            ["tuning job with an empty VpcConfig", tuningNoVpc, "REQUIRE_VPC", StopHyperParameterTuningJobCommand, /not in a VPC/],
            ["training job without output key", noOutputKey, "REQUIRE_KMS", StopTrainingJobCommand, /no KMS key for the output \(OutputDataConfig\.KmsKeyId\)/],
            ["processing job without volume key", noVolumeKey, "REQUIRE_KMS", StopProcessingJobCommand, /no KMS key for the storage volume/],
            ["notebook without key", notebookNoKey, "REQUIRE_KMS", StopNotebookInstanceCommand, /no KMS key for the storage volume \(KmsKeyId\)/],
        ];
        for (const [what, make, variable, command, reason] of cases) {
            it(`${what}: stopped when ${variable}=true`, async () => {
                mocks.sageMaker.on(command as never).resolves({});
                const result = await harness({ [variable]: "true" }).run(make());
                assert.strictEqual(result.decision, "non-compliant");
                assert.ok(result.violations?.every(v => v.rule === (variable === "REQUIRE_VPC" ? "vpc" : "kms")), JSON.stringify(result.violations));
                assert.match(result.violations?.[0].message ?? "", reason);
                assert.strictEqual(mocks.sageMaker.commandCalls(command as never).length, 1);
                assert.match(published().message.summary, reason);
            });

            it(`${what}: left alone when ${variable}=false`, async () => {
                const result = await harness({ [variable]: "false" }).run(make());
                assert.strictEqual(result.decision, "compliant");
                assert.strictEqual(mocks.sageMaker.calls().length + mocks.sns.calls().length, 0);
            });
        }

        it("no volume key asked of a local-NVMe instance type (SageMaker rejects one), the output key still is", async () => {
            const event = fixture("cloudtrail-create-training-job.json");
            const resources = event.detail.requestParameters.resourceConfig;
            resources.instanceType = "ml.g5.2xlarge";
            delete resources.volumeKmsKeyId;
            const approved = { APPROVED_INSTANCE_TYPES: JSON.stringify(["ml.g5.*"]) };
            assert.strictEqual((await harness(approved).run(event)).decision, "compliant");
            delete event.detail.requestParameters.outputDataConfig.kmsKeyId;
            mocks.sageMaker.on(StopTrainingJobCommand).resolves({});
            const result = await harness(approved).run(event);
            assert.deepStrictEqual(result.violations?.map(v => v.message), ["no KMS key for the output (OutputDataConfig.KmsKeyId)"]);
        });

        it("a transform job and a Studio app have no VPC setting of their own: not asked for one", async () => {
            for (const file of ["cloudtrail-create-transform-job.json", "cloudtrail-create-app.json"]) {
                assert.strictEqual((await harness({ REQUIRE_VPC: "true" }).run(fixture(file))).decision, "compliant", file);
            }
        });

        it("a heterogeneous training job: every instance group's type is checked", async () => {
            const event = fixture("cloudtrail-create-training-job.json");
            const resources = event.detail.requestParameters.resourceConfig;
            delete resources.instanceType;
            delete resources.instanceCount;
            resources.instanceGroups = [
                { instanceGroupName: "cpu", instanceType: "ml.m5.xlarge", instanceCount: 2 },
                { instanceGroupName: "gpu", instanceType: "ml.p4d.24xlarge", instanceCount: 1 },
            ];
            mocks.sageMaker.on(StopTrainingJobCommand).resolves({});
            const result = await harness().run(event);
            assert.deepStrictEqual(result.instanceTypes, ["ml.m5.xlarge", "ml.p4d.24xlarge"]);
            assert.match(result.violations?.[0].message ?? "", /^instance type ml\.p4d\.24xlarge is not approved/);
        });

        it("a tuning job with several training definitions: each is checked and named", async () => {
            const event = fixture("cloudtrail-create-hyper-parameter-tuning-job.json");
            const definition = event.detail.requestParameters.trainingJobDefinition;
            delete event.detail.requestParameters.trainingJobDefinition;
            event.detail.requestParameters.trainingJobDefinitions = [
                { ...definition, definitionName: "xgb" },
                { ...definition, definitionName: "xgb-big", resourceConfig: { ...definition.resourceConfig, instanceType: "ml.r5.24xlarge" } },
            ];
            mocks.sageMaker.on(StopHyperParameterTuningJobCommand).resolves({});
            const result = await harness().run(event);
            assert.deepStrictEqual(result.violations?.map(v => v.message), [`instance type ml.r5.24xlarge (xgb-big) is not approved (approved: ${APPROVED.join(", ")})`]);
        });

        it("a CreateApp without ResourceSpec takes its default: DescribeApp gives the instance type", async () => {
            const event = fixture("cloudtrail-create-app.json");
            delete event.detail.requestParameters.resourceSpec;
            mocks.sageMaker.on(DescribeAppCommand).resolves({ Status: "Pending", ResourceSpec: { InstanceType: "ml.g5.12xlarge" } });
            mocks.sageMaker.on(DeleteAppCommand).resolves({});
            const result = await harness().run(event);
            assert.deepStrictEqual(result.instanceTypes, ["ml.g5.12xlarge"]);
            assert.strictEqual(result.action?.outcome, "stopped");
        });
    });

    after("every command the handler sent is in ACTIONS_USED, and each was sent", () => {
        restoreMocks();
        const used = [...commandsSent].map(name => {
            const action = name.replace(/Command$/, "");
            return action === "Publish" ? `sns:${action}` : `sagemaker:${action}`;
        });
        assert.deepStrictEqual(used.filter(a => !ACTIONS_USED.includes(a)), []);
        // And each action in the list was exercised by these tests.
        assert.deepStrictEqual(ACTIONS_USED.filter(a => !used.includes(a)), []);
    });
});
