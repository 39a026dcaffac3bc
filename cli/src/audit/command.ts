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
import { parseArgs, UsageError } from "../args";
import { Command, refuse, refuseArguments } from "../command";
import type * as Engine from "../engine";
import { parsePolicyConfig, PolicyConfigError } from "../engine/config-format";
import { EXIT_BLOCKED, EXIT_OK, EXIT_PACK_FAILED, EXIT_USAGE, InputError, Io, readJsonFile } from "../io";
import { Format, formatsOf, isBlocked, render } from "../report";
import { AuditInput, readAuditDocument } from "./input";

const FORMATS = formatsOf("audit", "text");

export const AUDIT_USAGE = `Usage: mlgov audit <file> [--format ${FORMATS.join("|")}] [--policy-config <file>] [--policy-pack <dir>]

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

/** The options of `mlgov audit`. */
export const AUDIT_OPTIONS = {
    "format": { choices: FORMATS },
    "policy-config": {},
    "policy-pack": {},
} as const;

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
    const args = parseArgs(argv, AUDIT_OPTIONS);
    if (args.help) {
        return "help";
    }
    const [file, ...more] = args.positionals;
    if (file === undefined) {
        throw new UsageError("missing the file to audit");
    }
    if (more.length > 0) {
        throw new UsageError(`only one input file can be audited (got "${file}" and "${more[0]}")`);
    }
    return {
        file, format: (args.values.format ?? "text") as Format, policyConfig: args.values["policy-config"], policyPack: args.values["policy-pack"],
    };
}

const POLICY_CONFIG_HINT = "Give a JSON policy config file such as " +
    "{\"all\": \"mandatory\", \"<policy>\": {\"enforcementLevel\": \"advisory\"}}";

function readPolicyConfigFile(file: string, io: Io): unknown {
    try {
        return readJsonFile(file, "policy config", io, "audit");
    } catch (e) {
        throw e instanceof InputError ? new InputError(e.message, POLICY_CONFIG_HINT) : e;
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
            input = readAuditDocument(readJsonFile(args.file, "input file", io, "audit"));
        } catch (e) {
            if (e instanceof InputError && !e.message.startsWith("input file")) {
                throw new InputError(`${args.file}: ${e.message}`, e.hint);
            }
            throw e;
        }
        if (args.policyConfig !== undefined) {
            policyConfig = readPolicyConfigFile(args.policyConfig, io);
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
        io.stdout(render("audit", args.format, { file: args.file, input, pack: host.info, evaluation }));
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
        return refuseArguments(io, AUDIT, e);
    }
    if (e instanceof InputError) {
        return refuse(io, "audit", e.message, e.hint ?? "Give the JSON output of `pulumi stack export` or `pulumi preview --json`");
    }
    if (e instanceof PolicyConfigError) {
        return refuse(io, "audit", `policy config: ${e.message.replace(/^invalid policy config: /, "")}`,
            "Fix the policy config file and try again");
    }
    throw e;
}

export const AUDIT: Command = {
    name: "audit",
    synopsis: "<file>",
    summary: "check a stack export or preview against the ml-guardrails policy pack",
    usage: AUDIT_USAGE,
    run: audit,
};
