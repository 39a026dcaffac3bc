import { PolicyResource } from "@pulumi/policy";
import { PROVENANCE, Provenance, shapeProblem } from "../lib/checker";
import { stringList, text } from "../lib/config";
import { defineStackPolicy } from "../lib/policy";
import { isNonEmptyString, read, topLevelProperty } from "../lib/props";
import { rawProps } from "../lib/unknowns";

const SAGEMAKER_TYPE = /^(aws:sagemaker\/|aws-native:sagemaker:)/;

/** The trail settings the policy requires, per provider. */
const TRAILS: Record<string, { logGroup: string }> = {
    "aws:cloudtrail/trail:Trail": { logGroup: "cloudWatchLogsGroupArn" },
    "aws-native:cloudtrail:Trail": { logGroup: "cloudWatchLogsLogGroupArn" },
};

/** The account and region a provider deploys to, as far as its inputs say. */
interface Target {
    readonly key: string;
    readonly label: string;
    readonly account?: string;
    readonly providerUrn?: string;
}

/** Provider inputs reach analyzers JSON-encoded when they are objects or lists. */
function decoded(value: unknown): unknown {
    if (typeof value === "string" && /^[[{]/.test(value)) {
        try {
            return JSON.parse(value);
        } catch {
            return value;
        }
    }
    return value;
}

function accountOf(props: Record<string, unknown>): string | undefined {
    const allowed = decoded(props.allowedAccountIds);
    if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string") {
        return allowed[0];
    }
    const roles = decoded(props.assumeRoles) ?? decoded(props.assumeRole);
    const first = Array.isArray(roles) ? roles[0] : roles;
    const arn = first && typeof first === "object" ? (first as { roleArn?: unknown }).roleArn : undefined;
    const m = typeof arn === "string" ? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn) : null;
    return m ? m[1] : undefined;
}

function targetOf(resource: PolicyResource): Target {
    const provider = resource.provider;
    if (!provider) {
        return { key: "provider:default", label: "the default provider" };
    }
    const props = rawProps(provider.props);
    const account = accountOf(props);
    const region = typeof props.region === "string" ? props.region : undefined;
    const where = [account && `account ${account}`, region && `region ${region}`].filter(Boolean).join(", ");
    return account
        ? { key: `account:${account}`, label: where, account, providerUrn: provider.urn }
        : { key: `provider:${provider.urn}`, label: `provider ${provider.name}${where ? ` (${where})` : ""}`, providerUrn: provider.urn };
}

/** Why a trail does not count (empty when it does). */
function trailProblems(trail: PolicyResource): string[] {
    const props = rawProps(trail.props);
    const problems: string[] = [];
    const isTrue = (path: string) => {
        const r = read(props, path);
        return r.state === "known" && r.value === true;
    };
    const isSet = (path: string, provenance: Provenance) => {
        const r = read(props, path);
        if (r.state === "known") {
            return isNonEmptyString(r.value) && !shapeProblem(provenance, r.value);
        }
        const accepted: readonly string[] = PROVENANCE[provenance].types;
        return r.state === "unknown" &&
            (trail.propertyDependencies?.[topLevelProperty(path)] ?? []).some(d => accepted.includes(d.type));
    };
    if (!isTrue("isMultiRegionTrail")) {
        problems.push("`isMultiRegionTrail` is not true");
    }
    if (!isTrue("enableLogFileValidation")) {
        problems.push("`enableLogFileValidation` is not true");
    }
    if (!isSet("kmsKeyId", "kms")) {
        problems.push("`kmsKeyId` is not a customer-managed KMS key");
    }
    if (!isSet(TRAILS[trail.type].logGroup, "logGroup")) {
        problems.push(`\`${TRAILS[trail.type].logGroup}\` does not deliver to CloudWatch Logs`);
    }
    return problems;
}

export const cloudTrailCoverage = defineStackPolicy({
    name: "sagemaker-cloudtrail-coverage",
    description: "Every account that gets SageMaker resources must be covered by a CloudTrail trail that is " +
        "multi-region, validates its log files, is encrypted with KMS and delivers to CloudWatch Logs.",
    area: "Logging",
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Create an `AuditTrail` (or an `aws.cloudtrail.Trail` with `isMultiRegionTrail`, " +
        "`enableLogFileValidation`, `kmsKeyId` and `cloudWatchLogsGroupArn`) with the same provider as the " +
        "SageMaker resources, or name the organization trail that covers the account in `organizationTrailArn`.",
    controls: {
        awsConfig: ["multi-region-cloudtrail-enabled", "cloud-trail-log-file-validation-enabled",
            "cloud-trail-encryption-enabled", "cloud-trail-cloud-watch-logs-enabled"],
        securityHub: ["CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "CloudTrail.5"],
        cis: ["v5.0.0 3.1", "v5.0.0 3.2", "v5.0.0 3.5", "v1.4.0 3.4"],
        other: ["seed lab: CloudTrail and sourceIdentity"],
    },
    resourceTypes: ["aws:sagemaker/*", "aws-native:sagemaker:*", ...Object.keys(TRAILS)],
    config: {
        organizationTrailArn: text("ARN of an organization trail (outside this stack) that covers the accounts below.", "",
            { pattern: "^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:trail/.+$", hint: "use a trail ARN (arn:aws:cloudtrail:<region>:<account>:trail/<name>)" }),
        organizationTrailAccounts: stringList("Account ids the organization trail covers; empty means every account.", [],
            { pattern: "^\\d{12}$", hint: "use a 12-digit account id, quoted" }),
    },
    check(resources, config) {
        const workloads = new Map<string, { target: Target; urns: string[] }>();
        const trails = new Map<string, PolicyResource[]>();
        let organizationTrailInStack = false;
        for (const r of resources) {
            const target = targetOf(r);
            if (SAGEMAKER_TYPE.test(r.type)) {
                const entry = workloads.get(target.key) ?? { target, urns: [] };
                entry.urns.push(r.urn);
                workloads.set(target.key, entry);
            } else if (TRAILS[r.type] && trailProblems(r).length === 0) {
                trails.set(target.key, [...(trails.get(target.key) ?? []), r]);
                const org = read(rawProps(r.props), "isOrganizationTrail");
                organizationTrailInStack ||= org.state === "known" && org.value === true;
            }
        }
        const orgCovers = (account?: string) => config.organizationTrailArn !== "" &&
            (config.organizationTrailAccounts.length === 0 || (!!account && config.organizationTrailAccounts.includes(account)));
        const findings: Array<{ urn: string; message: string }> = [];
        for (const { target, urns } of workloads.values()) {
            if (trails.has(target.key) || organizationTrailInStack || orgCovers(target.account)) {
                continue;
            }
            const rejected = resources.filter(r => TRAILS[r.type] && targetOf(r).key === target.key)
                .map(r => `${r.name}: ${trailProblems(r).join(", ")}`);
            const urn = resources.some(r => r.urn === target.providerUrn) ? target.providerUrn! : urns[0];
            findings.push({
                urn,
                message: `${urns.length} SageMaker resource${urns.length > 1 ? "s" : ""} in ${target.label} ` +
                    `(${urns.slice(0, 3).map(u => u.slice(u.lastIndexOf("::") + 2)).join(", ")}${urns.length > 3 ? ", ..." : ""}) ` +
                    (rejected.length ? `have no compliant trail (${rejected.join("; ")})` : "have no CloudTrail trail in this stack") +
                    (config.organizationTrailArn ? `, and ${config.organizationTrailArn} is not configured to cover this account` : ""),
            });
        }
        return findings;
    },
});

export const loggingPolicies = [cloudTrailCoverage];
