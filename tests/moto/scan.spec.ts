/**
 * `mlgov scan` end to end against moto: an organization seeded through Organizations (an ML OU with
 * a compliant account, a non-compliant one and one whose role cannot be assumed), SageMaker
 * resources created in each account through the member role, the stack config discovering the OU,
 * and the built pack judging what the scan read. Once in process (to stand in for what moto cannot
 * do), once as the `mlgov` command a user runs with AWS_ENDPOINT_URL.
 *
 * moto 5.2.1 and AWS differ here; the test follows AWS's documentation:
 * - DescribeNotebookInstance leaves out InstanceMetadataServiceConfiguration and PlatformIdentifier,
 *   DescribeProcessingJob leaves out ProcessingResources, and DescribeModel answers
 *   EnableNetworkIsolation false, whatever the Create call set; AWS returns what was set (API
 *   reference, response elements). The in-process run puts the values the seed set back into those
 *   three answers (a middleware on the scan's SageMaker client), and only there; the spawned run
 *   leaves those kinds out.
 * - moto's STS lets any caller assume any role (it ignores trust policies), so the in-process run
 *   makes one account's AssumeRole fail as AWS answers a caller the role does not trust.
 * - moto has no ListUserProfiles, ListSpaces, ListApps, ListMonitoringSchedules or
 *   ListFeatureGroups: those kinds are read in tests/scan/read.spec.ts (aws-sdk-client-mock), and
 *   the runs here leave them out with --types (the one run that asks for them shows how a kind that
 *   cannot be read is reported).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import Ajv from "ajv-draft-04";
import * as SM from "@aws-sdk/client-sagemaker";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { scan } from "../../cli/src/scan/command";
import { MLGOV, REPO } from "../cli/run";
import { SeededAccount, SeededOrganization } from "./organization";
import { useEnv } from "./env";
import { MOTO_CREDENTIALS, MotoServer, useMoto } from "./server";

const REGION = "eu-west-1";
/** The SARIF 2.1.0 schema (rtm.5, as @microsoft/jest-sarif ships it; see tests/cli/sarif-junit.spec.ts for the flags). */
const validateSarif = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(JSON.parse(fs.readFileSync(
    path.join(path.dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas", "sarif-2.1.0-rtm.5.json"), "utf8")));
const MEMBER_ROLE = "OrganizationAccountAccessRole";
/** The kinds moto can list (see above). */
const MOTO_KINDS = "notebook-instances,domains,models,endpoint-configs,endpoints,training-jobs,processing-jobs,transform-jobs,tuning-jobs";

interface Seeded {
    readonly org: SeededOrganization;
    readonly good: SeededAccount;
    readonly bad: SeededAccount;
    readonly locked: SeededAccount;
    readonly stackFile: string;
    /** What moto leaves out of Describe answers, by resource name: the values the seed set. */
    readonly dropped: Map<string, Record<string, unknown>>;
}

function memberClient(server: MotoServer, accountId: string): SM.SageMakerClient {
    const credentials = fromTemporaryCredentials({
        masterCredentials: MOTO_CREDENTIALS,
        params: { RoleArn: `arn:aws:iam::${accountId}:role/${MEMBER_ROLE}`, RoleSessionName: "seed" },
        clientConfig: { region: REGION, endpoint: server.endpoint },
    });
    return new SM.SageMakerClient(server.clientConfig(REGION, credentials));
}

/** One of each kind moto can hold in `accountId`: as the guardrails want (`good`) or as a quick notebook call leaves it. */
async function seedResources(sm: SM.SageMakerClient, accountId: string, good: boolean, dropped: Seeded["dropped"]): Promise<void> {
    const key = `arn:aws:kms:${REGION}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const vpc = { Subnets: ["subnet-0a1b2c3d4e5f60718"], SecurityGroupIds: ["sg-0123456789abcdef0"] };
    const role = `arn:aws:iam::${accountId}:role/ml-jobs`;
    const tags = [{ Key: "owner", Value: "ml-platform" }];
    const p = good ? "good" : "bad";
    const imds = { MinimumInstanceMetadataServiceVersion: "2" };
    await sm.send(new SM.CreateNotebookInstanceCommand({
        NotebookInstanceName: `${p}-nb`, RoleArn: role, Tags: tags,
        ...(good
            ? {
                InstanceType: "ml.t3.medium", SubnetId: vpc.Subnets[0], SecurityGroupIds: vpc.SecurityGroupIds, KmsKeyId: key, DirectInternetAccess: "Disabled",
                RootAccess: "Disabled", InstanceMetadataServiceConfiguration: imds, PlatformIdentifier: "notebook-al2023-v1",
            }
            : { InstanceType: "ml.p3.2xlarge" }),
    }));
    if (good) {
        dropped.set(`${p}-nb`, { InstanceMetadataServiceConfiguration: imds, PlatformIdentifier: "notebook-al2023-v1" });
    }
    await sm.send(new SM.CreateDomainCommand({
        DomainName: `${p}-studio`, AuthMode: "IAM", VpcId: "vpc-0123456789abcdef0", SubnetIds: vpc.Subnets, Tags: tags,
        ...(good
            ? {
                AppNetworkAccessType: "VpcOnly", KmsKeyId: key,
                DefaultUserSettings: { ExecutionRole: role, SecurityGroups: vpc.SecurityGroupIds, SharingSettings: { NotebookOutputOption: "Disabled" } },
                DomainSettings: { ExecutionRoleIdentityConfig: "USER_PROFILE_NAME", SecurityGroupIds: vpc.SecurityGroupIds, DockerSettings: { EnableDockerAccess: "DISABLED" } },
            }
            : { AppNetworkAccessType: "PublicInternetOnly", DefaultUserSettings: { ExecutionRole: role } }),
    }));
    await sm.send(new SM.CreateModelCommand({
        ModelName: `${p}-model`, ExecutionRoleArn: role, Tags: tags,
        PrimaryContainer: { Image: `${accountId}.dkr.ecr.${REGION}.amazonaws.com/churn:1`, ...(good ? { ImageConfig: { RepositoryAccessMode: "Vpc" } } : {}) },
        ...(good ? { VpcConfig: vpc, EnableNetworkIsolation: true } : {}),
    }));
    if (good) {
        dropped.set(`${p}-model`, { EnableNetworkIsolation: true });
    }
    await sm.send(new SM.CreateEndpointConfigCommand({
        EndpointConfigName: `${p}-config`, Tags: tags,
        ProductionVariants: [{ VariantName: "main", ModelName: `${p}-model`, InstanceType: "ml.m5.large", InitialInstanceCount: 2, ...(good ? {} : { EnableSSMAccess: true }) }],
        ...(good ? {
            KmsKeyId: key,
            DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 100, DestinationS3Uri: "s3://ml-capture/churn", KmsKeyId: key, CaptureOptions: [{ CaptureMode: "Input" }] },
        } : {}),
    }));
    await sm.send(new SM.CreateEndpointCommand({ EndpointName: `${p}-endpoint`, EndpointConfigName: `${p}-config`, Tags: tags }));
    const job = {
        RoleArn: role, AlgorithmSpecification: { TrainingImage: `${accountId}.dkr.ecr.${REGION}.amazonaws.com/train:1`, TrainingInputMode: "File" as const },
        ResourceConfig: { InstanceType: good ? "ml.m5.xlarge" as const : "ml.p3.2xlarge" as const, InstanceCount: 1, VolumeSizeInGB: 30, ...(good ? { VolumeKmsKeyId: key } : {}) },
        OutputDataConfig: { S3OutputPath: "s3://ml-models/out", ...(good ? { KmsKeyId: key } : {}) }, StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        ...(good ? { VpcConfig: vpc, EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true } : {}),
    };
    await sm.send(new SM.CreateTrainingJobCommand({ TrainingJobName: `${p}-training`, Tags: tags, ...job }));
    await sm.send(new SM.CreateHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: `${p}-tuning`, Tags: tags,
        HyperParameterTuningJobConfig: { Strategy: "Bayesian", ResourceLimits: { MaxParallelTrainingJobs: 1, MaxNumberOfTrainingJobs: 2 } },
        TrainingJobDefinition: { ...job, StaticHyperParameters: {} },
    }));
    const processingResources = {
        ClusterConfig: { InstanceType: job.ResourceConfig.InstanceType, InstanceCount: 1, VolumeSizeInGB: 30, ...(good ? { VolumeKmsKeyId: key } : {}) },
    };
    dropped.set(`${p}-processing`, { ProcessingResources: processingResources });
    await sm.send(new SM.CreateProcessingJobCommand({
        ProcessingJobName: `${p}-processing`, RoleArn: role, AppSpecification: { ImageUri: `${accountId}.dkr.ecr.${REGION}.amazonaws.com/features:1` }, Tags: tags,
        ProcessingResources: processingResources,
        ProcessingOutputConfig: { Outputs: [], ...(good ? { KmsKeyId: key } : {}) }, StoppingCondition: { MaxRuntimeInSeconds: 600 },
        ...(good ? { NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true, VpcConfig: vpc } } : {}),
    }));
    await sm.send(new SM.CreateTransformJobCommand({
        TransformJobName: `${p}-transform`, ModelName: `${p}-model`, Tags: tags,
        TransformInput: { DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://ml-data/in" } } },
        TransformOutput: { S3OutputPath: "s3://ml-data/out", ...(good ? { KmsKeyId: key } : {}) },
        TransformResources: { InstanceType: good ? "ml.m5.large" : "ml.p3.2xlarge", InstanceCount: 1, ...(good ? { VolumeKmsKeyId: key } : {}) },
    }));
}

/** The seeded organization and a stack config that discovers its ML OU. */
async function seed(server: MotoServer, dir: string): Promise<Seeded> {
    const org = await SeededOrganization.create(server);
    const ml = await org.ou("ml");
    const research = await org.ou("research", ml);
    const good = await org.account("ml-good", ml, { "mlgov:vpc-cidr": "10.40.0.0/16" });
    const bad = await org.account("ml-bad", research, { "mlgov:vpc-cidr": "10.41.0.0/16", "mlgov:regions": "eu-west-1 eu-central-1" });
    const locked = await org.account("ml-locked", ml, { "mlgov:vpc-cidr": "10.42.0.0/16" });
    await org.account("sandbox", org.rootId);
    const dropped: Seeded["dropped"] = new Map();
    await seedResources(memberClient(server, good.id), good.id, true, dropped);
    await seedResources(memberClient(server, bad.id), bad.id, false, dropped);
    const stackFile = path.join(dir, "Pulumi.moto.yaml");
    fs.writeFileSync(stackFile, [
        "config:",
        "  ml-governance:environment: dev",
        "  ml-governance:owner: ml-platform",
        `  ml-governance:defaultRegion: ${REGION}`,
        "  ml-governance:organization:",
        `    managementAccountId: "${org.managementAccountId}"`,
        '    securityAccountId: "222233334444"',
        `    memberRoleName: ${MEMBER_ROLE}`,
        "  ml-governance:discovery:",
        `    organizationalUnits: [${ml}]`,
        "  ml-governance:policyPackConfig: policypacks/ml-guardrails/config/dev.json",
        "",
    ].join("\n"));
    return { org, good, bad, locked, stackFile, dropped };
}

/** Environment variables pointing the SDK at moto with the default account's credentials (as `pulumi up` would find them). */
function motoEnv(server: MotoServer): Record<string, string | undefined> {
    return {
        AWS_ENDPOINT_URL: server.endpoint, AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined, AWS_REGION: REGION,
    };
}

interface JsonScan {
    resources: number;
    accounts: Array<{ id: string; name: string; resources: number; violations: Record<string, number>;
        regions: Array<{ region: string; reachable: boolean; resources: Record<string, number>; failures: Array<{ kind?: string; operation: string; message: string }> }> }>;
    violations: Array<{ account: string; region: string; arn: string; urn: string; type: string; policy: string; enforcementLevel: string; message: string }>;
}

/** Mandatory policies per resource name, for one account. */
function mandatoryByResource(out: JsonScan, account: string): Record<string, string[]> {
    const by: Record<string, Set<string>> = {};
    for (const v of out.violations.filter(x => x.account === account && x.enforcementLevel === "mandatory")) {
        (by[v.arn.split("/").pop() as string] ??= new Set()).add(v.policy);
    }
    return Object.fromEntries(Object.entries(by).map(([k, s]) => [k, [...s].sort()]));
}

const SEEDED_COUNTS = {
    "notebook-instances": 1, domains: 1, models: 1, "endpoint-configs": 1, endpoints: 1, "training-jobs": 1, "processing-jobs": 1, "transform-jobs": 1, "tuning-jobs": 1,
};
const JOB = ["sagemaker-approved-instance-types", "sagemaker-job-in-vpc", "sagemaker-job-kms", "sagemaker-job-network-isolation", "sagemaker-job-traffic-encryption"];
const BAD_VERDICTS = {
    "bad-nb": [
        "sagemaker-approved-instance-types", "sagemaker-notebook-imdsv2", "sagemaker-notebook-in-vpc", "sagemaker-notebook-kms", "sagemaker-notebook-no-direct-internet",
        "sagemaker-notebook-root-access-disabled",
    ],
    // moto names a domain's ARN after its name: d-<name>.
    "d-bad-studio": ["sagemaker-domain-kms", "sagemaker-domain-source-identity", "sagemaker-domain-vpc-only", "sagemaker-studio-security-groups"],
    "bad-model": ["sagemaker-model-in-vpc", "sagemaker-model-network-isolation"],
    "bad-config": ["sagemaker-endpoint-config-kms", "sagemaker-endpoint-ssm-access-disabled"],
    "bad-training": JOB,
    "bad-tuning": JOB,
    "bad-processing": JOB,
    "bad-transform": ["sagemaker-approved-instance-types"],
};

describe("moto: mlgov scan of a seeded organization", function () {
    this.timeout(120_000);
    const moto = useMoto();
    let dir: string;
    const setEnv = useEnv();
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlgov-scan-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Runs `mlgov scan` in this process, with the moto corrections described at the top. */
    async function scanHere(s: Seeded, args: string[], now?: Date) {
        setEnv(motoEnv(moto()));
        let stdout = "";
        let stderr = "";
        const code = await scan(["--cwd", REPO, "--stack", "moto", "--config-file", s.stackFile, ...args], {
            stdout: t => (stdout += t), stderr: t => (stderr += t),
        }, {
            ...(now ? { now: () => now } : {}),
            client: (region, credentials, maxAttempts) => {
                const client = new SM.SageMakerClient({ region, maxAttempts, retryMode: "adaptive", ...(credentials ? { credentials } : {}) });
                client.middlewareStack.add(next => async args => {
                    const result = await next(args);
                    const output = result.output as { NotebookInstanceName?: string; ModelName?: string; ProcessingJobName?: string; ProcessingJobArn?: string };
                    // Describe answers only (a List answer names no single resource).
                    const name = output.NotebookInstanceName ?? output.ModelName ?? (output.ProcessingJobArn ? output.ProcessingJobName : undefined);
                    const restored = s.dropped.get(name ?? "");
                    return restored ? { ...result, output: { ...result.output, ...restored } } : result;
                }, { step: "initialize", name: "motoRestoresWhatAwsReturns" });
                return client;
            },
            credentials: (target, region) => target.accountId === s.locked.id
                ? async () => {
                    throw Object.assign(new Error(`User: arn:aws:sts::${s.org.managementAccountId}:assumed-role/ci/scan is not authorized to perform: ` +
                        `sts:AssumeRole on resource: ${target.roleArns.join(", ")}`), { name: "AccessDenied" });
                }
                : fromTemporaryCredentials({
                    params: { RoleArn: target.roleArns[target.roleArns.length - 1], RoleSessionName: "ml-governance-scan" }, clientConfig: { region },
                }),
        });
        return { code, stdout, stderr };
    }

    it("reads every governed account and region, judges each resource, and reports the account it cannot reach", async () => {
        const s = await seed(moto(), dir);
        const { code, stdout, stderr } = await scanHere(s, ["--format", "json", "--types", MOTO_KINDS]);
        assert.equal(code, 1, `a mandatory violation: exit 1\n${stderr}`);
        const out = JSON.parse(stdout) as JsonScan;
        assert.deepStrictEqual(out.accounts.map(a => [a.id, a.name, a.regions.map(r => [r.region, r.reachable])]), [
            [s.good.id, "ml-good", [[REGION, true]]],
            [s.bad.id, "ml-bad", [["eu-central-1", true], [REGION, true]]],
            [s.locked.id, "ml-locked", [[REGION, false]]],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
        const account = (id: string) => out.accounts.find(a => a.id === id) as JsonScan["accounts"][number];
        assert.deepStrictEqual(account(s.good.id).regions[0].resources, SEEDED_COUNTS);
        assert.deepStrictEqual(account(s.bad.id).regions.find(r => r.region === REGION)?.resources, SEEDED_COUNTS);
        assert.equal(Object.values(account(s.bad.id).regions.find(r => r.region === "eu-central-1")?.resources ?? {}).reduce((a, b) => a + b, 0), 0,
            "nothing in the other region");
        assert.equal(out.resources, 18);

        assert.deepStrictEqual(mandatoryByResource(out, s.good.id), {}, "the compliant account passes every mandatory policy");
        assert.deepStrictEqual(mandatoryByResource(out, s.bad.id), Object.fromEntries(Object.entries(BAD_VERDICTS).map(([k, v]) => [k, [...v].sort()])));

        const locked = account(s.locked.id);
        assert.equal(locked.resources, 0);
        assert.equal(locked.regions[0].failures[0].operation, "sts:AssumeRole");
        assert.match(locked.regions[0].failures[0].message, new RegExp(`cannot assume arn:aws:iam::${s.locked.id}:role/${MEMBER_ROLE}: AccessDenied`));

        const v = out.violations.find(x => x.arn.endsWith("notebook-instance/bad-nb") && x.policy === "sagemaker-notebook-kms");
        assert.equal(v?.urn, `urn:pulumi:moto::live::aws:sagemaker/notebookInstance:NotebookInstance::arn:aws:sagemaker:${REGION}:${s.bad.id}:notebook-instance/bad-nb`);
        assert.equal(v?.region, REGION);
    });

    it("text output: per account and region, the account not reached, a summary per account", async () => {
        const s = await seed(moto(), dir);
        const { code, stdout } = await scanHere(s, ["--types", "notebook-instances,models"]);
        assert.equal(code, 1);
        assert.match(stdout, new RegExp(`^Account ${s.bad.id} \\(ml-bad\\)\n  eu-central-1: no SageMaker resources\n  ${REGION}: 1 notebook instances, 1 models\n`, "m"));
        assert.match(stdout, new RegExp(`^  ${REGION}: NOT REACHED, nothing read: sts:AssumeRole: cannot assume`, "m"));
        assert.match(stdout, new RegExp(`^Summary per account:\n(  .*\n){3}`, "m"));
        assert.match(stdout, new RegExp(`^  ${s.good.id} \\(ml-good\\): 2 resources in 1 region; violations: 0 mandatory`, "m"));
        assert.match(stdout, new RegExp(`^  ${s.locked.id} \\(ml-locked\\): 0 resources in 1 region; violations: 0 mandatory, 0 advisory; NOT REACHED$`, "m"));
        assert.match(stdout, /VIOLATIONS: 2 live resource\(s\) violate mandatory policies\. 4 resources judged\. INCOMPLETE/);
    });

    it("SARIF (valid 2.1.0, one result per finding, located by URN) and JUnit (a failure per mandatory finding)", async () => {
        const s = await seed(moto(), dir);
        const json = JSON.parse((await scanHere(s, ["--format", "json", "--types", "notebook-instances,models"])).stdout) as JsonScan;
        const sarif = await scanHere(s, ["--format", "sarif", "--types", "notebook-instances,models"]);
        assert.equal(sarif.code, 1);
        const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: unknown[]; automationDetails: { id: string } }> };
        assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3)));
        const results = log.runs[0].results as Array<{ ruleId: string; level: string; locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }>;
        assert.equal(results.length, json.violations.length);
        const kms = results.find(r => r.ruleId === "sagemaker-notebook-kms");
        assert.equal(kms?.level, "error");
        assert.equal(kms?.locations[0].logicalLocations[0].fullyQualifiedName,
            `urn:pulumi:moto::live::aws:sagemaker/notebookInstance:NotebookInstance::arn:aws:sagemaker:${REGION}:${s.bad.id}:notebook-instance/bad-nb`);
        assert.equal(log.runs[0].automationDetails.id, "scan/moto/");

        const junit = await scanHere(s, ["--format", "junit", "--types", "notebook-instances,models"]);
        assert.equal(junit.code, 1);
        const mandatory = json.violations.filter(v => v.enforcementLevel === "mandatory").length;
        assert.match(junit.stdout, new RegExp(`^<testsuites name="mlgov scan moto" tests="\\d+" failures="${mandatory}" errors="0">`, "m"));
        assert.equal((junit.stdout.match(/<failure /g) ?? []).length, mandatory);
    });

    it("reads only the jobs of the window, and exits 4 when nothing violates but not everything was read", async () => {
        const s = await seed(moto(), dir);
        // A clock a month ahead: every seeded job is older than the 7-day window.
        const { code, stdout } = await scanHere(s, ["--format", "json", "--types", "training-jobs,processing-jobs,transform-jobs,tuning-jobs"],
            new Date(Date.now() + 30 * 86_400_000));
        assert.equal(code, 4, "no violation, but one account was not reached");
        const out = JSON.parse(stdout) as JsonScan;
        assert.equal(out.resources, 0);
    });

    it("exits 0 when every resource it read passes and everything was read", async () => {
        const s = await seed(moto(), dir);
        const good = fs.readFileSync(s.stackFile, "utf8")
            .replace(/  ml-governance:discovery:\n.*\n/, `  ml-governance:accounts:\n    - id: "${s.good.id}"\n      name: ml-good\n`);
        fs.writeFileSync(s.stackFile, good);
        const { code, stdout, stderr } = await scanHere(s, ["--types", MOTO_KINDS]);
        assert.equal(code, 0, `${stdout}\n${stderr}`);
        assert.match(stdout, /PASSED: no mandatory violation\. 9 resources judged\.$/m);
    });

    it("as a user runs it: the mlgov command with AWS_ENDPOINT_URL, real role chains through moto's STS", async () => {
        const s = await seed(moto(), dir);
        const env = { ...process.env, ...motoEnv(moto()) };
        for (const [k, v] of Object.entries(env)) {
            if (v === undefined) {
                delete env[k];
            }
        }
        const run = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
            const child = spawn(process.execPath, [MLGOV, "scan", "--stack", "moto", "--config-file", s.stackFile, ...args], { cwd: REPO, env });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", c => (stdout += c));
            child.stderr.on("data", c => (stderr += c));
            child.on("error", reject);
            child.on("close", code => resolve({ code, stdout, stderr }));
        });
        // Every account is reached here: moto's STS grants each member role, whose keys act in that account.
        const { code, stdout, stderr } = await run(["--format", "json", "--max-attempts", "1", "--types", "domains,endpoint-configs,training-jobs,transform-jobs,user-profiles"]);
        assert.equal(code, 1, stderr);
        const out = JSON.parse(stdout) as JsonScan;
        assert.deepStrictEqual(out.accounts.map(a => a.id).sort(), [s.good.id, s.bad.id, s.locked.id].sort());
        const good = out.accounts.find(a => a.id === s.good.id);
        assert.deepStrictEqual(good?.regions[0].resources, { domains: 1, "endpoint-configs": 1, "training-jobs": 1, "transform-jobs": 1, "user-profiles": 0 });
        assert.equal(good?.violations.mandatory ?? 0, 0);
        assert.deepStrictEqual(mandatoryByResource(out, s.bad.id)["bad-training"], JOB);
        // moto has no ListUserProfiles (an HTML 500 page): reported for the kind, never skipped.
        const failure = good?.regions[0].failures[0];
        assert.equal(failure?.kind, "user-profiles");
        assert.equal(failure?.operation, "ListUserProfiles");
        assert.match(failure?.message ?? "", /SyntaxError|Deserialization|500/);
    });
});
