/**
 * Shared by the stop-unapproved tests: the fixture documents, a handler wired to mocked SageMaker and
 * SNS clients (aws-sdk-client-mock), with captured log lines and no real waiting.
 */
import { SageMakerClient, SageMakerServiceException } from "@aws-sdk/client-sagemaker";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createHandler, HandlerResult } from "../../functions/stop-unapproved";

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:ml-governance-alerts`;
export const APPROVED = ["ml.m5.*", "ml.t3.*", "system"];
/** Approves none of the fixtures' instance types (ml.m5.*, ml.t3.*). */
export const STRICT = ["ml.c5.*"];

const FIXTURE_DIR = path.join(__dirname, "fixtures");

export const FIXTURES: readonly string[] = readdirSync(FIXTURE_DIR).filter(f => f.endsWith(".json")).sort();

/** A fixture as EventBridge delivers it: a fresh copy, without the `$comment` that says where its shape comes from. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: string): any {
    const doc = JSON.parse(readFileSync(path.join(FIXTURE_DIR, name), "utf8"));
    delete doc.$comment;
    return doc;
}

export function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    const base: Record<string, string | undefined> = {
        APPROVED_INSTANCE_TYPES: JSON.stringify(APPROVED),
        TOPIC_ARN,
        AWS_REGION: REGION,
        ...overrides,
    };
    return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
}

export const CONTEXT = {
    awsRequestId: "8d3f2a10-0000-4000-8000-000000000001",
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ml-governance-stop-unapproved`,
    getRemainingTimeInMillis: () => 60_000,
};

/** An error as the SDK throws it for an AWS error response. */
export function awsError(name: string, message: string, httpStatusCode = 400): SageMakerServiceException {
    return new SageMakerServiceException({
        name,
        message,
        $fault: httpStatusCode >= 500 ? "server" : "client",
        $metadata: { httpStatusCode, requestId: "a1b2c3d4-request" },
    });
}

export interface LogLine {
    readonly level: string;
    readonly message: string;
    readonly [field: string]: unknown;
}

export type SageMakerMock = AwsClientStub<SageMakerClient>;
export type SnsMock = AwsClientStub<SNSClient>;

export const mocks: { sageMaker: SageMakerMock; sns: SnsMock } = {} as never;

/** Every command class the handler sent while the mocks were installed, for the permissions check. */
export const commandsSent = new Set<string>();

/** Mock every SageMaker and SNS client (their prototypes' `send`); `restoreMocks` puts them back. */
export function installMocks(): void {
    mocks.sageMaker = mockClient(SageMakerClient);
    mocks.sns = mockClient(SNSClient);
    resetMocks();
}

export function resetMocks(): void {
    for (const call of [...mocks.sageMaker.calls(), ...mocks.sns.calls()]) {
        commandsSent.add((call.args[0] as object).constructor.name);
    }
    mocks.sageMaker.reset();
    mocks.sns.reset();
    mocks.sns.on(PublishCommand).resolves({ MessageId: "5b1f0e2c-message" });
}

export function restoreMocks(): void {
    resetMocks();
    mocks.sageMaker.restore();
    mocks.sns.restore();
}

export interface Harness {
    readonly run: (event: unknown, context?: object) => Promise<HandlerResult>;
    readonly logs: LogLine[];
    readonly sleeps: number[];
}

/** A handler on the mocked clients; `overrides` change the environment, `remainingMs` the deadline. */
export function harness(overrides: Record<string, string | undefined> = {}, options: { remainingMs?: number } = {}): Harness {
    const logs: LogLine[] = [];
    const sleeps: number[] = [];
    const handler = createHandler({
        env: env(overrides),
        log: (level, message, fields) => logs.push(JSON.parse(JSON.stringify({ level, message, ...fields }))),
        retry: { sleep: async ms => { sleeps.push(ms); }, random: () => 0.5 },
    });
    const context = { ...CONTEXT, ...(options.remainingMs !== undefined ? { getRemainingTimeInMillis: () => options.remainingMs as number } : {}) };
    return { run: (event, ctx) => handler(event, (ctx ?? context) as never), logs, sleeps };
}

/** The one SNS message published, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function published(): { subject: string; message: any } {
    const calls = mocks.sns.commandCalls(PublishCommand);
    if (calls.length !== 1) {
        throw new Error(`expected one Publish, got ${calls.length}`);
    }
    const input = calls[0].args[0].input;
    return { subject: input.Subject as string, message: JSON.parse(input.Message as string) };
}
