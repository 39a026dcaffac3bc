/**
 * functions/build.ts: the bundle it writes loads in a fresh Node.js process with nothing installed
 * beside it, exports the handler, carries the AWS SDK inside, and is the same bytes on every build.
 */
import * as assert from "assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildFunctions, functionNames, LAMBDA_HANDLER } from "../../functions/build";

describe("corrective control: functions build", function () {
    this.timeout(120_000);
    const dirs: string[] = [];
    const tempDir = () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), "fn-build-"));
        dirs.push(dir);
        return dir;
    };
    after(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));

    it("finds the stop-unapproved function", () => {
        assert.ok(functionNames().includes("stop-unapproved"));
    });

    let bundle: string;
    let first: Awaited<ReturnType<typeof buildFunctions>>;

    it("writes <out>/stop-unapproved/index.js and its source map, and reports them", async () => {
        const out = tempDir();
        first = await buildFunctions({ outDir: out, names: ["stop-unapproved"] });
        assert.strictEqual(first.length, 1);
        bundle = path.join(out, "stop-unapproved", "index.js");
        assert.deepStrictEqual(first[0].files.map(f => f.path), [bundle, `${bundle}.map`]);
        assert.ok(first[0].files.every(f => f.bytes > 0 && /^[0-9a-f]{64}$/.test(f.sha256)));
        const code = readFileSync(bundle, "utf8");
        assert.match(code, /^"use strict";/, "CommonJS");
        assert.match(code, /\/\/# sourceMappingURL=index\.js\.map\s*$/);
    });

    it("bundles the AWS SDK clients: nothing is required but Node's built-ins", () => {
        const code = readFileSync(bundle, "utf8");
        const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map(m => m[1]);
        // The CRT signer is only named in an error message.
        const outside = required.filter(r => !r.startsWith("node:") && r !== "@aws-sdk/signature-v4-crt");
        assert.deepStrictEqual([...new Set(outside)], []);
        assert.match(code, /StopTrainingJobCommand/);
        assert.match(code, /PublishCommand/);
    });

    it(`loads in a fresh process outside the repository and exports the handler (${LAMBDA_HANDLER})`, () => {
        const script = `
            const fn = require(${JSON.stringify(bundle)});
            if (typeof fn.handler !== "function") { throw new Error("no handler export"); }
            fn.handler({ source: "aws.ec2" }, {}).then(r => process.stdout.write("RESULT " + JSON.stringify(r) + "\\n"),
                e => { process.stdout.write("ERROR " + e.message + "\\n"); });`;
        const run = (env: Record<string, string>) => execFileSync(process.execPath, ["-e", script], {
            cwd: os.tmpdir(), env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8",
        });
        const ok = run({ APPROVED_INSTANCE_TYPES: '["ml.m5.*"]', TOPIC_ARN: "arn:aws:sns:us-east-1:111122223333:t", AWS_REGION: "us-east-1" });
        const result = JSON.parse(ok.split("\n").find(l => l.startsWith("RESULT "))!.slice(7));
        assert.strictEqual(result.decision, "ignored");
        assert.ok(ok.split("\n").some(l => l.startsWith("{") && JSON.parse(l).message === "event ignored"), ok);
        const bad = run({ TOPIC_ARN: "arn:aws:sns:us-east-1:111122223333:t" });
        assert.match(bad, /ERROR APPROVED_INSTANCE_TYPES: is not set/);
    });

    it("is deterministic: a second build gives the same bytes", async () => {
        const second = await buildFunctions({ outDir: tempDir(), names: ["stop-unapproved"] });
        assert.deepStrictEqual(second[0].files.map(f => [f.bytes, f.sha256]), first[0].files.map(f => [f.bytes, f.sha256]));
    });

    it("refuses an unknown function name", async () => {
        await assert.rejects(buildFunctions({ outDir: tempDir(), names: ["nope"] }), /no such function: nope/);
    });
});
