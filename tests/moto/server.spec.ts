/**
 * The moto harness itself: a server on a free loopback port that answers, keeps its log, forgets
 * everything on reset and leaves no process behind; a missing moto is one sentence, not a stack trace.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateTopicCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { MOTO_MISSING, MotoServer, MotoUnavailableError } from "./server";

/** True while a process with this PID exists. */
function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code !== "ESRCH";
    }
}

async function unavailable(f: () => Promise<unknown>): Promise<MotoUnavailableError> {
    try {
        await f();
    } catch (e) {
        assert.ok(e instanceof MotoUnavailableError, `expected a MotoUnavailableError, got ${e instanceof Error ? e.stack : String(e)}`);
        return e;
    }
    assert.fail("moto started; expected a MotoUnavailableError");
}

describe("moto harness", function () {
    this.timeout(60_000);

    it("starts moto_server on a free loopback port, resets it, keeps its log, and stops it by its PID", async () => {
        const server = await MotoServer.start();
        const pid = server.pid;
        try {
            assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
            assert.ok(alive(pid));
            const sns = new SNSClient(server.clientConfig());
            await sns.send(new CreateTopicCommand({ Name: "harness" }));
            assert.equal((await sns.send(new ListTopicsCommand({}))).Topics?.length, 1);
            await server.reset();
            assert.equal((await sns.send(new ListTopicsCommand({}))).Topics?.length ?? 0, 0, "reset forgets every resource");
            assert.match(server.log(), /"POST \/moto-api\/reset HTTP\/1\.1" 200/, "the request log is captured");
        } finally {
            await server.stop();
        }
        assert.equal(server.running, false);
        assert.equal(alive(pid), false, `moto_server (PID ${pid}) is still running after stop`);
    });

    it("runs two servers side by side, each on its own port", async () => {
        const [a, b] = await Promise.all([MotoServer.start(), MotoServer.start()]);
        try {
            assert.notEqual(a.port, b.port);
            await new SNSClient(a.clientConfig()).send(new CreateTopicCommand({ Name: "only-in-a" }));
            assert.equal((await new SNSClient(b.clientConfig()).send(new ListTopicsCommand({}))).Topics?.length ?? 0, 0);
        } finally {
            await Promise.all([a.stop(), b.stop()]);
        }
    });

    describe("without moto", () => {
        it("fails with the sentence that says what to install when moto_server is not on PATH", async () => {
            const e = await unavailable(() => MotoServer.start({ command: "moto_server-not-installed-here" }));
            assert.equal(e.message, MOTO_MISSING);
            assert.equal(e.stack, MOTO_MISSING, "mocha prints the sentence, not a stack trace");
            assert.match(e.message, /pip install "moto\[server\]"/);
        });

        it("says the same when a Python shim has no moto behind it (exit 127)", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "moto-shim-"));
            const shim = path.join(dir, "moto_server");
            fs.writeFileSync(shim, "#!/bin/sh\necho \"pyenv: moto_server: command not found\" >&2\nexit 127\n", { mode: 0o755 });
            try {
                const e = await unavailable(() => MotoServer.start({ command: shim }));
                assert.ok(e.message.startsWith(MOTO_MISSING), e.message);
                assert.match(e.message, /command not found/, "the shim's own words follow");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("reports a server that never answers, with its log, and kills it", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "moto-mute-"));
            const mute = path.join(dir, "moto_server");
            fs.writeFileSync(mute, "#!/bin/sh\necho \"listening, not really\"\nexec sleep 30\n", { mode: 0o755 });
            try {
                const e = await unavailable(() => MotoServer.start({ command: mute, readyWithinMs: 1_500 }));
                assert.match(e.message, /did not answer on port \d+ within 1500 ms:\nlistening, not really/);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});
