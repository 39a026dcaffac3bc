/**
 * The metric filters AuditTrail puts on the trail's log group, each with an alarm into the encrypted
 * alarm topic. Patterns follow the CIS AWS Foundations Benchmark monitoring section (4.x) and the
 * CloudTrail event fields (`eventSource`, `eventName`, `errorCode`, `userIdentity`). A pattern may not
 * exceed CloudWatch Logs' 1,024 characters, hence the network changes in two filters.
 */

/** CloudWatch Logs' limit for a metric filter pattern. */
export const FILTER_PATTERN_LIMIT = 1024;
export interface AuditAlarm {
    /** Resource name suffix and metric name. */
    readonly id: string;
    readonly description: string;
    readonly pattern: string;
}

const anyOf = (source: string, names: readonly string[]) =>
    `{ ($.eventSource = "${source}") && (${names.map(n => `($.eventName = "${n}")`).join(" || ")}) }`;

export const AUDIT_ALARMS: readonly AuditAlarm[] = [
    {
        id: "sagemaker-guardrail-denials",
        description: "SageMaker calls denied by a guardrail (IAM policy or SCP): someone tried to work outside the VPC, " +
            "without KMS, or on an unapproved instance type",
        pattern: "{ ($.eventSource = \"sagemaker.amazonaws.com\") && (($.errorCode = \"AccessDenied*\") || " +
            "($.errorCode = \"*UnauthorizedOperation\")) }",
    },
    {
        id: "root-usage",
        description: "The account's root user was used (CIS 4.3)",
        pattern: "{ ($.userIdentity.type = \"Root\") && ($.userIdentity.invokedBy NOT EXISTS) && " +
            "($.eventType != \"AwsServiceEvent\") }",
    },
    {
        id: "iam-policy-changes",
        description: "An IAM policy was created, changed, attached or detached (CIS 4.4)",
        pattern: anyOf("iam.amazonaws.com", [
            "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
            "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
            "SetDefaultPolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
            "AttachGroupPolicy", "DetachGroupPolicy", "UpdateAssumeRolePolicy",
        ]),
    },
    {
        id: "cloudtrail-changes",
        description: "A trail was created, changed, stopped or deleted (CIS 4.5)",
        pattern: anyOf("cloudtrail.amazonaws.com", [
            "CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging", "PutEventSelectors",
        ]),
    },
    {
        id: "config-changes",
        description: "AWS Config recording or delivery was changed or stopped (CIS 4.9)",
        pattern: anyOf("config.amazonaws.com", [
            "StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder",
            "DeleteConfigurationRecorder",
        ]),
    },
    {
        id: "kms-key-disabled-or-deleted",
        description: "A customer-managed KMS key was disabled or scheduled for deletion (CIS 4.7)",
        pattern: anyOf("kms.amazonaws.com", ["DisableKey", "ScheduleKeyDeletion"]),
    },
    {
        id: "security-group-changes",
        description: "A security group or its rules changed (CIS 4.10)",
        pattern: anyOf("ec2.amazonaws.com", [
            "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
            "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup", "ModifySecurityGroupRules",
        ]),
    },
    {
        id: "network-gateway-changes",
        description: "Network ACLs or internet, NAT or customer gateways changed (CIS 4.11, 4.12)",
        pattern: anyOf("ec2.amazonaws.com", [
            "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
            "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation", "CreateCustomerGateway", "DeleteCustomerGateway",
            "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway",
            "CreateNatGateway", "DeleteNatGateway",
        ]),
    },
    {
        id: "vpc-and-route-changes",
        description: "Route tables, VPCs, peering or VPC endpoints changed (CIS 4.13, 4.14)",
        pattern: anyOf("ec2.amazonaws.com", [
            "CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable",
            "DeleteRoute", "DisassociateRouteTable", "CreateVpc", "DeleteVpc", "ModifyVpcAttribute",
            "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection",
            "RejectVpcPeeringConnection", "CreateVpcEndpoint", "ModifyVpcEndpoint", "DeleteVpcEndpoints",
        ]),
    },
    {
        id: "console-sign-in-failures",
        description: "Console sign-in failed (CIS 4.6)",
        pattern: "{ ($.eventName = \"ConsoleLogin\") && ($.errorMessage = \"Failed authentication\") }",
    },
];
