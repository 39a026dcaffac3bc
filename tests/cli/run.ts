/** Runs the real `mlgov` launcher (node cli/bin/mlgov.js …) as a child process, for the CLI tests. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..", "..");
export const MLGOV = path.join(REPO, "cli", "bin", "mlgov.js");
export const EXAMPLE = path.join(REPO, "examples", "blocked-stack-export.json");
export const FIXTURES = path.join(REPO, "tests", "harness", "fixtures");

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
    ms: number;
}

/** Runs mlgov with `args` from the repository root; kills it after `timeoutMs`. */
export function mlgov(args: string[], opts: { timeoutMs?: number; stdin?: string } = {}): Promise<CliResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [MLGOV, ...args], { cwd: REPO, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`mlgov ${args.join(" ")} did not finish within ${opts.timeoutMs} ms\nstderr: ${stderr}`));
        }, opts.timeoutMs ?? 45_000);
        child.on("error", reject);
        child.on("close", code => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, ms: Date.now() - started });
        });
        child.stdin.end(opts.stdin ?? "");
    });
}

let tmp: string | undefined;

/** Writes `content` (JSON-encoded unless a string) to a file in a per-run temporary folder. */
export function writeTemp(name: string, content: unknown): string {
    tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), "mlgov-cli-"));
    const file = path.join(tmp, name);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
}

export function removeTemp(): void {
    if (tmp) {
        fs.rmSync(tmp, { recursive: true, force: true });
        tmp = undefined;
    }
}

export interface ExportResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    provider?: string;
    protect?: boolean;
}

export interface StackExport {
    version: number;
    deployment: { manifest: Record<string, unknown>; resources: ExportResource[] };
}

/** The example stack export, parsed (a fresh copy each time). */
export function example(): StackExport {
    return JSON.parse(fs.readFileSync(EXAMPLE, "utf8"));
}
