import * as aws from "@pulumi/aws";

/** The statement every resource policy here starts with: nothing over plain HTTP, for anyone. */
export function denyInsecureTransport(action: string, resource: string | string[]): aws.iam.PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: action,
        Resource: resource,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
