/**
 * sagemaker-execution-role-least-privilege: a stack policy over the execution roles of notebooks and
 * Studio and the policies the stack gives them, so each case is a small stack, sent through the built
 * pack as the engine sends it.
 */
import * as assert from "assert";
import { HostResource } from "../../cli/src/engine";
import { packHost } from "../harness/pack";
import { UNKNOWN } from "./case";
import { compliantNotebook } from "./cases/notebook";
import { compliantDomain } from "./cases/studio";

const P = "urn:pulumi:test::ml-governance";
const POLICY = "sagemaker-execution-role-least-privilege";
const ACCOUNT = "111122223333";

const resource = (type: string, name: string, properties: Record<string, unknown>,
    propertyDependencies?: Record<string, string[]>): HostResource =>
    ({ urn: `${P}::${type}::${name}`, type, name, properties, propertyDependencies });

const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (action: unknown, resourceArn: unknown = "*") => ({ Effect: "Allow", Action: action, Resource: resourceArn });
const TRUST = doc({ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] });

function role(name: string, extra: Record<string, unknown> = {}): HostResource {
    return resource("aws:iam/role:Role", name, { name, assumeRolePolicy: TRUST, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, ...extra });
}
const rolePolicy = (name: string, r: HostResource, policy: string, viaDependency = true) =>
    resource("aws:iam/rolePolicy:RolePolicy", name, { role: viaDependency ? UNKNOWN : r.name, policy },
        viaDependency ? { role: [r.urn] } : undefined);
const attachment = (name: string, r: HostResource, policyArn: string, deps?: Record<string, string[]>) =>
    resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, { role: r.name, policyArn }, deps);
const notebookWith = (r: HostResource, viaDependency = true) =>
    resource("aws:sagemaker/notebookInstance:NotebookInstance", "nb",
        { ...compliantNotebook, roleArn: viaDependency ? UNKNOWN : `arn:aws:iam::${ACCOUNT}:role/${r.name}` },
        viaDependency ? { roleArn: [r.urn] } : undefined);

async function verdicts(resources: HostResource[]) {
    await packHost.configure(undefined, { stack: "test", dryRun: true });
    const result = await packHost.evaluate(resources);
    return result.diagnostics.filter(d => d.policyName === POLICY);
}

describe(POLICY, function () {
    this.timeout(60_000);

    it("passes a notebook whose role is allowed named actions only", async () => {
        const r = role("ml-exec");
        assert.deepStrictEqual(await verdicts([r, rolePolicy("p", r, doc(allow(["sagemaker:CreateTrainingJob", "s3:GetObject"]))), notebookWith(r)]), []);
    });

    it("blocks a notebook whose role is allowed sagemaker:* by a RolePolicy, on the notebook's URN", async () => {
        const r = role("ml-exec");
        const nb = notebookWith(r);
        const found = await verdicts([r, rolePolicy("wide", r, doc(allow("sagemaker:*"))), nb]);
        assert.deepStrictEqual(found.map(d => [d.urn, d.enforcementLevel]), [[nb.urn, "mandatory"]]);
        assert.match(found[0].message, /the execution role ml-exec \(`roleArn`\) is allowed `sagemaker:\*` by RolePolicy wide/);
    });

    it("finds Action \"*\" in the role's own inline policies, and the role by its known ARN", async () => {
        const r = role("ml-exec", { inlinePolicies: [{ name: "admin", policy: doc(allow(["s3:*", "*"])) }] });
        const found = await verdicts([r, notebookWith(r, false)]);
        assert.strictEqual(found.length, 1);
        assert.match(found[0].message, /allowed `\*` by its inline policy `admin`/);
    });

    it("blocks AmazonSageMakerFullAccess, attached or in managedPolicyArns, in any partition", async () => {
        const r = role("ml-exec");
        const found = await verdicts([r, attachment("full", r, "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"), notebookWith(r)]);
        assert.match(found[0]?.message ?? "", /`AmazonSageMakerFullAccess` by RolePolicyAttachment full/);
        const gov = role("ml-gov", { managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"] });
        assert.match((await verdicts([gov, notebookWith(gov)]))[0]?.message ?? "", /`AdministratorAccess` \(in `managedPolicyArns`\)/);
    });

    it("follows an attachment to a customer managed policy in the stack", async () => {
        const r = role("ml-exec");
        const policy = resource("aws:iam/policy:Policy", "broad", { policy: doc(allow("sagemaker:*")), arn: UNKNOWN });
        const found = await verdicts([r, policy, attachment("attach", r, UNKNOWN, { policyArn: [policy.urn] }), notebookWith(r)]);
        assert.match(found[0]?.message ?? "", /`sagemaker:\*` by the policy broad, attached by RolePolicyAttachment attach/);
    });

    it("treats an Allow with NotAction as every other action, unless it excludes SageMaker", async () => {
        const r = role("ml-exec");
        const found = await verdicts([r, rolePolicy("p", r, doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), notebookWith(r)]);
        assert.match(found[0]?.message ?? "", /every action but `iam:\*`/);
        assert.deepStrictEqual(await verdicts([r, rolePolicy("p", r, doc({ Effect: "Allow", NotAction: ["sagemaker:*"], Resource: "*" })), notebookWith(r)]), []);
    });

    it("ignores Deny statements, and documents unknown at preview (judged on pulumi up)", async () => {
        const r = role("ml-exec");
        assert.deepStrictEqual(await verdicts([r, rolePolicy("deny", r, doc({ Effect: "Deny", Action: "*", Resource: "*" })), notebookWith(r)]), []);
        assert.deepStrictEqual(await verdicts([r, rolePolicy("later", r, UNKNOWN), notebookWith(r)]), []);
    });

    it("judges the Studio roles of a domain and a user profile (aws-native too)", async () => {
        const r = role("studio");
        const wide = rolePolicy("wide", r, doc(allow("SageMaker:*")));
        const domain = resource("aws:sagemaker/domain:Domain", "studio", { ...compliantDomain, defaultUserSettings: { ...compliantDomain.defaultUserSettings, executionRole: UNKNOWN } },
            { defaultUserSettings: [r.urn, `${P}::aws:ec2/securityGroup:SecurityGroup::sg`] });
        const profile = resource("aws-native:sagemaker:UserProfile", "alice",
            { domainId: "d-1", userProfileName: "alice", userSettings: { executionRole: `arn:aws:iam::${ACCOUNT}:role/studio` } });
        const found = await verdicts([r, wide, domain, profile]);
        assert.deepStrictEqual(found.map(d => d.urn).sort(), [domain.urn, profile.urn].sort());
        assert.ok(found.some(d => /`defaultUserSettings\.executionRole`/.test(d.message)));
        assert.ok(found.some(d => /`userSettings\.executionRole`/.test(d.message)));
    });

    it("does not judge a role created outside the stack", async () => {
        const elsewhere = resource("aws:sagemaker/notebookInstance:NotebookInstance", "nb",
            { ...compliantNotebook, roleArn: `arn:aws:iam::${ACCOUNT}:role/AmazonSageMaker-ExecutionRole` });
        assert.deepStrictEqual(await verdicts([role("unrelated", { inlinePolicies: [{ name: "x", policy: doc(allow("*")) }] }), elsewhere]), []);
    });
});
