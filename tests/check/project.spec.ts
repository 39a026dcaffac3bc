/**
 * The project and stack config as `mlgov check` reads them (cli/src/check/project.ts): Pulumi's
 * namespacing and value encoding, project-level defaults and types, secure values left out, ESC
 * imports refused, stack names, the entry point.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    configValue, findProjectDir, namespacedKey, parseStackName, programEntry, readProject, readStackConfig, snapshotFileOf, StackError,
    stacksWithConfig,
} from "../../cli/src/check/project";

let dir: string;

function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
}

describe("mlgov check: project and stack config", () => {
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlgov-project-"));
        write("Pulumi.yaml", [
            "name: demo",
            "runtime:",
            "  name: nodejs",
            "config:",
            "  owner:",
            "    type: string",
            "    default: platform",
            "  replicas:",
            "    type: integer",
            "  aws:region:",
            "    value: us-west-2",
            "  tier: gold",
            "",
        ].join("\n"));
    });

    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("namespaces keys and encodes values as the Pulumi runtime holds them", () => {
        write("Pulumi.dev.yaml", [
            "config:",
            "  aws:region: eu-west-1",
            "  replicas: 3",
            "  demo:enabled: true",
            "  accounts:",
            "    - id: \"012345678901\"",
            "      name: research",
            "  demo:limits: {cpu: 2}",
            "",
        ].join("\n"));
        const stack = readStackConfig(readProject(dir), "dev");
        assert.deepEqual(stack.config, {
            "aws:region": "eu-west-1",
            "demo:replicas": "3",
            "demo:enabled": "true",
            "demo:accounts": JSON.stringify([{ id: "012345678901", name: "research" }]),
            "demo:limits": "{\"cpu\":2}",
            // Project-level defaults under the stack's values.
            "demo:owner": "platform",
            "demo:tier": "gold",
        });
        assert.equal(stack.stack, "dev");
        assert.equal(stack.organization, undefined);
        assert.deepEqual(stack.secureKeys, []);
    });

    it("leaves out secure values (anywhere in a value) and lists their keys", () => {
        write("Pulumi.dev.yaml", "config:\n  replicas: 1\n  demo:token:\n    secure: v1:abc\n  demo:db:\n    host: x\n    password:\n      secure: v1:def\n");
        const stack = readStackConfig(readProject(dir), "dev");
        assert.deepEqual(stack.secureKeys, ["demo:db", "demo:token"]);
        assert.ok(!("demo:token" in stack.config) && !("demo:db" in stack.config));
    });

    it("rejects what pulumi preview rejects: a declared key without default left unset, a value of the wrong type", () => {
        write("Pulumi.dev.yaml", "config:\n  owner: 42\n");
        assert.throws(() => readStackConfig(readProject(dir), "dev"), (e: StackError) => {
            assert.match(e.message, /owner must be of type string \(Pulumi\.yaml declares it\), got integer/);
            assert.match(e.message, /demo:replicas is declared in Pulumi\.yaml without a default and is not set/);
            return true;
        });
    });

    it("refuses stack configs that import ESC environments", () => {
        write("Pulumi.dev.yaml", "environment:\n  - shared/aws\nconfig:\n  replicas: 1\n");
        assert.throws(() => readStackConfig(readProject(dir), "dev"), /imports Pulumi ESC environments \("environment"\)/);
    });

    it("finds the stacks with a config file, and says which exist when one is missing", () => {
        write("Pulumi.dev.yaml", "config: {replicas: 1}\n");
        write("Pulumi.prod.yml", "config: {replicas: 2}\n");
        const project = readProject(dir);
        assert.deepEqual(stacksWithConfig(project), ["dev", "prod"]);
        assert.equal(readStackConfig(project, "prod").config["demo:replicas"], "2");
        assert.throws(() => readStackConfig(project, "test"), (e: StackError) =>
            /stack test has no config file/.test(e.message) && e.hint === "Stacks of project demo with a config file: dev, prod");
    });

    it("reads a stack config given with --config-file, under the stack name given", () => {
        const file = write("elsewhere/any.yaml", "config: {replicas: 5}\n");
        const stack = readStackConfig(readProject(dir), "acme/bench-10", file);
        assert.equal(stack.stack, "bench-10");
        assert.equal(stack.organization, "acme");
        assert.equal(stack.config["demo:replicas"], "5");
    });

    it("parses stack names as the Pulumi CLI does", () => {
        assert.deepEqual(parseStackName("dev", "demo"), { stack: "dev", organization: undefined });
        assert.deepEqual(parseStackName("acme/demo/prod", "demo"), { stack: "prod", organization: "acme" });
        for (const bad of ["", "a b", "x/y/z/w", "acme/other/dev", "/dev", "dév"]) {
            assert.throws(() => parseStackName(bad, "demo"), StackError, bad);
        }
    });

    it("honours stackConfigDir and main, and finds Pulumi.yaml from a subfolder", () => {
        write("Pulumi.yaml", "name: demo\nruntime: nodejs\nmain: src/program.ts\nstackConfigDir: stacks\n");
        write("stacks/Pulumi.dev.yaml", "config: {}\n");
        write("src/program.ts", "export = {};\n");
        fs.mkdirSync(path.join(dir, "src", "deep"));
        const project = readProject(findProjectDir(path.join(dir, "src", "deep"))!);
        assert.equal(project.stackConfigDir, path.join(dir, "stacks"));
        assert.deepEqual(stacksWithConfig(project), ["dev"]);
        assert.equal(programEntry(project), path.join(dir, "src", "program.ts"));
    });

    it("takes the entry point from package.json when Pulumi.yaml has no main, else the project folder", () => {
        const project = readProject(dir);
        write("package.json", "{\"name\": \"demo\"}");
        assert.equal(programEntry(project), dir);
        write("package.json", "{\"name\": \"demo\", \"main\": \"bin/index.js\"}");
        write("bin/index.js", "");
        assert.equal(programEntry(readProject(dir)), path.join(dir, "bin", "index.js"));
    });

    it("refuses a project that is not a Node.js one, or has no name", () => {
        write("Pulumi.yaml", "name: demo\nruntime: python\n");
        assert.throws(() => readProject(dir), /runtime "python"; mlgov check runs Node\.js programs/);
        write("Pulumi.yaml", "runtime: nodejs\n");
        assert.throws(() => readProject(dir), /has no "name"/);
    });

    it("names the snapshot next to the stack config, and keeps bare keys' namespace", () => {
        assert.equal(snapshotFileOf("/p/Pulumi.dev.yaml"), "/p/Pulumi.dev.accounts.json");
        assert.equal(namespacedKey("aws:region", "demo"), "aws:region");
        assert.equal(namespacedKey("owner", "demo"), "demo:owner");
        assert.equal(configValue(false), "false");
        assert.equal(configValue(["a"]), "[\"a\"]");
    });
});
