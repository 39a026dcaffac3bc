/**
 * Builds every Lambda function in functions/ (each folder with an index.ts) into
 * functions/dist/<name>/index.js: one CommonJS file for the Node.js 22 runtime, with the AWS SDK
 * clients bundled so the pinned versions run instead of whatever the runtime ships, a source map
 * beside it (set NODE_OPTIONS=--enable-source-maps on the function to use it), not minified.
 *
 *     npx ts-node --transpile-only functions/build.ts [--out-dir DIR] [name ...]
 *
 * The output depends only on the sources and the lockfile: paths are relative to the repository, no
 * timestamps, sorted inputs. Prints each file written with its size and SHA-256; exits 1 on error.
 */
import { build, BuildOptions } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

export const FUNCTIONS_DIR = __dirname;
export const REPO_ROOT = path.resolve(__dirname, "..");
export const DEFAULT_OUT_DIR = path.join(FUNCTIONS_DIR, "dist");

/** What the Lambda resource needs: `code` is the folder to archive, `handler` its entry. */
export const LAMBDA_RUNTIME = "nodejs22.x";
export const LAMBDA_HANDLER = "index.handler";

export interface BuiltFile {
    readonly path: string;
    readonly bytes: number;
    readonly sha256: string;
}

export interface BuiltFunction {
    readonly name: string;
    /** The folder holding index.js (and index.js.map): archive it as the function's code. */
    readonly dir: string;
    readonly files: readonly BuiltFile[];
}

/** The function folders: each directory of functions/ (but dist) with an index.ts. */
export function functionNames(): string[] {
    return readdirSync(FUNCTIONS_DIR)
        .filter(name => name !== "dist" && statSync(path.join(FUNCTIONS_DIR, name)).isDirectory())
        .filter(name => existsSync(path.join(FUNCTIONS_DIR, name, "index.ts")))
        .sort();
}

export function esbuildOptions(name: string, outDir: string): BuildOptions {
    return {
        absWorkingDir: REPO_ROOT,
        entryPoints: [path.join(FUNCTIONS_DIR, name, "index.ts")],
        outfile: path.join(outDir, name, "index.js"),
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        minify: false,
        // Error and command class names stay as the SDK writes them, in logs and stack traces.
        keepNames: true,
        // A separate index.js.map, linked from index.js so that --enable-source-maps finds it.
        sourcemap: "linked",
        sourcesContent: false,
        legalComments: "eof",
        // Everything, the AWS SDK included, goes into the bundle; only Node's built-ins stay outside.
        external: [],
        mainFields: ["main", "module"],
        logLevel: "silent",
        metafile: false,
        write: true,
    };
}

function describe(file: string): BuiltFile {
    const content = readFileSync(file);
    return { path: file, bytes: content.length, sha256: createHash("sha256").update(content).digest("hex") };
}

export async function buildFunctions(options: { outDir?: string; names?: readonly string[] } = {}): Promise<BuiltFunction[]> {
    const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR);
    const available = functionNames();
    const names = options.names && options.names.length > 0 ? [...options.names].sort() : available;
    const unknown = names.filter(n => !available.includes(n));
    if (unknown.length > 0) {
        throw new Error(`no such function: ${unknown.join(", ")} (functions: ${available.join(", ")})`);
    }
    const built: BuiltFunction[] = [];
    for (const name of names) {
        const result = await build(esbuildOptions(name, outDir));
        if (result.errors.length > 0) {
            throw new Error(`${name}: ${result.errors.map(e => e.text).join("; ")}`);
        }
        const dir = path.join(outDir, name);
        built.push({ name, dir, files: ["index.js", "index.js.map"].map(f => describe(path.join(dir, f))) });
    }
    return built;
}

async function main(argv: readonly string[]): Promise<void> {
    let outDir: string | undefined;
    const names: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--out-dir") {
            outDir = argv[++i];
            if (!outDir) {
                throw new Error("--out-dir needs a directory");
            }
        } else {
            names.push(argv[i]);
        }
    }
    for (const fn of await buildFunctions({ outDir, names })) {
        for (const file of fn.files) {
            console.log(`${path.relative(process.cwd(), file.path)}  ${file.bytes} bytes  sha256:${file.sha256}`);
        }
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).catch(error => {
        console.error(`functions/build: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    });
}
