/**
 * The SARIF and JUnit reports of an evaluation by the built ml-guardrails pack (over gRPC, as the
 * engine runs it): the SARIF validates against the SARIF 2.1.0 JSON schema, revision rtm.5 as
 * SchemaStore publishes it (`sarif-2.1.0-rtm.5.json`), read from the npm package @microsoft/jest-sarif
 * that ships it (lib/schemas), with a draft-04 validator; the JUnit XML is well-formed and counts what
 * the pack found.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { HostResource } from "../../cli/src/engine";
import { findings } from "../../cli/src/report/findings";
import { junitReport } from "../../cli/src/report/junit";
import { sarifLog, SourceLocation } from "../../cli/src/report/sarif";
import { packHost } from "../harness/pack";
import { compliantNotebook } from "../pack/cases/notebook";

const SCHEMA_FILE = path.join(path.dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas", "sarif-2.1.0-rtm.5.json");
// rtm.5's `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, corrected in errata01) is only a valid
// regular expression without the `u` flag; formats (`uri`, `date-time`) are annotations in draft-04 and not checked.
const validateSarif = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false })
    .compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));

const P = "urn:pulumi:dev::ml-governance";
const NB = "aws:sagemaker/notebookInstance:NotebookInstance";
const provider: HostResource = {
    urn: `${P}::pulumi:providers:aws::ml`, type: "pulumi:providers:aws", name: "ml",
    properties: { region: "us-east-1", allowedAccountIds: JSON.stringify(["111122223333"]) },
};
const withProvider = (r: Omit<HostResource, "provider">): HostResource =>
    ({ ...r, provider: { urn: provider.urn, type: provider.type, name: provider.name, properties: provider.properties } });
/** No KMS key (mandatory), root access on (remediated), no tags (advisory), no trail in the stack (mandatory, stack policy). */
const open = withProvider({ urn: `${P}::${NB}::open`, type: NB, name: "open",
    properties: { ...compliantNotebook, kmsKeyId: undefined, rootAccess: "Enabled" } });
const good = withProvider({ urn: `${P}::${NB}::good`, type: NB, name: "good", properties: { ...compliantNotebook, tags: { team: "ml" } } });
const SOURCES: Record<string, SourceLocation> = { [good.urn]: { file: "components/notebook.ts", line: 42, column: 9 } };

function sarifOf(evaluation: Awaited<ReturnType<typeof packHost.evaluate>>, pack: Awaited<ReturnType<typeof packHost.info>>) {
    return sarifLog({ pack, evaluation, category: "check/dev", sourceOf: urn => SOURCES[urn], fallback: { file: "Pulumi.dev.yaml" } });
}

describe("SARIF and JUnit reports", function () {
    this.timeout(60_000);

    it("SARIF: valid 2.1.0, one rule per policy with help and severity, every finding a result located by URN", async () => {
        const pack = await packHost.info();
        const evaluation = await packHost.evaluate([provider, open, good]);
        const log = sarifOf(evaluation, pack);
        assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 1));
        // The schema does judge: a wrong version, or a result without its message, is refused.
        assert.equal(validateSarif({ ...log, version: "2.0.0" }), false);
        const noMessage: Record<string, unknown> = { ...log.runs[0].results[0] };
        delete noMessage.message;
        assert.equal(validateSarif({ ...log, runs: [{ ...log.runs[0], results: [noMessage] }] }), false);
        const [run] = log.runs;
        assert.deepEqual(run.tool.driver.rules.map(r => r.id), pack.policies.map(p => p.name));
        const kms = run.tool.driver.rules.find(r => r.id === "sagemaker-notebook-kms")!;
        assert.match(kms.help.text, /^Set `kmsKeyId` to the ARN of a customer-managed key[\s\S]*External controls: SageMaker\.21, /);
        assert.equal(kms.properties["security-severity"], "8.0");
        assert.equal(kms.defaultConfiguration.level, "error");
        assert.equal(run.tool.driver.rules.find(r => r.id === "sagemaker-required-tags")!.defaultConfiguration.level, "warning");
        // Every finding is a result, the remediated one included.
        assert.equal(run.results.length, findings(evaluation).length);
        const of = (rule: string, urn: string) => run.results.filter(r => r.ruleId === rule && r.properties.urn === urn);
        const missingKey = of("sagemaker-notebook-kms", open.urn);
        assert.equal(missingKey.length, 1);
        assert.equal(missingKey[0].level, "error");
        assert.equal(run.tool.driver.rules[missingKey[0].ruleIndex!].id, "sagemaker-notebook-kms");
        assert.deepEqual(missingKey[0].locations[0].logicalLocations, [{ fullyQualifiedName: open.urn, name: "open", kind: "resource" }]);
        assert.deepEqual(missingKey[0].locations[0].physicalLocation, { artifactLocation: { uri: "Pulumi.dev.yaml", uriBaseId: "%SRCROOT%" } });
        assert.match(missingKey[0].message.text, /^aws:sagemaker\/notebookInstance:NotebookInstance open: `kmsKeyId` is not set/);
        const root = of("sagemaker-notebook-root-access-disabled", open.urn);
        assert.deepEqual(root.map(r => [r.level, r.properties.remediation]), [["note", "applied"]]);
        assert.equal(of("sagemaker-required-tags", open.urn)[0]?.level, "warning");
        assert.ok(run.results.some(r => r.ruleId === "sagemaker-cloudtrail-coverage" && r.level === "error"), "the stack policy's finding");
        assert.equal(new Set(run.results.map(r => r.partialFingerprints["mlgovFinding/v1"])).size, run.results.length);
    });

    it("SARIF: the source file where it is known; deployed state reports the fix the next update applies as an error", async () => {
        const pack = await packHost.info();
        const unencryptedGood = { ...good, properties: { ...good.properties, kmsKeyId: "alias/aws/sagemaker" } };
        const log = sarifOf(await packHost.evaluate([provider, open, unencryptedGood], { deployedState: true }), pack);
        assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 1));
        const results = log.runs[0].results;
        const located = results.find(r => r.properties.urn === good.urn && r.ruleId === "sagemaker-notebook-kms")!;
        assert.deepEqual(located.locations[0].physicalLocation,
            { artifactLocation: { uri: "components/notebook.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 42, startColumn: 9 } });
        const root = results.filter(r => r.ruleId === "sagemaker-notebook-root-access-disabled" && r.properties.urn === open.urn);
        assert.deepEqual(root.map(r => [r.level, r.properties.enforcementLevel, r.properties.remediation]), [["error", "mandatory", "next-update"]]);
        assert.match(root[0].message.text, /\(the next update remediates it\)$/);
    });

    it("JUnit: well-formed, a suite per policy, mandatory findings as failures, the others passing", async () => {
        const pack = await packHost.info();
        const evaluation = await packHost.evaluate([provider, open, good]);
        const xml = junitReport({ pack, evaluation, name: "mlgov check dev <&>" });
        assert.equal(XMLValidator.validate(xml), true);
        const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: n => n === "testsuite" || n === "testcase" })
            .parse(xml) as { testsuites: { name: string; tests: string; failures: string; testsuite: Array<{ name: string; failures: string; testcase: Array<{ name: string; failure?: { type: string } }> }> } };
        const root = doc.testsuites;
        assert.equal(root.name, "mlgov check dev <&>");
        assert.deepEqual(root.testsuite.map(s => s.name), pack.policies.map(p => p.name));
        const mandatory = findings(evaluation).filter(f => f.enforcementLevel === "mandatory").length;
        assert.ok(mandatory >= 2);
        assert.equal(Number(root.failures), mandatory);
        assert.equal(Number(root.tests), root.testsuite.reduce((n, s) => n + s.testcase.length, 0));
        const kms = root.testsuite.find(s => s.name === "sagemaker-notebook-kms")!;
        assert.deepEqual(kms.testcase.map(c => [c.name, c.failure?.type]), [[`${NB} open`, "mandatory"]]);
        const quiet = root.testsuite.find(s => s.name === "sagemaker-model-in-vpc")!;
        assert.deepEqual(quiet.testcase.map(c => [c.name, c.failure]), [["no finding in 3 resources", undefined]]);
        const remediated = root.testsuite.find(s => s.name === "sagemaker-notebook-root-access-disabled")!;
        assert.equal(remediated.failures, "0");
    });
});
