/** The shipped policy configs (config/dev.json, config/prod.json) are valid and do what they say. */
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { defaultPackDir, HostResource } from "../../cli/src/engine";
import { packHost } from "../harness/pack";
import { compliantEndpointConfiguration } from "./cases/endpoint";
import { compliantNotebook } from "./cases/notebook";

const load = (env: string) => JSON.parse(readFileSync(join(defaultPackDir(), "config", `${env}.json`), "utf8"));
const P = "urn:pulumi:test::ml-governance";

const smallEndpoint: HostResource = {
    urn: `${P}::aws:sagemaker/endpointConfiguration:EndpointConfiguration::fraud`, type: "aws:sagemaker/endpointConfiguration:EndpointConfiguration", name: "fraud",
    properties: {
        ...compliantEndpointConfiguration, dataCaptureConfig: undefined,
        productionVariants: [{ variantName: "AllTraffic", modelName: "fraud-model", instanceType: "ml.m5.xlarge", initialInstanceCount: 1 }],
        tags: { owner: "fraud-team", environment: "prod" },
    },
};
const oldNotebook: HostResource = {
    urn: `${P}::aws:sagemaker/notebookInstance:NotebookInstance::lab`, type: "aws:sagemaker/notebookInstance:NotebookInstance", name: "lab",
    properties: { ...compliantNotebook, platformIdentifier: "notebook-al2-v2", tags: { owner: "lab", environment: "prod" } },
};

async function levels(env: string): Promise<Record<string, string[]>> {
    await packHost.configure(load(env), { stack: env, dryRun: true });
    const { diagnostics } = await packHost.evaluate([JSON.parse(JSON.stringify(smallEndpoint)), JSON.parse(JSON.stringify(oldNotebook))]);
    const out: Record<string, string[]> = {};
    for (const d of diagnostics.filter(x => x.policyName !== "sagemaker-cloudtrail-coverage")) {
        (out[d.policyName] ??= []).push(d.enforcementLevel);
    }
    return out;
}

describe("shipped policy configs", function () {
    this.timeout(60_000);

    it("dev.json: production switches off, hygiene advisory", async () => {
        const found = await levels("dev");
        assert.deepStrictEqual(found["sagemaker-endpoint-instance-count"], ["advisory"]);
        assert.strictEqual(found["sagemaker-endpoint-data-capture"], undefined);
        assert.deepStrictEqual(found["sagemaker-notebook-supported-platform"], ["advisory"]);
        assert.strictEqual(found["sagemaker-required-tags"], undefined);
    });

    it("prod.json: data capture, instance counts, platform and tags are mandatory", async () => {
        const found = await levels("prod");
        assert.deepStrictEqual(found["sagemaker-endpoint-instance-count"], ["mandatory"]);
        assert.deepStrictEqual(found["sagemaker-endpoint-data-capture"], ["mandatory"]);
        assert.deepStrictEqual(found["sagemaker-notebook-supported-platform"], ["mandatory"]);
        assert.deepStrictEqual(found["sagemaker-required-tags"], ["mandatory", "mandatory"]);
    });

    it("name only policies the pack has", async () => {
        const names = new Set((await packHost.info()).policies.map(p => p.name));
        for (const env of ["dev", "prod"]) {
            for (const key of Object.keys(load(env)).filter(k => k !== "all")) {
                assert.ok(names.has(key), `${env}.json names unknown policy ${key}`);
            }
        }
    });
});
