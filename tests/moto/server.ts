/**
 * A moto_server for the integration tests: started on a free loopback port by the suite itself,
 * ready when its management API answers, stopped by its own PID when the suite ends (also when a test
 * failed, and, as a last resort, when the test process exits). Its log is kept and printed when a
 * test fails. Without moto installed the suite fails with one sentence saying what to install.
 *
 * moto (https://docs.getmoto.org, server mode) is an AWS API emulator: the real wire protocols,
 * state kept in the server process, every account in one server (the access key says which),
 * `POST /moto-api/reset` clears it all.
 */
import { ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import * as net from "node:net";

/** What to install when moto_server is missing: the README says the same. */
export const MOTO_MISSING =
    'moto_server was not found: the integration tests need moto 5.2 with its server, install it with pip install "moto[server]" (Python 3.9 or later)';

/** The account moto answers as for access keys it did not issue (moto's DEFAULT_ACCOUNT_ID). */
export const MOTO_DEFAULT_ACCOUNT = "123456789012";

/** Credentials moto accepts (it checks no signature); they act in MOTO_DEFAULT_ACCOUNT. */
export const MOTO_CREDENTIALS = { accessKeyId: "AKIAMOTOTESTDEFAULT0", secretAccessKey: "moto-test-secret" } as const;

export interface StartOptions {
    /** The command to run (default `moto_server`, found on PATH). */
    readonly command?: string;
    /** How long to wait for the server to answer (default 30 s: CI machines are shared). */
    readonly readyWithinMs?: number;
}

/** The suite cannot run: moto is missing or did not start. The message is the whole story (no stack trace). */
export class MotoUnavailableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MotoUnavailableError";
        this.stack = message;
    }
}

/** A free TCP port on 127.0.0.1 (asked of the OS; a race with another process is retried by startMoto). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

const LOG_LINES = 400;

export class MotoServer {
    private readonly lines: string[] = [];
    private partial = "";
    private readonly onExit = () => this.killNow();
    readonly exited: Promise<void>;

    private constructor(private readonly child: ChildProcess, readonly port: number) {
        const keep = (chunk: Buffer) => {
            const text = this.partial + chunk.toString("utf8");
            const parts = text.split("\n");
            this.partial = parts.pop() ?? "";
            this.lines.push(...parts);
            if (this.lines.length > LOG_LINES) {
                this.lines.splice(0, this.lines.length - LOG_LINES);
            }
        };
        child.stdout?.on("data", keep);
        child.stderr?.on("data", keep);
        this.exited = new Promise(resolve => child.once("exit", () => resolve()));
        process.once("exit", this.onExit);
    }

    /** `http://127.0.0.1:<port>`: every service's endpoint. */
    get endpoint(): string {
        return `http://127.0.0.1:${this.port}`;
    }

    get pid(): number {
        return this.child.pid as number;
    }

    get running(): boolean {
        return this.child.exitCode === null && this.child.signalCode === null;
    }

    /** The server's last log lines (its request log and any Python traceback). */
    log(lines = 80): string {
        return [...this.lines, ...(this.partial ? [this.partial] : [])].slice(-lines).join("\n");
    }

    /**
     * Client configuration for moto: its endpoint, the region, credentials (default: the default
     * account's), one attempt (a failure should show at once, not after the SDK's backoff).
     */
    clientConfig<C = typeof MOTO_CREDENTIALS>(region = "us-east-1", credentials?: C) {
        return { region, endpoint: this.endpoint, credentials: credentials ?? MOTO_CREDENTIALS, maxAttempts: 1 };
    }

    /** Forget every resource of every account (between tests). */
    async reset(): Promise<void> {
        const response = await fetch(`${this.endpoint}/moto-api/reset`, { method: "POST" });
        if (!response.ok) {
            throw new Error(`moto reset answered ${response.status}`);
        }
    }

    /** Stop the server (SIGTERM, then SIGKILL after `graceMs`) and wait until it has exited. */
    async stop(graceMs = 5_000): Promise<void> {
        process.removeListener("exit", this.onExit);
        if (!this.running) {
            return;
        }
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
        await this.exited;
        clearTimeout(timer);
    }

    private killNow(): void {
        if (this.running) {
            this.child.kill("SIGKILL");
        }
    }

    /** Start moto_server on a free port and wait until it answers; retried on another port if the port was taken meanwhile. */
    static async start(options: StartOptions = {}): Promise<MotoServer> {
        let lastError: unknown;
        for (let attempt = 1; attempt <= 3; attempt++) {
            const port = await freePort();
            try {
                return await MotoServer.startOn(port, options);
            } catch (e) {
                if (e instanceof MotoUnavailableError && !/Address already in use/.test(e.message)) {
                    throw e;
                }
                lastError = e;
            }
        }
        throw lastError;
    }

    private static async startOn(port: number, options: StartOptions): Promise<MotoServer> {
        const command = options.command ?? "moto_server";
        const child = spawn(command, ["-H", "127.0.0.1", "-p", String(port)], {
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, PYTHONUNBUFFERED: "1" },
        });
        // events.once rejects with the 'error' event: that is how a command that is not there shows.
        const spawned = await once(child, "spawn").then(() => undefined, (e: NodeJS.ErrnoException) => e);
        if (spawned) {
            throw new MotoUnavailableError(spawned.code === "ENOENT" ? MOTO_MISSING : `moto_server could not be started (${spawned.message}). ${MOTO_MISSING}`);
        }
        const server = new MotoServer(child, port);
        const deadline = Date.now() + (options.readyWithinMs ?? 30_000);
        for (;;) {
            if (!server.running) {
                await server.stop();
                const log = server.log(30);
                // A pyenv or virtualenv shim that has no moto behind it exits 127 ("command not found").
                if (child.exitCode === 127 || /command not found|No module named/i.test(log)) {
                    throw new MotoUnavailableError(`${MOTO_MISSING}\n${log}`);
                }
                throw new MotoUnavailableError(`moto_server exited (${child.exitCode ?? child.signalCode}) before it answered on port ${port}:\n${log}`);
            }
            try {
                const response = await fetch(`${server.endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
                if (response.ok) {
                    return server;
                }
            } catch {
                // Not listening yet.
            }
            if (Date.now() > deadline) {
                const log = server.log(30);
                await server.stop();
                throw new MotoUnavailableError(`moto_server did not answer on port ${port} within ${options.readyWithinMs ?? 30_000} ms:\n${log}`);
            }
            await new Promise(resolve => setTimeout(resolve, 100));
        }
    }
}

/**
 * Mocha hooks for a suite on moto: the server starts before the suite's first test and stops after
 * its last (whatever the tests did), state is reset before each test, and a failed test prints the
 * server's log. Returns a getter for the server.
 */
export function useMoto(options: StartOptions = {}): () => MotoServer {
    let server: MotoServer | undefined;
    before(async function () {
        this.timeout((options.readyWithinMs ?? 30_000) + 10_000);
        server = await MotoServer.start(options);
    });
    beforeEach(async () => {
        await server?.reset();
    });
    afterEach(function () {
        if (this.currentTest?.state === "failed" && server) {
            console.error(`--- moto_server log (port ${server.port}, last lines) ---\n${server.log()}\n--- end of moto_server log ---`);
        }
    });
    after(async () => {
        await server?.stop();
    });
    return () => {
        if (!server) {
            throw new Error("moto_server is not running (the suite's before hook failed)");
        }
        return server;
    };
}
