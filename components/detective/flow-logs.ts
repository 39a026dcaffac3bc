/**
 * VPC Flow Logs of the ML VPC for DetectiveControls: all traffic, one-minute aggregation, to a
 * KMS-encrypted log group with retention, through a delivery role that can write only to that group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsTarget, ChildScope, withNameTag } from "../context";
import { flowLogsRolePolicy, flowLogsTrustPolicy, logGroupArn } from "./policies";

export interface FlowLogsArgs {
    readonly target: pulumi.Output<AwsTarget>;
    readonly vpcId: pulumi.Input<string>;
    readonly logGroupName: string;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly retentionInDays: number;
}

export function createFlowLogs(scope: ChildScope, args: FlowLogsArgs) {
    const opts = { parent: scope.parent };
    const n = scope.name;
    const logGroup = new aws.cloudwatch.LogGroup(`${n}-flow-logs`, {
        name: args.logGroupName,
        kmsKeyId: args.kmsKeyArn,
        retentionInDays: args.retentionInDays,
        tags: scope.tags,
    }, opts);
    const trustPolicy = args.target.apply(t => flowLogsTrustPolicy(t));
    const rolePolicy = args.target.apply(t => flowLogsRolePolicy({ ...t, logGroupName: args.logGroupName }));
    const role = new aws.iam.Role(`${n}-flow-logs`, {
        description: `Delivers the VPC flow logs of ${n} to ${args.logGroupName}`,
        assumeRolePolicy: pulumi.jsonStringify(trustPolicy),
        tags: scope.tags,
    }, opts);
    const permissions = new aws.iam.RolePolicy(`${n}-flow-logs`, { role: role.id, policy: pulumi.jsonStringify(rolePolicy) }, opts);
    const flowLog = new aws.ec2.FlowLog(`${n}-flow-logs`, {
        vpcId: args.vpcId,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: args.target.apply(t => logGroupArn(t, args.logGroupName)),
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: withNameTag(scope.tags, `${n}-flow-logs`),
    }, { ...opts, dependsOn: [logGroup, permissions] });
    return { logGroup, role, flowLog, trustPolicy, rolePolicy };
}
