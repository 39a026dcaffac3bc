/**
 * The Pulumi project and stack `mlgov check` runs, read the way the Pulumi CLI reads them, without it:
 *
 * - the project: `Pulumi.yaml` in the given folder or the nearest parent (`name`, `runtime`, `main`,
 *   `stackConfigDir`, project-level `config`);
 * - the stack config: `Pulumi.<stack>.yaml` in the project folder (or `stackConfigDir`), or the file
 *   given with `--config-file`;
 * - the config the program sees (`pulumi.runtime.allConfig()`): every key namespaced as Pulumi does it
 *   (`aws:region` stays; a bare `key` becomes `<project>:key`), strings as written, numbers and
 *   booleans as their text, objects and lists as JSON; project-level defaults (`default` or `value`)
 *   under the stack's values, and a declared key without a default that the stack does not set is an
 *   error, as in `pulumi preview`.
 *
 * Secure values (`secure: v1:…`) cannot be decrypted offline: they are left out and listed in
 * `secureKeys`, and the run reports a program that requires one (see runner.ts). Everything wrong is
 * a StackError (exit 2) naming the file, the key and the fix.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../args";
import { InputError } from "../io";

/** An input of the check (project, stack, config, snapshot) that cannot be used. */
export class StackError extends InputError {
    constructor(message: string, hint?: string) {
        super(message, hint);
        this.name = "StackError";
    }
}

export interface PulumiProject {
    /** The folder of Pulumi.yaml (the program runs with it as working directory, as under `pulumi`). */
    dir: string;
    /** Pulumi.yaml's path. */
    file: string;
    name: string;
    /** `main`, resolved to an absolute path (the project folder when unset). */
    main: string;
    /** Whether Pulumi.yaml set `main`. */
    mainSet: boolean;
    /** Where Pulumi.<stack>.yaml files are (`stackConfigDir`, default the project folder). */
    stackConfigDir: string;
    /** Project-level config declarations, namespaced. */
    config: Map<string, ProjectConfigEntry>;
}

export interface ProjectConfigEntry {
    type?: "string" | "integer" | "boolean" | "array" | "object";
    /** The default as the runtime holds it (a string), when there is one. */
    value?: string;
    secret?: boolean;
}

export interface StackConfig {
    /** The short stack name (`dev`). */
    stack: string;
    /** The organization, when the stack was given as `<org>/<stack>` or `<org>/<project>/<stack>`. */
    organization?: string;
    /** The stack config file read. */
    file: string;
    /** `namespace:key` → value as the runtime holds it. */
    config: Record<string, string>;
    /** Keys whose value is encrypted (left out of `config`). */
    secureKeys: string[];
}

interface YamlModule {
    load(text: string, options?: { filename?: string }): unknown;
}

function yaml(): YamlModule {
    // js-yaml ships no types of its own; this is the one function used.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("js-yaml") as YamlModule;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function readYaml(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new StackError(`cannot read ${what} ${file}: ${(e as Error).message}`);
    }
    try {
        return yaml().load(text, { filename: file }) ?? {};
    } catch (e) {
        throw new StackError(`${what} ${file} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
}

/** The folder holding Pulumi.yaml: `from` or its nearest parent, as the Pulumi CLI looks for it. */
export function findProjectDir(from: string): string | undefined {
    for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            return undefined;
        }
    }
}

/** A config key as the runtime holds it: `ns:key`, or `<project>:key` for a bare key. */
export function namespacedKey(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Whether a config value holds an encrypted part anywhere (`{secure: …}`). */
function hasSecure(v: unknown): boolean {
    if (Array.isArray(v)) {
        return v.some(hasSecure);
    }
    if (isObject(v)) {
        return (Object.keys(v).length === 1 && typeof v.secure === "string") || Object.values(v).some(hasSecure);
    }
    return false;
}

/** A YAML value as the Pulumi runtime holds it. */
export function configValue(v: unknown): string {
    if (typeof v === "string") {
        return v;
    }
    if (typeof v === "number" || typeof v === "boolean") {
        return String(v);
    }
    if (v === null || v === undefined) {
        return "";
    }
    return JSON.stringify(v);
}

function typeOf(v: unknown): ProjectConfigEntry["type"] {
    return typeof v === "string" ? "string" : typeof v === "boolean" ? "boolean"
        : typeof v === "number" && Number.isInteger(v) ? "integer" : Array.isArray(v) ? "array" : isObject(v) ? "object" : undefined;
}

const CONFIG_TYPES = new Set(["string", "integer", "boolean", "array", "object"]);

/** Reads Pulumi.yaml in `dir`. */
export function readProject(dir: string): PulumiProject {
    const file = fs.existsSync(path.join(dir, "Pulumi.yaml")) ? path.join(dir, "Pulumi.yaml") : path.join(dir, "Pulumi.yml");
    const doc = readYaml(file, "project file");
    if (!isObject(doc)) {
        throw new StackError(`project file ${file} is not a YAML mapping`);
    }
    const name = doc.name;
    if (typeof name !== "string" || name === "") {
        throw new StackError(`project file ${file} has no "name"`);
    }
    const runtime = isObject(doc.runtime) ? doc.runtime.name : doc.runtime;
    if (runtime !== "nodejs") {
        throw new StackError(`project ${name} (${file}) has runtime ${JSON.stringify(runtime)}; mlgov check runs Node.js ` +
            "programs (runtime: nodejs) only");
    }
    const main = typeof doc.main === "string" && doc.main !== "" ? doc.main : undefined;
    const stackConfigDir = typeof doc.stackConfigDir === "string" && doc.stackConfigDir !== ""
        ? path.resolve(dir, doc.stackConfigDir) : dir;
    const config = new Map<string, ProjectConfigEntry>();
    if (doc.config !== undefined && doc.config !== null) {
        if (!isObject(doc.config)) {
            throw new StackError(`project file ${file}: "config" must be a mapping of keys to declarations`);
        }
        for (const [key, decl] of Object.entries(doc.config)) {
            const full = namespacedKey(key, name);
            if (isObject(decl) && !hasSecure(decl) && (["type", "default", "value", "description", "secret", "items"]
                .some(k => k in decl))) {
                const type = decl.type;
                if (type !== undefined && (typeof type !== "string" || !CONFIG_TYPES.has(type))) {
                    throw new StackError(`project file ${file}: config ${key} has type ${JSON.stringify(type)}; ` +
                        `use one of ${[...CONFIG_TYPES].join(", ")}`);
                }
                const given = "value" in decl ? decl.value : decl.default;
                config.set(full, {
                    type: type as ProjectConfigEntry["type"],
                    value: given === undefined ? undefined : configValue(given),
                    secret: decl.secret === true,
                });
            } else {
                config.set(full, { value: configValue(decl) });
            }
        }
    }
    return { dir, file, name, main: main ? path.resolve(dir, main) : dir, mainSet: main !== undefined, stackConfigDir, config };
}

/** Stack names as the Pulumi CLI accepts them. */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** `dev`, `org/dev` or `org/project/dev` → its parts; StackError when it cannot be a stack name. */
export function parseStackName(given: string, project: string): { stack: string; organization?: string } {
    const parts = given.split("/");
    if (parts.length > 3 || parts.some(p => p === "")) {
        throw new StackError(`"${given}" is not a stack name`, "Give a stack as <stack>, <org>/<stack> or <org>/<project>/<stack>");
    }
    const stack = parts[parts.length - 1];
    if (parts.length === 3 && parts[1] !== project) {
        throw new StackError(`stack ${given} belongs to project ${parts[1]}, not ${project}`,
            `Give a stack of project ${project}`);
    }
    if (!STACK_NAME.test(stack)) {
        throw new StackError(`"${stack}" is not a valid stack name`,
            "Stack names use letters, digits, hyphens, underscores and periods (at most 100)");
    }
    return { stack, organization: parts.length > 1 ? parts[0] : undefined };
}

/** The stacks that have a config file in the project (`Pulumi.<stack>.yaml`), sorted. */
export function stacksWithConfig(project: PulumiProject): string[] {
    let names: string[];
    try {
        names = fs.readdirSync(project.stackConfigDir);
    } catch {
        return [];
    }
    return names.map(n => /^Pulumi\.(.+)\.ya?ml$/.exec(n)?.[1]).filter((s): s is string => s !== undefined && STACK_NAME.test(s)).sort();
}

/**
 * The config of `stack` (from its stack file, or `configFile`), merged with the project's defaults
 * and namespaced as the Pulumi runtime holds it.
 */
export function readStackConfig(project: PulumiProject, stackName: string, configFile?: string): StackConfig {
    const { stack, organization } = parseStackName(stackName, project.name);
    let file: string;
    if (configFile !== undefined) {
        file = path.resolve(configFile);
        if (!fs.existsSync(file)) {
            throw new StackError(`config file ${configFile} does not exist`, "Give the path of a stack config file (--config-file)");
        }
    } else {
        const yamlFile = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
        const ymlFile = path.join(project.stackConfigDir, `Pulumi.${stack}.yml`);
        file = fs.existsSync(yamlFile) || !fs.existsSync(ymlFile) ? yamlFile : ymlFile;
        if (!fs.existsSync(file)) {
            const known = stacksWithConfig(project);
            throw new StackError(`stack ${stack} has no config file: ${path.relative(process.cwd(), file) || file} does not exist`,
                known.length > 0
                    ? `Stacks of project ${project.name} with a config file: ${known.join(", ")}`
                    : `Project ${project.name} has no Pulumi.<stack>.yaml yet; create one (see docs) or give --config-file`);
        }
    }
    const where = path.relative(process.cwd(), file) || file;
    const doc = readYaml(file, "stack config");
    if (!isObject(doc)) {
        throw new StackError(`stack config ${where} is not a YAML mapping`);
    }
    for (const key of ["environment", "imports"]) {
        const v = doc[key];
        if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) {
            throw new StackError(`stack config ${where} imports Pulumi ESC environments ("${key}"), which mlgov check ` +
                "cannot open offline", "Put the values the program needs in the stack's config for the check, or drop the import");
        }
    }
    const raw = doc.config ?? {};
    if (!isObject(raw)) {
        throw new StackError(`stack config ${where}: "config" must be a mapping of keys to values`);
    }
    const config: Record<string, string> = {};
    const secureKeys: string[] = [];
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const [key, value] of Object.entries(raw)) {
        const full = namespacedKey(key, project.name);
        if (seen.has(full)) {
            problems.push(`${key} and ${seen.get(full)} are the same key (${full})`);
            continue;
        }
        seen.set(full, key);
        if (key.split(":").length > 2 || key.startsWith(":") || key.endsWith(":")) {
            problems.push(`${key} is not a config key (write <namespace>:<key> or <key>)`);
            continue;
        }
        if (hasSecure(value)) {
            secureKeys.push(full);
            continue;
        }
        const declared = project.config.get(full);
        const actual = typeOf(value);
        if (declared?.type && actual !== declared.type) {
            problems.push(`${key} must be of type ${declared.type} (Pulumi.yaml declares it), got ${actual ?? "null"}`);
            continue;
        }
        config[full] = configValue(value);
    }
    for (const [key, entry] of project.config) {
        if (key in config || secureKeys.includes(key)) {
            continue;
        }
        if (entry.value !== undefined) {
            config[key] = entry.value;
        } else if (entry.type !== undefined) {
            problems.push(`${key} is declared in Pulumi.yaml without a default and is not set`);
        }
    }
    if (problems.length > 0) {
        throw new StackError(`stack config ${where} is not valid: ${problems.join("; ")}`, `Fix ${where} and run again`);
    }
    return { stack, organization, file, config, secureKeys: secureKeys.sort() };
}

/**
 * The program's entry point as the Pulumi Node.js host resolves it: `main` of Pulumi.yaml, or the
 * `exports`/`main` of the nearest package.json, or the project folder (its index).
 */
export function programEntry(project: PulumiProject): string {
    if (project.mainSet) {
        return project.main;
    }
    for (let dir = project.dir; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest)) {
            let pkg: Record<string, unknown> = {};
            try {
                pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as Record<string, unknown>;
            } catch {
                // As the Pulumi host: an unreadable manifest is no entry point.
            }
            const exp = pkg.exports;
            const dot = isObject(exp) ? exp["."] : undefined;
            const entry = typeof exp === "string" ? exp
                : typeof dot === "string" ? dot
                    : isObject(dot) ? (dot.default ?? dot.require ?? dot.import)
                        : pkg.main;
            if (typeof entry === "string" && fs.existsSync(path.join(dir, entry))) {
                return path.join(dir, entry);
            }
            return project.dir;
        }
        if (path.dirname(dir) === dir) {
            return project.dir;
        }
    }
}

/** The snapshot file of a stack config file: `Pulumi.dev.yaml` → `Pulumi.dev.accounts.json`. */
export function snapshotFileOf(stackConfigFile: string): string {
    const dir = path.dirname(stackConfigFile);
    const base = path.basename(stackConfigFile).replace(/\.ya?ml$/, "");
    return path.join(dir, `${base}.accounts.json`);
}

/**
 * The project and stack a command runs for: the project in `cwd` (default: the working directory) or
 * the nearest folder above it, the stack named (default: the project's only stack with a config
 * file), its config from `configFile` or Pulumi.<stack>.yaml. `command` names the command in hints.
 */
export function openStack(command: string, flags: { cwd?: string; stack?: string; configFile?: string }): { project: PulumiProject; stack: StackConfig } {
    if (flags.cwd !== undefined && !fs.existsSync(flags.cwd)) {
        throw new StackError(`--cwd ${flags.cwd} does not exist`);
    }
    const projectDir = findProjectDir(flags.cwd ?? process.cwd());
    if (!projectDir) {
        throw new StackError(`no Pulumi.yaml in ${path.resolve(flags.cwd ?? ".")} or any folder above it`,
            `Run mlgov ${command} in a Pulumi project, or give its folder with --cwd`);
    }
    const project = readProject(projectDir);
    let stackName = flags.stack;
    if (stackName === undefined) {
        const known = stacksWithConfig(project);
        if (known.length !== 1) {
            throw new UsageError(known.length === 0
                ? `missing --stack (project ${project.name} has no Pulumi.<stack>.yaml)`
                : `missing --stack: project ${project.name} has stacks ${known.join(", ")}`);
        }
        stackName = known[0];
    }
    return { project, stack: readStackConfig(project, stackName, flags.configFile) };
}
