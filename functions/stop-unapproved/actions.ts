/**
 * The SageMaker and SNS calls: stop (or delete) a resource, describe one the event did not describe,
 * and publish the notification. Every call goes through `call()`, which refuses an action missing from
 * `permissions.ts` (the Lambda role is built from that list) and applies the retry policy.
 *
 * Retries. The SDK clients are configured with `retryMode: "standard", maxAttempts: 1`: the SDK
 * makes one attempt and `withRetry` (retry.ts) is the only retry layer. Stacking them would multiply
 * the attempts (the SDK's default 3 inside 5 of ours is 15 calls) and hide the total from the
 * deadline check; the SDK's client-side rate limiter buys nothing in a function that handles one
 * event at a time; and one layer is one place to read, log and test (aws-sdk-client-mock replaces
 * `send`, so the SDK's own retry middleware would never run in the tests anyway).
 */
import {
    DeleteAppCommand, DescribeAppCommand, DescribeNotebookInstanceCommand, SageMakerClient, StopHyperParameterTuningJobCommand,
    StopNotebookInstanceCommand, StopProcessingJobCommand, StopTrainingJobCommand, StopTransformJobCommand,
} from "@aws-sdk/client-sagemaker";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { createHash } from "node:crypto";
import { isSageMakerNotFound } from "../../common/aws-errors";
import { appUnit, AppKey, notebookUnit, Observation, Unit } from "./events";
import { Logger } from "./log";
import { ACTIONS_USED, SageMakerAction, SageMakerResourceType, SnsAction } from "./permissions";
import { RetryOptions, withRetry } from "./retry";
import { phaseOf } from "./rules";

export interface Clients {
    readonly sagemaker: SageMakerClient;
    readonly sns: SNSClient;
}

/** One attempt per SDK call (retries are ours), and timeouts short enough to leave room for them. */
export function createClients(region: string): Clients {
    const config = {
        region,
        retryMode: "standard",
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
    };
    return { sagemaker: new SageMakerClient(config), sns: new SNSClient(config) };
}

/** The call that takes each kind of resource out of service. */
export const STOP_ACTIONS = {
    "notebook-instance": "StopNotebookInstance",
    "training-job": "StopTrainingJob",
    "processing-job": "StopProcessingJob",
    "transform-job": "StopTransformJob",
    "hyper-parameter-tuning-job": "StopHyperParameterTuningJob",
    "app": "DeleteApp",
} as const satisfies Record<SageMakerResourceType, SageMakerAction>;

export type StopAction = (typeof STOP_ACTIONS)[SageMakerResourceType];

/**
 * `stopped`: the call was accepted. `already-stopped`: it was stopping, stopped, finished or deleted
 * already. `not-found`: no such resource. `deferred`: not stoppable yet (a notebook still `Pending`;
 * its "InService" state change brings it back).
 */
export type StopOutcome = "stopped" | "already-stopped" | "not-found" | "deferred";

export interface StopResult {
    readonly api: StopAction;
    readonly input: Record<string, string>;
    readonly outcome: StopOutcome;
    /** The status that explained a refused stop, when one was read. */
    readonly status?: string;
}

export interface Description {
    readonly status?: string;
    readonly arn?: string;
    /** Undefined when the description names no instance type. */
    readonly units?: readonly Unit[];
}

/** A refused stop or describe: the resource is not there. */
const isNotFound = isSageMakerNotFound;

/** A refused stop: the resource is not in a state that can be stopped (or is being stopped). */
function isWrongState(error: unknown): boolean {
    const name = (error as { name?: string })?.name;
    return name === "ValidationException" || name === "ConflictException" || name === "ResourceInUse";
}

function stopInput(o: Observation): Record<string, string> {
    switch (o.kind) {
        case "notebook-instance": return { NotebookInstanceName: o.name };
        case "training-job": return { TrainingJobName: o.name };
        case "processing-job": return { ProcessingJobName: o.name };
        case "transform-job": return { TransformJobName: o.name };
        case "hyper-parameter-tuning-job": return { HyperParameterTuningJobName: o.name };
        case "app": {
            const app = o.app as AppKey;
            return {
                DomainId: app.DomainId,
                ...(app.SpaceName ? { SpaceName: app.SpaceName } : { UserProfileName: app.UserProfileName as string }),
                AppType: app.AppType,
                AppName: app.AppName,
            };
        }
    }
}

export class Actions {
    constructor(private readonly clients: Clients, private readonly retry: RetryOptions, private readonly log: Logger) {}

    /** Every AWS call: only the actions the role grants, with the retry policy. */
    private call<T>(action: `sagemaker:${SageMakerAction}` | `sns:${SnsAction}`, send: () => Promise<T>): Promise<T> {
        if (!ACTIONS_USED.includes(action)) {
            throw new Error(`${action} is not in ACTIONS_USED (permissions.ts), so the Lambda role does not grant it`);
        }
        return withRetry(action, send, this.retry, this.log);
    }

    private send(action: SageMakerAction, input: Record<string, string>): Promise<unknown> {
        const sm = this.clients.sagemaker;
        return this.call(`sagemaker:${action}`, () => {
            switch (action) {
                case "StopNotebookInstance": return sm.send(new StopNotebookInstanceCommand(input as never));
                case "StopTrainingJob": return sm.send(new StopTrainingJobCommand(input as never));
                case "StopProcessingJob": return sm.send(new StopProcessingJobCommand(input as never));
                case "StopTransformJob": return sm.send(new StopTransformJobCommand(input as never));
                case "StopHyperParameterTuningJob": return sm.send(new StopHyperParameterTuningJobCommand(input as never));
                case "DeleteApp": return sm.send(new DeleteAppCommand(input as never));
                case "DescribeNotebookInstance": return sm.send(new DescribeNotebookInstanceCommand(input as never));
                case "DescribeApp": return sm.send(new DescribeAppCommand(input as never));
            }
        });
    }

    /** The resource as SageMaker describes it now (notebooks and apps only), or `not-found`. */
    async describe(o: Observation): Promise<Description | "not-found"> {
        try {
            if (o.kind === "notebook-instance") {
                const out = await this.send("DescribeNotebookInstance", { NotebookInstanceName: o.name }) as Record<string, unknown>;
                const unit = notebookUnit(out);
                return {
                    status: out.NotebookInstanceStatus as string | undefined,
                    arn: out.NotebookInstanceArn as string | undefined,
                    units: unit.instanceTypes.length > 0 ? [unit] : undefined,
                };
            }
            if (o.kind === "app") {
                const out = await this.send("DescribeApp", stopInput(o)) as Record<string, unknown>;
                const unit = appUnit(out);
                return { status: out.Status as string | undefined, arn: out.AppArn as string | undefined, units: unit ? [unit] : undefined };
            }
        } catch (error) {
            if (isNotFound(error)) {
                return "not-found";
            }
            throw error;
        }
        throw new Error(`${o.kind} resources are described by their events, not by the handler`);
    }

    /** Stop the resource (delete it, for an app); a refused stop is classified, never thrown. */
    async stop(o: Observation): Promise<StopResult> {
        const api = STOP_ACTIONS[o.kind];
        const input = stopInput(o);
        try {
            await this.send(api, input);
            return { api, input, outcome: "stopped" };
        } catch (error) {
            if (isNotFound(error)) {
                return { api, input, outcome: "not-found" };
            }
            if (!isWrongState(error)) {
                throw error;
            }
            if (o.kind !== "notebook-instance" && o.kind !== "app") {
                // A job refuses a stop only when it is no longer InProgress.
                return { api, input, outcome: "already-stopped" };
            }
            // A notebook or app refuses it while starting too: read which.
            const now = await this.describe(o);
            if (now === "not-found") {
                return { api, input, outcome: "not-found" };
            }
            const phase = phaseOf(o.kind, now.status);
            if (phase === "running") {
                throw error;
            }
            return { api, input, outcome: phase === "done" ? "already-stopped" : "deferred", status: now.status };
        }
    }

    /**
     * Publish to the topic. A FIFO topic gets a group per resource and a deduplication id per event and
     * outcome, so a retried invocation does not notify twice within SNS's deduplication window.
     */
    async publish(topicArn: string, subject: string, message: string, dedup: { group: string; id: string }): Promise<string | undefined> {
        const fifo = topicArn.endsWith(".fifo");
        const out = await this.call("sns:Publish", () => this.clients.sns.send(new PublishCommand({
            TopicArn: topicArn,
            Subject: subject,
            Message: message,
            ...(fifo ? {
                MessageGroupId: dedup.group.slice(0, 128),
                MessageDeduplicationId: createHash("sha256").update(dedup.id).digest("hex"),
            } : {}),
        })));
        return out.MessageId;
    }
}
