/**
 * Pulumi mocks for every test that builds components or the program. The mock world itself (ids and
 * ARNs per account and region, invoke answers, records) is product code, cli/src/check/mocks.ts,
 * which `mlgov check` runs whole programs on; this module configures it for the tests and is the ONE
 * place the tests call `pulumi.runtime.setMocks` (it is process-global). Import it FIRST, before any
 * module that creates resources:
 *
 *     import { build, promiseOf, resources, invokes } from "../components/mocks";
 *     import { SecureMlDomain } from "../../components";
 *
 * Tests run as project `ml-governance`, stack `test`, not in preview, with the default provider in
 * DEFAULT_ACCOUNT / DEFAULT_REGION; unhandled rejections are recorded (`errors()`, `build`).
 */
import * as aws from "@pulumi/aws";
import { recordUnhandledRejections, useMocks as configureMocks } from "../../cli/src/check/mocks";

export * from "../../cli/src/check/mocks";

export const PROJECT = "ml-governance";
export const DEFAULT_STACK = "test";

/** (Re)configures the mocks: stack name and preview mode. Resources registered before stay recorded. */
export function useMocks(options: { stack?: string; preview?: boolean } = {}): void {
    configureMocks({ project: PROJECT, stack: options.stack ?? DEFAULT_STACK, preview: options.preview ?? false });
}

useMocks();

/** A member account's provider as the program makes it: pinned to the account, assuming the member role. */
export function memberProvider(account: string, region: string, name = "member"): aws.Provider {
    return new aws.Provider(name, {
        region,
        allowedAccountIds: [account],
        assumeRoles: [{ roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, sessionName: "ml-governance" }],
    });
}

// Mocha re-emits unhandled rejections and drops them when nobody listens: record them instead.
recordUnhandledRejections();
