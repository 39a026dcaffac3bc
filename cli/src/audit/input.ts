/**
 * Reads what `mlgov audit` is given: a `pulumi stack export` document or `pulumi preview --json`
 * output, into the resources the engine would send to the policy pack.
 *
 * - Analyze gets every resource except the root `pulumi:pulumi:Stack`, providers and components
 *   included (the engine analyses every registration), with its inputs and its provider resource.
 * - AnalyzeStack gets every resource of the resulting stack (root stack included) with its outputs
 *   (its inputs when it has no outputs, e.g. a resource a preview is about to create), parent,
 *   dependencies and propertyDependencies.
 * - `provider` references (`<provider urn>::<id>`) resolve to the provider resource of the same
 *   document; its inputs become the provider properties. A provider missing from the document is
 *   sent with the type and name its URN spells and no properties.
 * - Unknown values (the engine's sentinel strings) are passed through untouched.
 * - Secrets: a secret exported with --show-secrets (`plaintext`) is sent as the engine sends a
 *   secret (`{sig, value}`); an encrypted one (`ciphertext`) cannot be read, so its value is sent as
 *   unknown and counted in `encryptedSecrets`.
 *
 * Stack exports: resources marked `delete: true` (pending deletion) are not part of the stack and
 * are skipped. Previews: per URN the last step that has a `newState` counts; `delete`,
 * `delete-replaced`, `discard`, `discard-replaced` and `remove-pending-replace` steps describe
 * resources going away and are skipped; `read` / `read-replacement` steps (resources read with
 * `.get()`) are not registrations, so they are not analysed, but they are part of the stack and go to
 * AnalyzeStack; every other step with a `newState` (`same`, `create`, `update`, `replace`,
 * `create-replacement`, `import`, `refresh`, ...) is analysed.
 */
import type { HostResource, ProviderResource, StackSettings } from "../engine";
import { SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_STRING } from "../engine/sentinels";
import { InputError } from "../io";

export type InputKind = "stack-export" | "preview";

export interface AuditInput {
    kind: InputKind;
    /** Resources sent to (Remediate and) Analyze, in document order. */
    analyze: HostResource[];
    /** Resources sent to AnalyzeStack. */
    stack: HostResource[];
    /** ConfigureStack for this document (dryRun for a preview). */
    stackSettings: StackSettings;
    /** Encrypted secret values that were sent as unknown. */
    encryptedSecrets: number;
    /** Preview steps skipped, by op. */
    skippedSteps: Record<string, number>;
}

/** The resource fields both formats share (a state in a stack export, `newState` in a preview step). */
interface StateLike {
    urn: string;
    type: string;
    custom?: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider?: string;
    protect?: boolean;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const SKIPPED_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);
const STACK_ONLY_OPS = new Set(["read", "read-replacement"]);

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Parts of `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } | undefined {
    if (!urn.startsWith("urn:pulumi:")) {
        return undefined;
    }
    const parts = urn.slice("urn:pulumi:".length).split("::");
    if (parts.length < 4) {
        return undefined;
    }
    const qualifiedType = parts[2];
    return {
        stack: parts[0],
        project: parts[1],
        type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1),
        name: parts.slice(3).join("::"),
    };
}

/** `<provider urn>::<id>` → the provider URN (the id after the last `::` is dropped). */
export function providerUrn(reference: string): string {
    const at = reference.lastIndexOf("::");
    return at < 0 ? reference : reference.slice(0, at);
}

class Decoder {
    encryptedSecrets = 0;

    /** State values as the engine would marshal them to the pack (see secrets above). */
    value(v: unknown): unknown {
        if (Array.isArray(v)) {
            return v.map(e => this.value(e));
        }
        if (!isObject(v)) {
            return v;
        }
        if (v[SPECIAL_SIG_KEY] === SECRET_SIG) {
            if ("value" in v) {
                return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: this.value(v.value) };
            }
            if (typeof v.plaintext === "string") {
                let plain: unknown;
                try {
                    plain = JSON.parse(v.plaintext);
                } catch {
                    plain = v.plaintext;
                }
                return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: this.value(plain) };
            }
            this.encryptedSecrets++;
            return { [SPECIAL_SIG_KEY]: SECRET_SIG, value: UNKNOWN_STRING };
        }
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) {
            out[k] = this.value(e);
        }
        return out;
    }

    props(v: unknown): Record<string, unknown> {
        return isObject(v) ? (this.value(v) as Record<string, unknown>) : {};
    }
}

function readState(raw: unknown, where: string, decoder: Decoder): StateLike {
    if (!isObject(raw)) {
        throw new InputError(`${where} is not an object`);
    }
    if (typeof raw.urn !== "string" || raw.urn === "") {
        throw new InputError(`${where} has no "urn"`);
    }
    if (typeof raw.type !== "string" || raw.type === "") {
        throw new InputError(`${where} (${raw.urn}) has no "type"`);
    }
    const strings = (v: unknown, field: string): string[] => {
        if (v === undefined || v === null) {
            return [];
        }
        if (!Array.isArray(v) || v.some(e => typeof e !== "string")) {
            throw new InputError(`${where} (${raw.urn}): "${field}" must be a list of URNs`);
        }
        return v as string[];
    };
    const propertyDependencies: Record<string, string[]> = {};
    if (raw.propertyDependencies !== undefined && raw.propertyDependencies !== null) {
        if (!isObject(raw.propertyDependencies)) {
            throw new InputError(`${where} (${raw.urn}): "propertyDependencies" must map properties to lists of URNs`);
        }
        for (const [k, v] of Object.entries(raw.propertyDependencies)) {
            propertyDependencies[k] = strings(v, `propertyDependencies.${k}`);
        }
    }
    return {
        urn: raw.urn,
        type: raw.type,
        custom: typeof raw.custom === "boolean" ? raw.custom : undefined,
        inputs: decoder.props(raw.inputs),
        outputs: decoder.props(raw.outputs),
        parent: typeof raw.parent === "string" && raw.parent !== "" ? raw.parent : undefined,
        dependencies: strings(raw.dependencies, "dependencies"),
        propertyDependencies,
        provider: typeof raw.provider === "string" && raw.provider !== "" ? raw.provider : undefined,
        protect: raw.protect === true,
    };
}

function nameOf(state: StateLike): string {
    return parseUrn(state.urn)?.name ?? state.urn;
}

function buildResources(states: StateLike[], stackOnly: ReadonlySet<string>) {
    const byUrn = new Map(states.map(s => [s.urn, s]));
    const providerOf = (s: StateLike): ProviderResource | undefined => {
        if (!s.provider) {
            return undefined;
        }
        const urn = providerUrn(s.provider);
        const p = byUrn.get(urn);
        if (p) {
            return { urn, type: p.type, name: nameOf(p), properties: p.inputs };
        }
        const parsed = parseUrn(urn);
        return { urn, type: parsed?.type ?? "", name: parsed?.name ?? urn, properties: {} };
    };
    const analyze: HostResource[] = [];
    const stack: HostResource[] = [];
    for (const s of states) {
        const base = {
            urn: s.urn,
            type: s.type,
            name: nameOf(s),
            provider: providerOf(s),
            parent: s.parent,
            dependencies: s.dependencies,
            propertyDependencies: s.propertyDependencies,
            protect: s.protect,
        };
        if (!base.provider) {
            delete base.provider;
        }
        if (s.type !== ROOT_STACK_TYPE && !stackOnly.has(s.urn)) {
            analyze.push({ ...base, properties: s.inputs });
        }
        stack.push({ ...base, properties: Object.keys(s.outputs).length > 0 ? s.outputs : s.inputs });
    }
    return { analyze, stack };
}

function stackSettings(states: StateLike[], dryRun: boolean): StackSettings {
    const root = states.find(s => s.type === ROOT_STACK_TYPE) ?? states[0];
    const parsed = root ? parseUrn(root.urn) : undefined;
    return { stack: parsed?.stack, project: parsed?.project, dryRun };
}

function fromStackExport(doc: Record<string, unknown>): AuditInput {
    const deployment = doc.deployment;
    if (!isObject(deployment)) {
        throw new InputError(`"deployment" must be an object (the document looks like a stack export)`);
    }
    if (typeof doc.version === "number" && doc.version > 3) {
        throw new InputError(`stack export version ${doc.version} is not supported (versions 1 to 3 are)`);
    }
    const resources = deployment.resources ?? [];
    if (!Array.isArray(resources)) {
        throw new InputError(`"deployment.resources" must be a list`);
    }
    const decoder = new Decoder();
    const states = resources
        .map((r, i) => readState(r, `deployment.resources[${i}]`, decoder))
        .filter((_s, i) => (resources[i] as Record<string, unknown>).delete !== true);
    const { analyze, stack } = buildResources(states, new Set());
    return {
        kind: "stack-export", analyze, stack, stackSettings: stackSettings(states, false),
        encryptedSecrets: decoder.encryptedSecrets, skippedSteps: {},
    };
}

function fromPreview(doc: Record<string, unknown>): AuditInput {
    const steps = doc.steps ?? [];
    if (!Array.isArray(steps)) {
        throw new InputError(`"steps" must be a list (the document looks like \`pulumi preview --json\` output)`);
    }
    const decoder = new Decoder();
    const latest = new Map<string, { state: StateLike; op: string }>();
    const skippedSteps: Record<string, number> = {};
    steps.forEach((step, i) => {
        if (!isObject(step)) {
            throw new InputError(`steps[${i}] is not an object`);
        }
        const op = typeof step.op === "string" ? step.op : "";
        if (op === "") {
            throw new InputError(`steps[${i}] has no "op"`);
        }
        if (SKIPPED_OPS.has(op) || step.newState === undefined || step.newState === null) {
            skippedSteps[op] = (skippedSteps[op] ?? 0) + 1;
            return;
        }
        const state = readState(step.newState, `steps[${i}].newState`, decoder);
        latest.delete(state.urn); // keep document order of the last step per URN
        latest.set(state.urn, { state, op });
    });
    const states = [...latest.values()].map(l => l.state);
    const stackOnly = new Set([...latest.values()].filter(l => STACK_ONLY_OPS.has(l.op)).map(l => l.state.urn));
    const { analyze, stack } = buildResources(states, stackOnly);
    return {
        kind: "preview", analyze, stack, stackSettings: stackSettings(states, true),
        encryptedSecrets: decoder.encryptedSecrets, skippedSteps,
    };
}

/** Interprets a parsed JSON document; throws InputError naming what is wrong. */
export function readAuditDocument(doc: unknown): AuditInput {
    if (!isObject(doc)) {
        throw new InputError("the document is not a JSON object; expected `pulumi stack export` output " +
            "(with \"deployment\") or `pulumi preview --json` output (with \"steps\")");
    }
    if ("deployment" in doc) {
        return fromStackExport(doc);
    }
    if ("steps" in doc) {
        return fromPreview(doc);
    }
    const keys = Object.keys(doc).slice(0, 5).map(k => `"${k}"`).join(", ");
    throw new InputError("the document is neither `pulumi stack export` output (no \"deployment\") nor " +
        `\`pulumi preview --json\` output (no "steps")${keys ? `; its top-level keys are ${keys}` : "; it is empty"}`);
}
