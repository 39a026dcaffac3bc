/**
 * Components' resources as the Pulumi engine sends them to the ml-guardrails pack, and the pack's
 * verdict on them: for the specs that run a component through the real pack (pack.spec.ts,
 * detective-pack.spec.ts). Import "./mocks" first in the spec, as always.
 */
import { build, EngineResource, engineResources } from "./mocks";
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import { defaultPackDir, EvaluatedDiagnostic, HostResource } from "../../cli/src/engine";
import { SecureMlDomain, SecureMlDomainArgs } from "../../components";
import { packHost } from "../harness/pack";

export const ACCOUNT = "222233334444";
export const COVERAGE = "sagemaker-cloudtrail-coverage";
export const ORGANIZATION_TRAIL = { [COVERAGE]: { organizationTrailArn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/organization" } };
export const STACK = { stack: "test", project: "ml-governance", dryRun: false };
/** The tags config/prod.json requires (mandatory there): the component cannot guess them. */
export const PROD_TAGS = { owner: "ml-platform", environment: "prod", "data-classification": "confidential" };

export const prodConfig = (): Record<string, unknown> =>
    JSON.parse(readFileSync(join(defaultPackDir(), "config", "prod.json"), "utf8")) as Record<string, unknown>;

/** What `create` registers with a member-account provider, as the engine sends it to the pack. */
export async function memberStack(create: (provider: aws.Provider) => void, providerArgs: Partial<aws.ProviderArgs> = {},
    account = ACCOUNT, region = "eu-west-1"): Promise<HostResource[]> {
    await build(() => {
        const provider = new aws.Provider("member", {
            region,
            allowedAccountIds: [account],
            assumeRoles: [{ roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }],
            ...providerArgs,
        });
        create(provider);
    });
    return engineResources() as EngineResource[] as HostResource[];
}

/** A SecureMlDomain's resources as the engine sends them to the pack. */
export function stackOf(args: SecureMlDomainArgs, providerArgs: Partial<aws.ProviderArgs> = {}): Promise<HostResource[]> {
    return memberStack(provider => new SecureMlDomain("ml", args, { provider }), providerArgs);
}

/** The pack's diagnostics on `resources` under `config` (every resource must have been analysed). */
export async function evaluate(resources: HostResource[], config: Record<string, unknown>): Promise<EvaluatedDiagnostic[]> {
    await packHost.configure(config, STACK);
    const result = await packHost.evaluate(JSON.parse(JSON.stringify(resources)) as HostResource[]);
    assert.equal(result.resources, resources.length, "every resource was analysed");
    return result.diagnostics;
}

export const mandatory = (ds: EvaluatedDiagnostic[]) => ds.filter(d => d.enforcementLevel === "mandatory");
export const show = (ds: EvaluatedDiagnostic[]) => ds.map(d => `${d.policyName} ${d.enforcementLevel} ${d.urn}: ${d.message}`).join("\n");
