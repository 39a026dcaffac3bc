/**
 * Reading live resources (cli/src/scan/read.ts) with aws-sdk-client-mock in place of SageMaker, for
 * what moto 5.2.1 cannot show (it has no ListUserProfiles, ListSpaces, ListApps,
 * ListMonitoringSchedules or ListFeatureGroups, and never refuses a call): every page of every kind,
 * resources gone between List and Describe, a kind or a resource that cannot be read, an account
 * that cannot be reached; throttling retried by the SDK's own retry strategy (a fake HTTP handler,
 * so the SDK's middleware runs); the role chains of the targets.
 */
import * as assert from "node:assert/strict";
import { Readable } from "node:stream";
import {
    DescribeAppCommand, DescribeFeatureGroupCommand, DescribeModelCommand, DescribeMonitoringScheduleCommand, DescribeNotebookInstanceCommand,
    DescribeSpaceCommand, DescribeUserProfileCommand, ListAppsCommand, ListFeatureGroupsCommand, ListModelsCommand, ListMonitoringSchedulesCommand,
    ListNotebookInstancesCommand, ListSpacesCommand, ListTagsCommand, ListTrainingJobsCommand, ListUserProfilesCommand, SageMakerClient,
    SageMakerServiceException,
} from "@aws-sdk/client-sagemaker";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { KINDS } from "../../cli/src/scan/inventory";
import { readTargets, ScanRead } from "../../cli/src/scan/read";
import { scanTargets, ScanTarget } from "../../cli/src/scan/targets";
import { parse, prod } from "../accounts/helpers";
import * as live from "./live";

const kinds = (...names: string[]) => KINDS.filter(k => names.includes(k.name));
const SINCE = new Date("2026-05-01T00:00:00Z");
const TARGET: ScanTarget = { accountId: live.ACCOUNT, accountName: "ml-prod-fraud", regions: [live.REGION], roleArns: [] };

function awsError(name: string, message: string, status = 400) {
    return new SageMakerServiceException({ name, message, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

type Mock = AwsClientStub<SageMakerClient>;

/** A mocked SageMaker client per region, answering as `answer` sets up; every ListTags answers two pages. */
function fake(answer: (mock: Mock) => void = () => undefined): { mocks: Map<string, Mock>; client: (region: string) => SageMakerClient } {
    const mocks = new Map<string, Mock>();
    return {
        mocks,
        client: region => {
            const client = new SageMakerClient({ region });
            const mock = mockClient(client);
            mock.on(ListTagsCommand).callsFake(({ NextToken }: { NextToken?: string }) => NextToken
                ? { Tags: [live.TAGS[1]] } : { Tags: [live.TAGS[0]], NextToken: "tags#2" });
            answer(mock);
            mocks.set(region, mock);
            return client;
        },
    };
}

const read = (f: ReturnType<typeof fake>, names: string[]): Promise<ScanRead> =>
    readTargets([TARGET], { kinds: kinds(...names), since: SINCE, client: f.client, credentials: () => undefined });

describe("mlgov scan: reading an account (aws-sdk-client-mock)", () => {
    it("reads every page of every kind, describes each resource and reads all its tags", async () => {
        const notebooks = ["a", "b", "c", "d", "e"];
        const f = fake(m => {
            m.on(ListNotebookInstancesCommand).callsFake(({ NextToken }: { NextToken?: string }) => {
                const start = NextToken ? Number(NextToken) : 0;
                return { NotebookInstances: notebooks.slice(start, start + 2).map(n => ({ NotebookInstanceName: n })), NextToken: start + 2 < notebooks.length ? String(start + 2) : undefined };
            });
            m.on(DescribeNotebookInstanceCommand).callsFake(({ NotebookInstanceName }: { NotebookInstanceName: string }) =>
                ({ ...live.NOTEBOOK.good, NotebookInstanceName, NotebookInstanceArn: `arn:aws:sagemaker:${live.REGION}:${live.ACCOUNT}:notebook-instance/${NotebookInstanceName}` }));
            m.on(ListUserProfilesCommand).resolves({ UserProfiles: [{ DomainId: "d-abcdefgh1234", UserProfileName: "alice" }] });
            m.on(DescribeUserProfileCommand, { DomainId: "d-abcdefgh1234", UserProfileName: "alice" }).resolves(live.USER_PROFILE.good);
            m.on(ListSpacesCommand).resolves({ Spaces: [{ DomainId: "d-abcdefgh1234", SpaceName: "alice-lab" }] });
            m.on(DescribeSpaceCommand, { DomainId: "d-abcdefgh1234", SpaceName: "alice-lab" }).resolves(live.SPACE.good);
            m.on(ListAppsCommand).resolves({
                Apps: [
                    { DomainId: "d-abcdefgh1234", SpaceName: "alice-lab", AppType: "JupyterLab", AppName: "default", Status: "InService" },
                    { DomainId: "d-abcdefgh1234", SpaceName: "old-lab", AppType: "JupyterLab", AppName: "default", Status: "Deleted" },
                ],
            });
            m.on(DescribeAppCommand, { DomainId: "d-abcdefgh1234", SpaceName: "alice-lab", AppType: "JupyterLab", AppName: "default" }).resolves(live.APP.good);
            m.on(ListMonitoringSchedulesCommand).resolves({ MonitoringScheduleSummaries: [{ MonitoringScheduleName: "churn-quality" } as never] });
            m.on(DescribeMonitoringScheduleCommand, { MonitoringScheduleName: "churn-quality" }).resolves(live.MONITORING_SCHEDULE.good);
            m.on(ListFeatureGroupsCommand).resolves({ FeatureGroupSummaries: [{ FeatureGroupName: "customers" } as never] });
            m.on(DescribeFeatureGroupCommand, { FeatureGroupName: "customers" }).resolves(live.FEATURE_GROUP.good);
        });
        const mock = () => f.mocks.get(live.REGION) as Mock;
        const result = await read(f, ["notebook-instances", "user-profiles", "spaces", "apps", "monitoring-schedules", "feature-groups"]);
        assert.deepStrictEqual(result.regions.map(r => [r.accountId, r.region, r.reachable, r.failures]), [[live.ACCOUNT, live.REGION, true, []]]);
        assert.deepStrictEqual(result.regions[0].counts, {
            "notebook-instances": 5, "user-profiles": 1, spaces: 1, apps: 1, "monitoring-schedules": 1, "feature-groups": 1,
        });
        assert.equal(mock().commandCalls(ListNotebookInstancesCommand).length, 3, "5 notebooks in pages of 2");
        assert.equal(mock().commandCalls(DescribeAppCommand).length, 1, "a deleted app is not described");
        assert.deepStrictEqual(result.resources.map(r => r.kind), [
            "notebook-instances", "notebook-instances", "notebook-instances", "notebook-instances", "notebook-instances",
            "user-profiles", "spaces", "apps", "monitoring-schedules", "feature-groups",
        ]);
        const profile = result.resources.find(r => r.kind === "user-profiles");
        assert.equal(profile?.name, "d-abcdefgh1234/alice");
        assert.equal(profile?.shape.type, "aws:sagemaker/userProfile:UserProfile");
        assert.deepStrictEqual(profile?.shape.inputs.tags, { owner: "alice", "cost-center": "cc-4711" }, "both pages of tags");
        assert.equal(mock().commandCalls(ListTagsCommand).length, 20, "two ListTags calls per resource");
        assert.ok(mock().commandCalls(ListTagsCommand).every(c => c.args[0].input.MaxResults === 100), "ListTags takes at least 50 (API reference)");
    });

    it("reads jobs created since the window's start only", async () => {
        const f = fake(m => m.on(ListTrainingJobsCommand).resolves({ TrainingJobSummaries: [] }));
        await read(f, ["training-jobs"]);
        assert.deepStrictEqual(f.mocks.get(live.REGION)?.commandCalls(ListTrainingJobsCommand)[0].args[0].input.CreationTimeAfter, SINCE);
    });

    it("a resource deleted after it was listed is gone, not a failure", async () => {
        const f = fake(mock => {
            mock.on(ListModelsCommand).resolves({ Models: [{ ModelName: "churn-xgb" } as never, { ModelName: "deleted" } as never] });
            mock.on(DescribeModelCommand, { ModelName: "churn-xgb" }).resolves(live.MODEL.good);
            mock.on(DescribeModelCommand, { ModelName: "deleted" }).rejects(awsError("ValidationException", "Could not find model \"arn:aws:sagemaker:eu-west-1:111122223333:model/deleted\"."));
        });
        const result = await read(f, ["models"]);
        assert.deepStrictEqual(result.regions[0].counts, { models: 1 });
        assert.deepStrictEqual(result.regions[0].failures, []);
    });

    it("reports a kind it cannot list and a resource it cannot describe or tag, and reads the rest", async () => {
        const f = fake(mock => {
            mock.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [{ NotebookInstanceName: "alice-nb" } as never, { NotebookInstanceName: "locked" } as never] });
            mock.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: "alice-nb" }).resolves(live.NOTEBOOK.good);
            mock.on(DescribeNotebookInstanceCommand, { NotebookInstanceName: "locked" }).rejects(awsError("AccessDeniedException",
                "User: arn:aws:sts::111122223333:assumed-role/OrganizationAccountAccessRole/ml-governance-scan is not authorized to perform: sagemaker:DescribeNotebookInstance"));
            mock.on(ListModelsCommand).rejects(awsError("AccessDeniedException", "not authorized to perform: sagemaker:ListModels"));
            mock.on(ListUserProfilesCommand).resolves({ UserProfiles: [{ DomainId: "d-abcdefgh1234", UserProfileName: "alice" }] });
            mock.on(DescribeUserProfileCommand).resolves(live.USER_PROFILE.good);
            mock.on(ListTagsCommand, { ResourceArn: live.USER_PROFILE.good.UserProfileArn }).rejects(awsError("ThrottlingException", "Rate exceeded"));
        });
        const result = await read(f, ["notebook-instances", "models", "user-profiles"]);
        assert.deepStrictEqual(result.regions[0].counts, { "notebook-instances": 1, "user-profiles": 0, models: 0 });
        assert.deepStrictEqual(result.regions[0].failures.map(x => [x.kind, x.operation, x.resource]), [
            ["notebook-instances", "DescribeNotebookInstance", "locked"],
            ["user-profiles", "ListTags", "d-abcdefgh1234/alice"],
            ["models", "ListModels", undefined],
        ]);
        assert.match(result.regions[0].failures[0].message, /^AccessDeniedException: User: .* is not authorized to perform: sagemaker:DescribeNotebookInstance$/);
    });

    it("reports an account whose role cannot be assumed in each of its regions, and reads the others", async () => {
        const f = fake(m => m.on(ListModelsCommand).resolves({ Models: [] }));
        const other: ScanTarget = { accountId: "444455556666", accountName: "ml-locked", regions: ["eu-central-1", "eu-west-1"], roleArns: ["arn:aws:iam::444455556666:role/OrganizationAccountAccessRole"] };
        const denied = Object.assign(new Error("User: arn:aws:sts::111122223333:assumed-role/deployer/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/OrganizationAccountAccessRole"), { name: "AccessDenied" });
        let assumed = 0;
        const result = await readTargets([TARGET, other], {
            kinds: kinds("models"), since: SINCE,
            client: f.client,
            credentials: t => t.accountId === other.accountId ? async () => {
                assumed++;
                throw denied;
            } : undefined,
        });
        assert.equal(assumed, 1, "the role is tried once per account, not once per region");
        assert.deepStrictEqual(result.regions.map(r => [r.accountId, r.region, r.reachable]), [
            [live.ACCOUNT, live.REGION, true], ["444455556666", "eu-central-1", false], ["444455556666", "eu-west-1", false],
        ]);
        assert.equal(result.regions[1].failures[0].operation, "sts:AssumeRole");
        assert.match(result.regions[1].failures[0].message,
            /^cannot assume arn:aws:iam::444455556666:role\/OrganizationAccountAccessRole: AccessDenied: User: .* is not authorized to perform: sts:AssumeRole/);
    });

    it("throttling is retried by the SDK's own strategy (adaptive, maxAttempts), then reported with the attempts", async function () {
        this.timeout(30_000);
        const throttledThenOk = (failures: number) => {
            let calls = 0;
            return {
                calls: () => calls,
                handle: async () => {
                    calls++;
                    const throttled = calls <= failures;
                    return {
                        response: {
                            statusCode: throttled ? 400 : 200, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `r-${calls}` },
                            body: Readable.from([Buffer.from(JSON.stringify(throttled ? { __type: "ThrottlingException", message: "Rate exceeded" } : { Models: [] }))]),
                        },
                    };
                },
            };
        };
        for (const [maxAttempts, expect] of [[3, "read"], [2, "failed"]] as const) {
            const handler = throttledThenOk(2);
            const result = await readTargets([TARGET], {
                kinds: kinds("models"), since: SINCE, maxAttempts, credentials: () => undefined,
                client: (region, _c, attempts) => new SageMakerClient({
                    region, retryMode: "adaptive", maxAttempts: attempts, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, requestHandler: handler,
                }),
            });
            assert.equal(handler.calls(), Math.min(maxAttempts, 3));
            if (expect === "read") {
                assert.deepStrictEqual(result.regions[0].failures, []);
            } else {
                assert.deepStrictEqual(result.regions[0].failures.map(x => x.message), ["ThrottlingException: Rate exceeded (after 2 attempts)"]);
            }
        }
    });

    it("reaches each account as the providers do: the member role, chained behind managementRoleArn, none for the management account", () => {
        const raw = prod();
        const config = parse({ ...raw, organization: { ...raw.organization, managementRoleArn: "arn:aws:iam::111122223333:role/deployer" } });
        const accounts = [
            { id: "555566667777", name: "b", regions: ["eu-west-1", "eu-central-1"] },
            { id: "111122223333", name: "management", regions: ["eu-west-1"] },
        ] as never;
        assert.deepStrictEqual(scanTargets(config, accounts).map(t => [t.accountId, t.regions, t.roleArns]), [
            ["111122223333", ["eu-west-1"], ["arn:aws:iam::111122223333:role/deployer"]],
            ["555566667777", ["eu-central-1", "eu-west-1"], ["arn:aws:iam::111122223333:role/deployer", "arn:aws:iam::555566667777:role/OrganizationAccountAccessRole"]],
        ]);
    });
});
