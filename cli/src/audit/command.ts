/**
 * `mlgov audit <file> [--format text|markdown|json] [--policy-config <file>] [--policy-pack <dir>]`
 *
 * Runs the policy pack over a `pulumi stack export` document or `pulumi preview --json` output the
 * way the engine runs it during an update (see ../engine and ./input.ts).
 *
 * Exit codes: 0 no mandatory violation; 1 at least one mandatory violation; 2 unusable input
 * (arguments, input file, policy config); 3 the policy pack itself could not be run.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as Engine from "../engine";
import { parsePolicyConfig, PolicyConfigError } from "../engine/config-format";
import { AuditInput, InputError, readAuditDocument } from "./input";
import { Format, FORMATS, isBlocked, render } from "./report";

export const EXIT_OK = 0;
export const EXIT_BLOCKED = 1;
export const EXIT_USAGE = 2;
export const EXIT_PACK_FAILED = 3;

export const AUDIT_USAGE = `Usage: mlgov audit <file> [--format text|markdown|json] [--policy-config <file>] [--policy-pack <dir>]

Checks a \`pulumi stack export\` document or \`pulumi preview --json\` output against the
ml-guardrails policy pack, started and called exactly as the Pulumi engine does.

  <file>                  stack export or preview JSON ("-" reads standard input)
  --format <format>       text (default), markdown (for a PR comment) or json
  --policy-config <file>  policy config in the engine's format, as for \`pulumi preview
                          --policy-pack-config\`: {"all": "mandatory", "<policy>": "advisory" |
                          {"enforcementLevel": "...", "<setting>": <value>}}; default: policy defaults
  --policy-pack <dir>     run another policy pack (default: policypacks/ml-guardrails)

Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 unusable input or arguments,
3 the policy pack could not be run.
`;

export interface Io {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    stdin?: () => string;
}

export class UsageError extends Error {}

/**
 * The engine emulator, loaded once the input is known to be usable: gRPC, protobuf and ajv take
 * about a second to load, which a mistyped argument should not cost.
 */
function loadEngine(): typeof Engine {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("../engine");
}

interface AuditArgs {
    file: string;
    format: Format;
    policyConfig?: string;
    policyPack?: string;
}

export function parseAuditArgs(argv: string[]): AuditArgs | "help" {
    let file: string | undefined;
    let format: Format | undefined;
    let policyConfig: string | undefined;
    let policyPack: string | undefined;
    const takeValue = (flag: string, inline: string | undefined, i: number): [string, number] => {
        if (inline !== undefined) {
            if (inline === "") {
                throw new UsageError(`${flag} needs a value`);
            }
            return [inline, i];
        }
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith("-") && next !== "-")) {
            throw new UsageError(`${flag} needs a value`);
        }
        return [next, i + 1];
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") {
            return "help";
        }
        if (arg.startsWith("--")) {
            const eq = arg.indexOf("=");
            const flag = eq < 0 ? arg : arg.slice(0, eq);
            const inline = eq < 0 ? undefined : arg.slice(eq + 1);
            let value: string;
            switch (flag) {
                case "--format":
                    [value, i] = takeValue(flag, inline, i);
                    if (!(FORMATS as readonly string[]).includes(value)) {
                        throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got "${value}")`);
                    }
                    if (format !== undefined) {
                        throw new UsageError("--format is given twice");
                    }
                    format = value as Format;
                    break;
                case "--policy-config":
                    [value, i] = takeValue(flag, inline, i);
                    if (policyConfig !== undefined) {
                        throw new UsageError("--policy-config is given twice");
                    }
                    policyConfig = value;
                    break;
                case "--policy-pack":
                    [value, i] = takeValue(flag, inline, i);
                    if (policyPack !== undefined) {
                        throw new UsageError("--policy-pack is given twice");
                    }
                    policyPack = value;
                    break;
                default:
                    throw new UsageError(`unknown option ${flag}`);
            }
        } else if (arg.startsWith("-") && arg !== "-") {
            throw new UsageError(`unknown option ${arg}`);
        } else if (file === undefined) {
            file = arg;
        } else {
            throw new UsageError(`only one input file can be audited (got "${file}" and "${arg}")`);
        }
    }
    if (file === undefined) {
        throw new UsageError("missing the file to audit");
    }
    return { file, format: format ?? "text", policyConfig, policyPack };
}

const POLICY_CONFIG_HINT = "Give a JSON policy config file such as " +
    "{\"all\": \"mandatory\", \"<policy>\": {\"enforcementLevel\": \"advisory\"}}";

function readJsonFile(file: string, what: string, io: Io): unknown {
    try {
        return readJson(file, what, io);
    } catch (e) {
        if (e instanceof InputError && what === "policy config") {
            throw new InputError(e.message, POLICY_CONFIG_HINT);
        }
        throw e;
    }
}

function readJson(file: string, what: string, io: Io): unknown {
    let text: string;
    if (file === "-") {
        text = io.stdin ? io.stdin() : fs.readFileSync(0, "utf8");
    } else {
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            throw new InputError(code === "ENOENT" ? `${what} ${file} does not exist (check the path)`
                : code === "EISDIR" ? `${what} ${file} is a directory; give the path of a JSON file`
                    : `cannot read ${what} ${file}: ${(e as Error).message}`);
        }
    }
    if (text.trim() === "") {
        throw new InputError(`${what} ${file} is empty`);
    }
    try {
        return JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
        throw new InputError(`${what} ${file} is not valid JSON (${(e as Error).message})`);
    }
}

/** Runs the command; returns the exit code. */
export async function audit(argv: string[], io: Io): Promise<number> {
    let args: AuditArgs;
    let input: AuditInput;
    let policyConfig: unknown;
    try {
        const parsed = parseAuditArgs(argv);
        if (parsed === "help") {
            io.stdout(AUDIT_USAGE);
            return EXIT_OK;
        }
        args = parsed;
        try {
            input = readAuditDocument(readJsonFile(args.file, "input file", io));
        } catch (e) {
            if (e instanceof InputError && !e.message.startsWith("input file")) {
                throw new InputError(`${args.file}: ${e.message}`, e.hint);
            }
            throw e;
        }
        if (args.policyConfig !== undefined) {
            policyConfig = readJsonFile(args.policyConfig, "policy config", io);
            // The shape is checked now; the values against the schemas once the pack is up.
            parsePolicyConfig(policyConfig);
        }
        if (args.policyPack !== undefined && !fs.existsSync(path.join(args.policyPack, "PulumiPolicy.yaml"))) {
            throw new InputError(`--policy-pack ${args.policyPack} is not a policy pack (no PulumiPolicy.yaml there)`,
                "Give the folder of a policy pack");
        }
    } catch (e) {
        return usageFailure(e, io);
    }

    const { defaultPackDir, PolicyPackHost } = loadEngine();
    let host: Engine.PolicyPackHost | undefined;
    try {
        const packDir = args.policyPack ? path.resolve(args.policyPack) : defaultPackDir();
        try {
            host = await PolicyPackHost.start(packDir, { stack: input.stackSettings });
        } catch (e) {
            io.stderr(`mlgov audit: cannot run the policy pack: ${(e as Error).message}\n` +
                (args.policyPack ? "" : "Build it with `npm run build` at the repository root and try again.\n"));
            return EXIT_PACK_FAILED;
        }
        try {
            await host.configure(policyConfig);
        } catch (e) {
            if (e instanceof PolicyConfigError) {
                io.stderr(args.policyConfig !== undefined
                    ? `mlgov audit: ${args.policyConfig}: ${e.message}. Fix the policy config file and try again.\n`
                    : `mlgov audit: the pack's default config is invalid: ${e.message}. Pass a --policy-config ` +
                        "that sets the required settings.\n");
                return EXIT_USAGE;
            }
            throw e;
        }
        // A stack export is deployed state: a fix the next update would apply is a violation of what is deployed now.
        const evaluation = await host.evaluate({ analyze: input.analyze, stack: input.stack }, { deployedState: input.kind === "stack-export" });
        io.stdout(render({ file: args.file, input, pack: host.info, evaluation }, args.format));
        return isBlocked(evaluation) ? EXIT_BLOCKED : EXIT_OK;
    } catch (e) {
        io.stderr(`mlgov audit: the policy pack failed: ${(e as Error).message}\n`);
        return EXIT_PACK_FAILED;
    } finally {
        await host?.close();
    }
}

function usageFailure(e: unknown, io: Io): number {
    if (e instanceof UsageError) {
        io.stderr(`mlgov audit: ${e.message}. Usage: mlgov audit <file> [--format text|markdown|json] ` +
            "[--policy-config <file>] (see mlgov audit --help)\n");
        return EXIT_USAGE;
    }
    if (e instanceof InputError) {
        io.stderr(`mlgov audit: ${e.message}. ${e.hint ?? "Give the JSON output of `pulumi stack export` or " +
            "`pulumi preview --json`"}.\n`);
        return EXIT_USAGE;
    }
    if (e instanceof PolicyConfigError) {
        io.stderr(`mlgov audit: policy config: ${e.message.replace(/^invalid policy config: /, "")}. ` +
            "Fix the policy config file and try again.\n");
        return EXIT_USAGE;
    }
    throw e;
}
