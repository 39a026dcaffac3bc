import { PolicyResource } from "@pulumi/policy";
import { defineStackPolicy } from "../lib/policy";
import { read, Read, topLevelProperty } from "../lib/props";
import { rawProps } from "../lib/unknowns";

/*
 * A notebook instance or a Studio user runs arbitrary code with its execution role, so a role that may
 * do anything in SageMaker (`sagemaker:*`, `*`, AmazonSageMakerFullAccess, AdministratorAccess) lets any
 * notebook user create, change and delete every SageMaker resource of the account, bypassing the
 * guardrails of the platform. Checkov CKV2_AWS_68 judges a notebook instance connected to an IAM role
 * whose policy allows Action "*"; Prowler's IAM checks judge AdministratorAccess on roles and `*` in
 * inline policies. Only roles and policies in the stack can be read; a role created elsewhere is not judged.
 */

/** Where each SageMaker type names the execution role its users' code runs with. */
const ROLE_PATHS: Readonly<Record<string, readonly string[]>> = {
    "aws:sagemaker/notebookInstance:NotebookInstance": ["roleArn"],
    "aws-native:sagemaker:NotebookInstance": ["roleArn"],
    "aws:sagemaker/domain:Domain": ["defaultUserSettings.executionRole", "defaultSpaceSettings.executionRole"],
    "aws-native:sagemaker:Domain": ["defaultUserSettings.executionRole", "defaultSpaceSettings.executionRole"],
    "aws:sagemaker/userProfile:UserProfile": ["userSettings.executionRole"],
    "aws-native:sagemaker:UserProfile": ["userSettings.executionRole"],
};

/** IAM role types: the property with the role's name, and its inline policies and managed policy ARNs. */
const ROLES: Readonly<Record<string, { name: string; inline: string; inlineName: string; inlineDocument: string }>> = {
    "aws:iam/role:Role": { name: "name", inline: "inlinePolicies", inlineName: "name", inlineDocument: "policy" },
    "aws-native:iam:Role": { name: "roleName", inline: "policies", inlineName: "policyName", inlineDocument: "policyDocument" },
};

/** Resources that give a role a policy: which property names the role(s), and the document or the policy ARN(s). */
const GRANTS: Readonly<Record<string, { roles: string; document?: string; policyArns?: string }>> = {
    "aws:iam/rolePolicy:RolePolicy": { roles: "role", document: "policy" },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { roles: "role", policyArns: "policyArn" },
    "aws:iam/policyAttachment:PolicyAttachment": { roles: "roles", policyArns: "policyArn" },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": { roles: "roleName", policyArns: "policyArns" },
    "aws-native:iam:RolePolicy": { roles: "roleName", document: "policyDocument" },
    "aws-native:iam:ManagedPolicy": { roles: "roles", document: "policyDocument" },
};

/** Customer managed policies an attachment may point to (by `arn` or through the dependency of its ARN property). */
const POLICIES: Readonly<Record<string, string>> = { "aws:iam/policy:Policy": "policy", "aws-native:iam:ManagedPolicy": "policyDocument" };

/** AWS managed policies that allow `sagemaker:*`. */
const BROAD_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(AmazonSageMakerFullAccess|AdministratorAccess)$/;
const BROAD_ACTION = /^(\*|sagemaker:\*)$/i;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const known = (r: Read): unknown => (r.state === "known" ? r.value : undefined);

/** A policy document as an object: aws takes JSON strings, aws-native objects. Unknown or unparseable: undefined. */
function documentOf(value: unknown): unknown {
    if (typeof value === "string") {
        try {
            return JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return value;
}

/** What a document allows that is too broad: "`sagemaker:*`", "every action but ...". */
function broadGrants(value: unknown): string[] {
    const document = documentOf(value);
    const found: string[] = [];
    if (!document || typeof document !== "object") {
        return found;
    }
    for (const s of list((document as { Statement?: unknown }).Statement)) {
        if (!s || typeof s !== "object" || (s as { Effect?: unknown }).Effect !== "Allow") {
            continue;
        }
        const statement = s as { Action?: unknown; NotAction?: unknown };
        for (const action of list(statement.Action)) {
            if (typeof action === "string" && BROAD_ACTION.test(action)) {
                found.push(`\`${action}\``);
            }
        }
        const except = list(statement.NotAction).filter((a): a is string => typeof a === "string");
        if (except.length > 0 && !except.some(a => BROAD_ACTION.test(a))) {
            found.push(`every action but ${except.map(a => `\`${a}\``).join(", ")} (an Allow with NotAction)`);
        }
    }
    return found;
}

/** The name in a role ARN (`arn:aws:iam::111122223333:role/path/name` -> `name`). */
function roleNameOf(arn: string): string | undefined {
    const m = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m ? m[1] : undefined;
}

/** The one resource among `candidates` that `near` can mean: when several match, the one with its provider. */
function pick(candidates: PolicyResource[], near: PolicyResource): PolicyResource | undefined {
    if (candidates.length > 1) {
        candidates = candidates.filter(c => c.provider?.urn === near.provider?.urn);
    }
    return candidates.length === 1 ? candidates[0] : undefined;
}

/** The roles, policies and grants of a stack, indexed once. */
class Stack {
    private readonly byUrn = new Map<string, PolicyResource>();
    private readonly rolesByArn = new Map<string, PolicyResource[]>();
    private readonly rolesByName = new Map<string, PolicyResource[]>();
    private readonly policiesByArn = new Map<string, PolicyResource[]>();
    /** Role URN -> the grants in the stack that name it. */
    private readonly grantsOf = new Map<string, PolicyResource[]>();
    private readonly broad = new Map<string, string[]>();

    constructor(resources: readonly PolicyResource[]) {
        const add = (map: Map<string, PolicyResource[]>, key: unknown, r: PolicyResource) => {
            if (typeof key === "string") {
                const entries = map.get(key);
                if (entries) {
                    entries.push(r);
                } else {
                    map.set(key, [r]);
                }
            }
        };
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            if (ROLES[r.type]) {
                add(this.rolesByArn, known(read(rawProps(r.props), "arn")), r);
                add(this.rolesByName, known(read(rawProps(r.props), ROLES[r.type].name)), r);
            }
            if (POLICIES[r.type]) {
                add(this.policiesByArn, known(read(rawProps(r.props), "arn")), r);
            }
        }
        for (const grant of resources.filter(r => GRANTS[r.type])) {
            const path = GRANTS[grant.type].roles;
            for (const role of this.rolesNamed(grant, path, known(read(rawProps(grant.props), path)))) {
                add(this.grantsOf, role.urn, grant);
            }
        }
    }

    private dependencies(from: PolicyResource, path: string, types: Readonly<Record<string, unknown>>): PolicyResource[] {
        return (from.propertyDependencies?.[topLevelProperty(path)] ?? [])
            .map(d => this.byUrn.get(d.urn)).filter((r): r is PolicyResource => !!r && types[r.type] !== undefined);
    }

    /** The roles a property of `from` names: through its property dependencies, else by ARN or name. */
    rolesNamed(from: PolicyResource, path: string, value: unknown): PolicyResource[] {
        const deps = this.dependencies(from, path, ROLES);
        if (deps.length > 0) {
            return deps;
        }
        return list(value).flatMap(v => {
            if (typeof v !== "string") {
                return [];
            }
            const byArn = this.rolesByArn.get(v) ?? [];
            const name = v.startsWith("arn:") ? roleNameOf(v) : v;
            const role = byArn.length === 1 ? byArn[0] : pick(name ? this.rolesByName.get(name) ?? [] : [], from);
            return role ? [role] : [];
        });
    }

    /** The customer managed policy an attachment's ARN names, if it is in the stack. */
    private policyNamed(from: PolicyResource, path: string, arn: unknown): PolicyResource | undefined {
        const deps = this.dependencies(from, path, POLICIES);
        return deps.length === 1 ? deps[0] : pick(typeof arn === "string" ? this.policiesByArn.get(arn) ?? [] : [], from);
    }

    /** Every too-broad permission `role` gets from its own inputs and from the grants in the stack, with where it comes from. */
    broadPermissions(role: PolicyResource): string[] {
        let out = this.broad.get(role.urn);
        if (!out) {
            out = [...this.ownGrants(role), ...(this.grantsOf.get(role.urn) ?? []).flatMap(g => this.grantedBy(g))];
            this.broad.set(role.urn, out);
        }
        return out;
    }

    private ownGrants(role: PolicyResource): string[] {
        const props = rawProps(role.props);
        const shape = ROLES[role.type];
        const out: string[] = [];
        for (const p of list(known(read(props, shape.inline)))) {
            const entry = p && typeof p === "object" ? p as Record<string, unknown> : {};
            const name = typeof entry[shape.inlineName] === "string" ? ` \`${entry[shape.inlineName]}\`` : "";
            out.push(...broadGrants(entry[shape.inlineDocument]).map(g => `${g} by its inline policy${name}`));
        }
        for (const arn of list(known(read(props, "managedPolicyArns")))) {
            if (typeof arn === "string" && BROAD_MANAGED.test(arn)) {
                out.push(`\`${arn.slice(arn.lastIndexOf("/") + 1)}\` (in \`managedPolicyArns\`)`);
            }
        }
        return out;
    }

    private grantedBy(grant: PolicyResource): string[] {
        const spec = GRANTS[grant.type];
        const props = rawProps(grant.props);
        const by = `${grant.type.slice(grant.type.lastIndexOf(":") + 1)} ${grant.name}`;
        const out = spec.document ? broadGrants(known(read(props, spec.document))).map(g => `${g} by ${by}`) : [];
        const arns = spec.policyArns ? read(props, spec.policyArns) : undefined;
        // An ARN unknown at preview may still come from a policy in the stack (its property dependency).
        for (const arn of arns?.state === "unknown" ? [undefined] : arns ? list(known(arns)) : []) {
            if (typeof arn === "string" && BROAD_MANAGED.test(arn)) {
                out.push(`\`${arn.slice(arn.lastIndexOf("/") + 1)}\` by ${by}`);
                continue;
            }
            const policy = this.policyNamed(grant, spec.policyArns!, arn);
            if (policy) {
                out.push(...broadGrants(known(read(rawProps(policy.props), POLICIES[policy.type])))
                    .map(g => `${g} by the policy ${policy.name}, attached by ${by}`));
            }
        }
        return out;
    }
}

export const executionRoleLeastPrivilege = defineStackPolicy({
    name: "sagemaker-execution-role-least-privilege",
    description: "The execution roles of SageMaker notebook instances and Studio users must not be allowed every " +
        "SageMaker action (`sagemaker:*`, `*`, AmazonSageMakerFullAccess).",
    area: "Execution roles",
    severity: "high",
    enforcementLevel: "mandatory",
    remediation: "Give the execution role the actions its users need (the jobs, models and endpoints they run, on " +
        "the project's resources), not `sagemaker:*` or `*`; detach AmazonSageMakerFullAccess and AdministratorAccess. " +
        "The role of a notebook instance is its `roleArn`; of a Studio domain, `defaultUserSettings.executionRole` and " +
        "`defaultSpaceSettings.executionRole`; of a user profile, `userSettings.executionRole` (same paths on " +
        "aws-native). The policy reads the role's inline policies and managed policy ARNs and the RolePolicy, " +
        "RolePolicyAttachment and PolicyAttachment resources of the stack; a policy document unknown at preview is " +
        "judged on `pulumi up`.",
    controls: {
        checkov: ["CKV2_AWS_68"],
        prowler: ["iam_role_administratoraccess_policy", "iam_inline_policy_no_administrative_privileges"],
        other: ["seed lab: least-privilege execution roles (catalog A6)"],
    },
    resourceTypes: [...Object.keys(ROLE_PATHS), ...Object.keys(ROLES), ...Object.keys(GRANTS), ...Object.keys(POLICIES)],
    onlyWith: Object.keys(ROLE_PATHS),
    check(resources) {
        const users = resources.filter(x => ROLE_PATHS[x.type]);
        if (users.length === 0) {
            return [];
        }
        const stack = new Stack(resources);
        const findings: Array<{ urn: string; message: string }> = [];
        for (const r of users) {
            const props = rawProps(r.props);
            for (const path of ROLE_PATHS[r.type]) {
                const at = read(props, path);
                if (at.state === "absent") {
                    continue;
                }
                for (const role of stack.rolesNamed(r, path, known(at))) {
                    const broad = stack.broadPermissions(role);
                    if (broad.length > 0) {
                        findings.push({
                            urn: r.urn,
                            message: `the execution role ${role.name} (\`${path}\`) is allowed ${broad.join("; ")}: code in ` +
                                "the notebook or Studio app could create, change or delete any SageMaker resource of the account",
                        });
                    }
                }
            }
        }
        return findings;
    },
});

export const executionRolePolicies = [executionRoleLeastPrivilege];
