/**
 * The corrective control wired for DetectiveControls: the two EventBridge rules of the handler
 * (`EVENT_PATTERNS`, functions/stop-unapproved/events.ts), the stop-unapproved function built by
 * `npm run build` (functions/dist/stop-unapproved), its role with `correctiveControlPolicy`
 * (components/corrective/policy.ts), its log group (created here, with KMS and retention: the role has
 * no logs:CreateLogGroup), its dead-letter queue, its asynchronous retries and the notification topic.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { EVENT_PATTERNS } from "../../functions/stop-unapproved/events";
import { ENV, loadConfig } from "../../functions/stop-unapproved/config";
import { AwsTarget, ChildScope } from "../context";
import { correctiveControlPolicy } from "../corrective/policy";
import { physicalName } from "./names";
import { deadLetterQueuePolicy, lambdaTrustPolicy, logGroupArn } from "./policies";

/** Where `npm run build` (functions/build.ts) writes the handler's bundle. */
export const DEFAULT_BUNDLE_DIR = path.resolve(__dirname, "..", "..", "functions", "dist", "stop-unapproved");

export const LAMBDA_RUNTIME = "nodejs22.x";
export const LAMBDA_HANDLER = "index.handler";

/** The folder of the bundle, or an error that says how to make it. */
export function requireBundle(dir: string): string {
    if (!existsSync(path.join(dir, "index.js"))) {
        throw new Error(`the corrective control's Lambda bundle is missing (${path.join(dir, "index.js")}): run npm run build`);
    }
    return dir;
}

/** The names of the function and what belongs to it. */
export function correctiveNames(component: string) {
    const functionName = physicalName(component, "stop-unapproved", 64);
    return {
        functionName,
        logGroupName: `/aws/lambda/${functionName}`,
        queueName: physicalName(component, "stop-unapproved-dlq", 80),
        topicName: physicalName(component, "corrective-notifications", 256),
    };
}

export interface CorrectiveEnvironmentArgs {
    readonly approvedInstanceTypes: readonly string[];
    readonly requireVpc: boolean;
    readonly requireKms: boolean;
    readonly topicArn: string;
}

/** The function's environment, checked by the handler's own loadConfig: what it would reject fails the deployment instead. */
export function correctiveEnvironment(args: CorrectiveEnvironmentArgs): Record<string, string> {
    const env = {
        [ENV.approvedInstanceTypes]: JSON.stringify(args.approvedInstanceTypes),
        [ENV.requireVpc]: String(args.requireVpc),
        [ENV.requireKms]: String(args.requireKms),
        [ENV.topicArn]: args.topicArn,
        NODE_OPTIONS: "--enable-source-maps",
    };
    loadConfig(env);
    return env;
}

/** Fails at construction when the handler would refuse the approved list (it would then fail every invocation). */
export function checkApprovedInstanceTypes(types: readonly string[]): void {
    try {
        correctiveEnvironment({ approvedInstanceTypes: types, requireVpc: true, requireKms: true, topicArn: "arn:aws:sns:us-east-1:000000000000:check" });
    } catch (e) {
        throw new Error(`approvedInstanceTypes: ${e instanceof Error ? e.message : String(e)}`);
    }
}

export interface CorrectiveArgs {
    readonly target: pulumi.Output<AwsTarget>;
    /** Key of the environment, the dead-letter queue, the log group and the created topic. */
    readonly kmsKeyArn: pulumi.Output<string>;
    readonly approvedInstanceTypes: readonly string[];
    readonly requireVpc: boolean;
    readonly requireKms: boolean;
    readonly reservedConcurrentExecutions: number;
    readonly maximumEventAgeInSeconds: number;
    readonly retentionInDays: number;
    /** An existing topic (AuditTrail's alarm topic) and its key; otherwise a topic is created. */
    readonly topicArn?: pulumi.Input<string>;
    readonly topicKeyArn?: pulumi.Input<string>;
    readonly bundleDir: string;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);

export function createCorrectiveControl(scope: ChildScope, args: CorrectiveArgs) {
    const opts = { parent: scope.parent };
    const n = scope.name;
    const names = correctiveNames(n);
    const code = new pulumi.asset.FileArchive(requireBundle(args.bundleDir));
    const arn = (service: string, resource: string) => args.target.apply(t => `arn:${t.partition}:${service}:${t.region}:${t.account}:${resource}`);

    const topic = args.topicArn === undefined ? new aws.sns.Topic(`${n}-corrective-notifications`, {
        name: names.topicName,
        displayName: `SageMaker corrective control of ${n}`,
        kmsMasterKeyId: args.kmsKeyArn,
        tags: scope.tags,
    }, opts) : undefined;
    const topicArn = topic ? arn("sns", names.topicName) : pulumi.output(args.topicArn!);
    const topicKeyArn = topic ? args.kmsKeyArn : args.topicKeyArn === undefined ? undefined : pulumi.output(args.topicKeyArn);

    const queueArn = arn("sqs", names.queueName);
    const queuePolicy = queueArn.apply(deadLetterQueuePolicy);
    const queue = new aws.sqs.Queue(`${n}-stop-unapproved-dlq`, {
        name: names.queueName,
        kmsMasterKeyId: args.kmsKeyArn,
        kmsDataKeyReusePeriodSeconds: 300,
        messageRetentionSeconds: 1_209_600,
        policy: pulumi.jsonStringify(queuePolicy),
        tags: scope.tags,
    }, opts);

    const logGroup = new aws.cloudwatch.LogGroup(`${n}-stop-unapproved`, {
        name: names.logGroupName,
        kmsKeyId: args.kmsKeyArn,
        retentionInDays: args.retentionInDays,
        tags: scope.tags,
    }, opts);

    const trustPolicy = lambdaTrustPolicy();
    const role = new aws.iam.Role(`${n}-stop-unapproved`, {
        description: `Execution role of ${names.functionName}: stops SageMaker work on unapproved instance types and notifies`,
        assumeRolePolicy: pulumi.jsonStringify(trustPolicy),
        tags: scope.tags,
    }, opts);
    const rolePolicy = pulumi.all([args.target, topicArn, pulumi.output(topicKeyArn), queueArn, args.kmsKeyArn])
        .apply(([t, topicArnValue, topicKey, queueArnValue, key]) => correctiveControlPolicy({
            region: t.region,
            accountId: t.account,
            partition: t.partition,
            topicArn: topicArnValue,
            topicKeyArn: topicKey,
            deadLetterQueueArn: queueArnValue,
            deadLetterQueueKeyArn: key,
            logGroupArn: logGroupArn(t, names.logGroupName),
        }));
    const permissions = new aws.iam.RolePolicy(`${n}-stop-unapproved`, { role: role.id, policy: pulumi.jsonStringify(rolePolicy) }, opts);

    const fn = new aws.lambda.Function(`${n}-stop-unapproved`, {
        name: names.functionName,
        description: "Stops SageMaker notebooks, jobs and Studio apps on unapproved instance types (or without VPC or KMS) and notifies",
        runtime: LAMBDA_RUNTIME,
        handler: LAMBDA_HANDLER,
        code,
        role: role.arn,
        timeout: 60,
        memorySize: 256,
        reservedConcurrentExecutions: args.reservedConcurrentExecutions,
        kmsKeyArn: args.kmsKeyArn,
        environment: {
            variables: topicArn.apply(t => correctiveEnvironment({
                approvedInstanceTypes: args.approvedInstanceTypes, requireVpc: args.requireVpc, requireKms: args.requireKms, topicArn: t,
            })),
        },
        deadLetterConfig: { targetArn: queueArn },
        loggingConfig: { logFormat: "Text", logGroup: names.logGroupName },
        tags: scope.tags,
    }, { ...opts, dependsOn: [permissions, logGroup, queue, ...(topic ? [topic] : [])] });
    const invokeConfig = new aws.lambda.FunctionEventInvokeConfig(`${n}-stop-unapproved`, {
        functionName: fn.name,
        maximumRetryAttempts: 2,
        maximumEventAgeInSeconds: args.maximumEventAgeInSeconds,
    }, opts);

    const rules = Object.fromEntries(Object.entries(EVENT_PATTERNS).map(([key, pattern]) => {
        const id = `${n}-sagemaker-${kebab(key)}`;
        const rule = new aws.cloudwatch.EventRule(id, {
            name: physicalName(n, `sagemaker-${kebab(key)}`, 64),
            description: key === "apiCalls"
                ? "SageMaker API calls recorded by CloudTrail that start ML instances (stop-unapproved)"
                : "SageMaker state changes of notebooks and jobs (stop-unapproved)",
            eventPattern: JSON.stringify(pattern),
            state: "ENABLED",
            tags: scope.tags,
        }, opts);
        const permission = new aws.lambda.Permission(id, {
            action: "lambda:InvokeFunction",
            function: fn.name,
            principal: "events.amazonaws.com",
            sourceArn: rule.arn,
        }, opts);
        const eventTarget = new aws.cloudwatch.EventTarget(id, { rule: rule.name, arn: fn.arn }, { ...opts, dependsOn: [permission] });
        return [key, { rule, permission, target: eventTarget }];
    })) as Record<keyof typeof EVENT_PATTERNS, { rule: aws.cloudwatch.EventRule; permission: aws.lambda.Permission; target: aws.cloudwatch.EventTarget }>;

    return { names, fn, role, logGroup, queue, queueArn, topic, topicArn, invokeConfig, rules, trustPolicy, rolePolicy, queuePolicy };
}
