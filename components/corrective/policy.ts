/**
 * The least-privilege permissions of the corrective control's Lambda role: the calls the handler
 * makes (functions/stop-unapproved/permissions.ts, the list its code is checked against), and what
 * Lambda does with the role on the function's behalf (write its logs, send a failed event to the
 * dead-letter queue), each on the resources of one account and region.
 *
 * No statement has `Resource: "*"`: every action here supports resource-level permissions (Service
 * Authorization Reference), so each names its resource type's ARN in this account and region. The
 * SageMaker resources are those of any name (`training-job/*`): the handler acts on whatever the
 * events name. Not here, on purpose: `logs:CreateLogGroup` (the component creates the log group up
 * front, with its retention and key) and any permission for the function's environment key (Lambda
 * decrypts the environment through the grant it creates on that key when the function is deployed).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SAGEMAKER_ACTIONS, SageMakerResourceType, SNS_ACTIONS } from "../../functions/stop-unapproved/permissions";

export interface CorrectiveControlPolicyArgs {
    readonly region: string;
    readonly accountId: string;
    /** `aws`, `aws-cn` or `aws-us-gov`. */
    readonly partition: string;
    /** The SNS topic the handler publishes to. */
    readonly topicArn: pulumi.Input<string>;
    /** The SQS dead-letter queue of the function's asynchronous invocations. */
    readonly deadLetterQueueArn: pulumi.Input<string>;
    /** The topic's customer-managed KMS key, when the topic is encrypted with one. */
    readonly topicKeyArn?: pulumi.Input<string>;
    /** The dead-letter queue's customer-managed KMS key, when it has one (not needed with SSE-SQS). */
    readonly deadLetterQueueKeyArn?: pulumi.Input<string>;
    /** The function's log group (`arn:…:log-group:/aws/lambda/<name>`, with or without the trailing `:*`). */
    readonly logGroupArn: pulumi.Input<string>;
}

/** What Lambda does with the execution role for the function: its log streams and its dead-letter queue. */
export const RUNTIME_ACTIONS: readonly string[] = ["logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage"];

/** SNS encrypts a message with a data key from the topic's key, and SQS likewise: both act as the caller. */
export const KEY_ACTIONS: readonly string[] = ["kms:GenerateDataKey", "kms:Decrypt"];

/** DNS suffix of the service endpoints, for `kms:ViaService`. */
const DNS_SUFFIX: Record<string, string> = { "aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com" };

const STATEMENT_IDS: Record<SageMakerResourceType, string> = {
    "notebook-instance": "NotebookInstances",
    "training-job": "TrainingJobs",
    "processing-job": "ProcessingJobs",
    "transform-job": "TransformJobs",
    "hyper-parameter-tuning-job": "TuningJobs",
    "app": "StudioApps",
};

function mapInput(input: pulumi.Input<string>, f: (value: string) => string): pulumi.Input<string> {
    return typeof input === "string" ? f(input) : pulumi.output(input).apply(f);
}

export function correctiveControlPolicy(args: CorrectiveControlPolicyArgs): aws.iam.PolicyDocument {
    const { region, accountId, partition } = args;
    const suffix = DNS_SUFFIX[partition];
    if (!suffix) {
        throw new Error(`correctiveControlPolicy: unsupported partition ${JSON.stringify(partition)} (${Object.keys(DNS_SUFFIX).join(", ")})`);
    }
    if (!/^\d{12}$/.test(accountId)) {
        throw new Error(`correctiveControlPolicy: accountId must be 12 digits, not ${JSON.stringify(accountId)}`);
    }
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
        throw new Error(`correctiveControlPolicy: ${JSON.stringify(region)} is not a region`);
    }
    // ARNs given as plain strings are checked here; ARNs from other resources are the component's.
    const inScope = (name: string, input: pulumi.Input<string> | undefined, service: string, anyAccount = false) => {
        const prefix = `arn:${partition}:${service}:${region}:${anyAccount ? "" : `${accountId}:`}`;
        if (typeof input === "string" && !input.startsWith(prefix)) {
            throw new Error(`correctiveControlPolicy: ${name} ${JSON.stringify(input)} is not a ${service} ARN in ${anyAccount ? "" : `account ${accountId}, `}${region}`);
        }
    };
    inScope("topicArn", args.topicArn, "sns");
    inScope("deadLetterQueueArn", args.deadLetterQueueArn, "sqs");
    inScope("logGroupArn", args.logGroupArn, "logs");
    inScope("topicKeyArn", args.topicKeyArn, "kms", true);
    inScope("deadLetterQueueKeyArn", args.deadLetterQueueKeyArn, "kms", true);

    const byType = new Map<SageMakerResourceType, string[]>();
    for (const [action, type] of Object.entries(SAGEMAKER_ACTIONS) as Array<[string, SageMakerResourceType]>) {
        byType.set(type, [...(byType.get(type) ?? []), `sagemaker:${action}`]);
    }
    const sagemaker: aws.iam.PolicyStatement[] = [...byType.entries()].map(([type, actions]) => ({
        Sid: STATEMENT_IDS[type],
        Effect: "Allow",
        Action: actions.sort(),
        Resource: `arn:${partition}:sagemaker:${region}:${accountId}:${type}/*`,
    }));

    const keyStatement = (sid: string, key: pulumi.Input<string>, service: string): aws.iam.PolicyStatement => ({
        Sid: sid,
        Effect: "Allow",
        Action: [...KEY_ACTIONS],
        Resource: key,
        Condition: { StringEquals: { "kms:ViaService": `${service}.${region}.${suffix}` } },
    });

    return {
        Version: "2012-10-17",
        Statement: [
            ...sagemaker,
            { Sid: "Notify", Effect: "Allow", Action: SNS_ACTIONS.map(a => `sns:${a}`), Resource: args.topicArn },
            ...(args.topicKeyArn ? [keyStatement("NotifyEncrypted", args.topicKeyArn, "sns")] : []),
            {
                Sid: "Logs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: mapInput(args.logGroupArn, arn => `${arn.replace(/:\*$/, "")}:*`),
            },
            { Sid: "DeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: args.deadLetterQueueArn },
            ...(args.deadLetterQueueKeyArn ? [keyStatement("DeadLetterQueueEncrypted", args.deadLetterQueueKeyArn, "sqs")] : []),
        ],
    };
}
