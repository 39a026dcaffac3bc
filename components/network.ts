import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketArn } from "./buckets";
import { AwsTarget, childOptions, ChildScope, withNameTag } from "./context";

/** `com.amazonaws`, or `cn.com.amazonaws` in the China partition: the prefix of AWS service endpoint names. */
export function reverseDnsPrefix(partition: string): string {
    return partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws";
}

/** One interface endpoint the component knows. */
export interface InterfaceEndpointSpec {
    /** What it is for. */
    readonly purpose: string;
    /** Its PrivateLink service name. */
    readonly serviceName: (target: AwsTarget) => string;
    /** Whether the service accepts an endpoint policy (the component then restricts it to the account's principals). */
    readonly supportsPolicy: boolean;
}

const service = (suffix: string) => (t: AwsTarget) => `${reverseDnsPrefix(t.partition)}.${t.region}.${suffix}`;

/**
 * The interface endpoints a `VpcOnly` Studio domain needs without internet access (SageMaker developer
 * guide, "Connect Amazon SageMaker Studio in a VPC to external resources", VPC-only requirements; the
 * seed lab's network-vpc.yaml). `notebook` and `studio` are SageMaker's own service names
 * (`aws.sagemaker.<region>.notebook`, `aws.sagemaker.<region>.studio`: developer guide, "Connect to
 * SageMaker Studio through an interface VPC endpoint"); they are left with the default endpoint policy
 * because endpoint-policy support for them is not documented.
 */
export const INTERFACE_ENDPOINTS: Readonly<Record<string, InterfaceEndpointSpec>> = {
    "sagemaker.api": { purpose: "SageMaker API (CreatePresignedDomainUrl, jobs, apps)", serviceName: service("sagemaker.api"), supportsPolicy: true },
    "sagemaker.runtime": { purpose: "SageMaker runtime (InvokeEndpoint)", serviceName: service("sagemaker.runtime"), supportsPolicy: true },
    "notebook": { purpose: "notebook instances and Studio Classic", serviceName: t => `aws.sagemaker.${t.region}.notebook`, supportsPolicy: false },
    "studio": { purpose: "Studio web UI from inside the VPC", serviceName: t => `aws.sagemaker.${t.region}.studio`, supportsPolicy: false },
    "sts": { purpose: "STS (the SDK's get_execution_role, role chaining)", serviceName: service("sts"), supportsPolicy: true },
    "logs": { purpose: "CloudWatch Logs", serviceName: service("logs"), supportsPolicy: true },
    "monitoring": { purpose: "CloudWatch metrics", serviceName: service("monitoring"), supportsPolicy: true },
    "kms": { purpose: "KMS", serviceName: service("kms"), supportsPolicy: true },
    "ecr.api": { purpose: "ECR API (image pulls)", serviceName: service("ecr.api"), supportsPolicy: true },
    "ecr.dkr": { purpose: "ECR Docker registry (image pulls; layers come from S3)", serviceName: service("ecr.dkr"), supportsPolicy: true },
    "ssm": { purpose: "Systems Manager", serviceName: service("ssm"), supportsPolicy: true },
};

/** Every endpoint in INTERFACE_ENDPOINTS: the default list. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = Object.keys(INTERFACE_ENDPOINTS);

/** The spec of an endpoint name: a known one, or `com.amazonaws.<region>.<name>` with the default policy. */
export function interfaceEndpointSpec(name: string): InterfaceEndpointSpec {
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(name)) {
        throw new Error(`"${name}" is not an interface endpoint service suffix (e.g. "sagemaker.api", "sts")`);
    }
    return INTERFACE_ENDPOINTS[name] ?? { purpose: name, serviceName: service(name), supportsPolicy: false };
}

/** What the S3 gateway endpoint policy names. */
export interface S3EndpointPolicyArgs {
    readonly partition: string;
    readonly region: string;
    readonly account: string;
    /** The project's buckets (data, model artifacts). */
    readonly bucketNames: readonly string[];
}

/**
 * Policy of the S3 gateway endpoint: what S3 traffic may leave the VPC.
 *
 * - The project's buckets, for principals of this account (`aws:PrincipalAccount`).
 * - Amazon ECR image layers, `prod-<region>-starport-layer-bucket`: `ecr.dkr` pulls through the
 *   endpoints get each layer from S3 with a URL ECR presigns (ECR user guide, "Minimum Amazon S3 bucket
 *   permissions for Amazon ECR"; data-perimeter-policy-examples, service_owned_resources.md), so the
 *   request is not signed by our principal and cannot carry an account condition.
 * - SageMaker JumpStart's model and notebook cache, `jumpstart-cache-prod-<region>`, read by our roles
 *   (service_owned_resources.md, "Amazon SageMaker JumpStart"; SageMaker developer guide, JumpStart
 *   "Model deployment security"): read-only, for principals of this account.
 *
 * Anything else (the SDK's `sagemaker-<region>-<account>` default bucket, public datasets, other
 * accounts' buckets) is refused: point the SDK's default bucket at the data bucket.
 */
export function s3EndpointPolicy(args: S3EndpointPolicyArgs): aws.iam.PolicyDocument {
    const p = args.partition;
    const jumpstart = bucketArn(p, `jumpstart-cache-prod-${args.region}`);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ProjectBuckets",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "s3:*",
                Resource: args.bucketNames.flatMap(b => [bucketArn(p, b), `${bucketArn(p, b)}/*`]),
                Condition: { StringEquals: { "aws:PrincipalAccount": args.account } },
            },
            {
                Sid: "EcrImageLayers",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "s3:GetObject",
                Resource: `${bucketArn(p, `prod-${args.region}-starport-layer-bucket`)}/*`,
            },
            {
                Sid: "JumpStartCache",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: ["s3:GetObject", "s3:ListBucket"],
                Resource: [jumpstart, `${jumpstart}/*`],
                Condition: { StringEquals: { "aws:PrincipalAccount": args.account } },
            },
        ],
    };
}

/**
 * Policy of the interface endpoints that accept one: only principals of this account may use them, so
 * credentials of another account cannot move data out through the ML VPC.
 */
export function interfaceEndpointPolicy(account: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "AccountPrincipalsOnly",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": account } },
        }],
    };
}

/** IPv4 CIDRs of `count` equal subnets at the start of `vpcCidr` (a quarter of it each for up to four). */
export function subnetCidrs(vpcCidr: string, count: number): string[] {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(vpcCidr);
    const octets = m ? m.slice(1, 5).map(Number) : [];
    const prefix = m ? Number(m[5]) : NaN;
    if (!m || octets.some(o => o > 255) || prefix < 16 || prefix > 24) {
        throw new Error(`"${vpcCidr}" is not an IPv4 CIDR block from /16 to /24`);
    }
    const bits = Math.max(2, Math.ceil(Math.log2(count)));
    const subnetPrefix = prefix + bits;
    if (subnetPrefix > 28) {
        throw new Error(`${vpcCidr} is too small for ${count} subnets`);
    }
    const base = (((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0) & (~0 << (32 - prefix) >>> 0);
    const size = 2 ** (32 - subnetPrefix);
    return Array.from({ length: count }, (_, i) => {
        const n = base + i * size;
        return `${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".")}/${subnetPrefix}`;
    });
}

/**
 * The route tables found for the existing subnets, or an error: subnets without their own route table
 * use the VPC's main route table, and putting the S3 gateway endpoint (with its restrictive policy)
 * there would change S3 access for every other subnet on it, so the caller must choose.
 */
export function requireRouteTables(ids: readonly string[]): string[] {
    if (ids.length === 0) {
        throw new Error("none of the subnets has its own route table (they use the VPC's main route table); " +
            "pass routeTableIds for the S3 gateway endpoint");
    }
    return [...ids];
}

/** An existing VPC to use instead of creating one. */
export interface ExistingNetworkArgs {
    /** Id of the VPC. */
    readonly vpcId: pulumi.Input<string>;
    /** Its private subnets for Studio and the interface endpoints: no route to the internet, at most one per availability zone. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** CIDR blocks allowed to reach the endpoints (HTTPS) and the Studio home EFS (NFS); default: the VPC's primary CIDR block. */
    readonly cidrBlocks?: pulumi.Input<string>[];
    /** Route tables that get the S3 gateway endpoint; default: the route tables explicitly associated with `subnetIds`. */
    readonly routeTableIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** An S3 gateway endpoint already on those route tables (a route table takes one per service); none is then created, and its policy is its owner's. */
    readonly s3GatewayEndpointId?: pulumi.Input<string>;
}

/** How the network is made. */
export interface NetworkArgs {
    readonly target: pulumi.Output<AwsTarget>;
    /** Use this VPC; otherwise one is created. */
    readonly existing?: ExistingNetworkArgs;
    /** CIDR block of the VPC to create. */
    readonly cidrBlock: string;
    /** Availability zones (one private subnet each) of the VPC to create. */
    readonly availabilityZoneCount: number;
    /** Interface endpoints to create (keys of INTERFACE_ENDPOINTS or other service suffixes). */
    readonly interfaceEndpoints: readonly string[];
    /** Policy of the S3 gateway endpoint. */
    readonly s3EndpointPolicy: pulumi.Output<aws.iam.PolicyDocument>;
}

/** The network a domain runs in. */
export interface Network {
    readonly vpcId: pulumi.Output<string>;
    readonly subnetIds: pulumi.Output<string[]>;
    readonly studioSecurityGroup: aws.ec2.SecurityGroup;
    readonly endpointSecurityGroup: aws.ec2.SecurityGroup;
    /** The S3 gateway endpoint the buckets accept data access through. */
    readonly s3EndpointId: pulumi.Output<string>;
    /** Interface endpoint ids by name. */
    readonly interfaceEndpointIds: pulumi.Output<Record<string, string>>;
}

/** A VPC with private subnets in `count` availability zones, one route table without routes out, and the default security group emptied. */
function createVpc(scope: ChildScope, cidrBlock: string, count: number) {
    const opts = childOptions(scope);
    if (!Number.isInteger(count) || count < 2 || count > 6) {
        throw new Error(`availabilityZoneCount must be an integer from 2 to 6 (got ${count})`);
    }
    const cidrs = subnetCidrs(cidrBlock, count);
    const zones = aws.getAvailabilityZonesOutput({ state: "available" }, opts).names.apply(names => {
        if (names.length < count) {
            throw new Error(`the region has ${names.length} available zones; ${count} were asked for`);
        }
        return names;
    });
    const vpc = new aws.ec2.Vpc(`${scope.name}-vpc`, {
        cidrBlock,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: withNameTag(scope.tags, `${scope.name}-vpc`),
    }, opts);
    // No rule at all in the default security group (CIS AWS 5.4): nothing can use it by accident.
    new aws.ec2.DefaultSecurityGroup(`${scope.name}-default-sg`, {
        vpcId: vpc.id,
        tags: withNameTag(scope.tags, `${scope.name}-default-sg`),
    }, opts);
    const routeTable = new aws.ec2.RouteTable(`${scope.name}-private`, {
        vpcId: vpc.id,
        tags: withNameTag(scope.tags, `${scope.name}-private`),
    }, opts);
    const subnets = cidrs.map((cidr, i) => {
        const subnet = new aws.ec2.Subnet(`${scope.name}-private-${i}`, {
            vpcId: vpc.id,
            cidrBlock: cidr,
            availabilityZone: zones.apply(z => z[i]),
            mapPublicIpOnLaunch: false,
            tags: withNameTag(scope.tags, `${scope.name}-private-${i}`),
        }, opts);
        new aws.ec2.RouteTableAssociation(`${scope.name}-private-${i}`, { subnetId: subnet.id, routeTableId: routeTable.id }, opts);
        return subnet;
    });
    return {
        vpcId: vpc.id,
        subnetIds: pulumi.all(subnets.map(s => s.id)),
        cidrBlocks: [cidrBlock] as pulumi.Input<string>[],
        routeTableIds: () => pulumi.output([routeTable.id]),
    };
}

/** The VPC (created or given), its security groups, the S3 gateway endpoint and the interface endpoints. */
export function createNetwork(scope: ChildScope, args: NetworkArgs): Network {
    const opts = childOptions(scope);
    // Arguments are checked before anything is created.
    const names = [...args.interfaceEndpoints];
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) {
        throw new Error(`interface endpoint "${duplicate}" is listed twice`);
    }
    const specs = names.map(n => [n, interfaceEndpointSpec(n)] as const);
    const existing = args.existing;
    if (existing?.cidrBlocks?.length === 0) {
        throw new Error("existing network: cidrBlocks must not be empty");
    }
    const vpc = existing
        ? {
            vpcId: pulumi.output(existing.vpcId),
            subnetIds: pulumi.output(existing.subnetIds),
            cidrBlocks: existing.cidrBlocks ?? [aws.ec2.getVpcOutput({ id: existing.vpcId }, opts).cidrBlock],
            // Looked up only when the component creates the S3 gateway endpoint.
            routeTableIds: () => existing.routeTableIds !== undefined
                ? pulumi.output(existing.routeTableIds)
                : aws.ec2.getRouteTablesOutput({
                    vpcId: existing.vpcId,
                    filters: [{ name: "association.subnet-id", values: existing.subnetIds }],
                }, opts).ids.apply(requireRouteTables),
        }
        : createVpc(scope, args.cidrBlock, args.availabilityZoneCount);

    const studioSg = new aws.ec2.SecurityGroup(`${scope.name}-studio`, {
        vpcId: vpc.vpcId,
        description: "SageMaker Studio apps and jobs: each other, the home EFS and the VPC endpoints",
        tags: withNameTag(scope.tags, `${scope.name}-studio`),
    }, opts);
    const endpointSg = new aws.ec2.SecurityGroup(`${scope.name}-endpoints`, {
        vpcId: vpc.vpcId,
        description: "VPC interface endpoints: HTTPS from the VPC",
        tags: withNameTag(scope.tags, `${scope.name}-endpoints`),
    }, opts);

    let s3EndpointId: pulumi.Output<string>;
    let s3PrefixListId: pulumi.Output<string>;
    if (existing?.s3GatewayEndpointId !== undefined) {
        s3EndpointId = pulumi.output(existing.s3GatewayEndpointId);
        s3PrefixListId = aws.ec2.getPrefixListOutput({
            name: args.target.apply(t => `${reverseDnsPrefix(t.partition)}.${t.region}.s3`),
        }, opts).id;
    } else {
        const s3 = new aws.ec2.VpcEndpoint(`${scope.name}-s3-endpoint`, {
            vpcId: vpc.vpcId,
            serviceName: args.target.apply(service("s3")),
            vpcEndpointType: "Gateway",
            routeTableIds: vpc.routeTableIds(),
            policy: pulumi.jsonStringify(args.s3EndpointPolicy),
            tags: withNameTag(scope.tags, `${scope.name}-s3-endpoint`),
        }, opts);
        s3EndpointId = s3.id;
        s3PrefixListId = s3.prefixListId;
    }

    const rule = (kind: "ingress" | "egress", id: string, ruleArgs: aws.vpc.SecurityGroupIngressRuleArgs) => kind === "ingress"
        ? new aws.vpc.SecurityGroupIngressRule(`${scope.name}-${id}`, { ...ruleArgs, tags: scope.tags }, opts)
        : new aws.vpc.SecurityGroupEgressRule(`${scope.name}-${id}`, { ...ruleArgs, tags: scope.tags }, opts);
    // Studio apps and multi-instance jobs talk to each other (JupyterServer <-> KernelGateway, distributed training).
    rule("ingress", "studio-self-ingress", { securityGroupId: studioSg.id, ipProtocol: "-1", referencedSecurityGroupId: studioSg.id, description: "Studio apps and job instances among themselves" });
    rule("egress", "studio-self-egress", { securityGroupId: studioSg.id, ipProtocol: "-1", referencedSecurityGroupId: studioSg.id, description: "Studio apps and job instances among themselves" });
    rule("egress", "studio-endpoints-egress", { securityGroupId: studioSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: endpointSg.id, description: "HTTPS to the VPC interface endpoints" });
    rule("egress", "studio-s3-egress", { securityGroupId: studioSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: s3PrefixListId, description: "HTTPS to S3 through the gateway endpoint" });
    vpc.cidrBlocks.forEach((cidr, i) => {
        // The home EFS mount targets are in the domain's subnets, behind a security group SageMaker creates.
        rule("egress", `studio-nfs-egress-${i}`, { securityGroupId: studioSg.id, ipProtocol: "tcp", fromPort: 2049, toPort: 2049, cidrIpv4: cidr, description: "NFS to the Studio home EFS" });
        rule("ingress", `endpoints-https-ingress-${i}`, { securityGroupId: endpointSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: cidr, description: "HTTPS from the VPC" });
    });

    const endpoints = specs.map(([n, spec]) => {
        const id = `${scope.name}-${n.replace(/\./g, "-")}-endpoint`;
        const endpoint = new aws.ec2.VpcEndpoint(id, {
            vpcId: vpc.vpcId,
            serviceName: args.target.apply(spec.serviceName),
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: vpc.subnetIds,
            securityGroupIds: [endpointSg.id],
            policy: spec.supportsPolicy ? pulumi.jsonStringify(args.target.apply(t => interfaceEndpointPolicy(t.account))) : undefined,
            tags: withNameTag(scope.tags, id),
        }, opts);
        return [n, endpoint.id] as const;
    });

    return {
        vpcId: vpc.vpcId,
        subnetIds: vpc.subnetIds.apply(ids => [...ids]),
        studioSecurityGroup: studioSg,
        endpointSecurityGroup: endpointSg,
        s3EndpointId,
        interfaceEndpointIds: pulumi.all(endpoints.map(([, id]) => id))
            .apply(ids => Object.fromEntries(endpoints.map(([n], i) => [n, ids[i]]))),
    };
}
