/**
 * The corrective control: a Lambda function (Node.js 22) on SageMaker API calls recorded by CloudTrail
 * and on SageMaker state changes. It stops (or, for a Studio app, deletes) what runs on an unapproved
 * instance type, or without the VPC or KMS keys the configuration requires, and notifies the SNS
 * topic. Approved resources are left alone: no call at all.
 *
 * Failure handling. A malformed or irrelevant event is logged and answered `ignored`, never thrown
 * (a retry could not make it valid). A resource already stopped or gone is done, not an error. A
 * throttled or failing AWS call is retried (retry.ts); if it keeps failing, or the configuration is
 * invalid, or an app cannot be deleted yet, the handler throws, so that Lambda's asynchronous retries
 * and then the dead-letter queue keep the event. Running twice on the same event makes the same
 * decision and does not fail: the second stop finds the resource already stopping.
 *
 * Notifications. Every non-compliant API call is notified, even when the resource was already stopped
 * (the API-call event is the one that names the principal, so its notification is the one to keep),
 * at least once (a retried invocation may repeat it). A state-change event is notified only when it is
 * the one that stopped the resource or found it gone; a state change of something already stopping or
 * not yet stoppable is logged only.
 */
import type { Context } from "aws-lambda";
import { Actions, Clients, createClients, StopAction, StopOutcome } from "./actions";
import { Config, ConfigError, loadConfig } from "./config";
import { Observation, parseEvent, Principal, Unit } from "./events";
import { errorFields, Fields, jsonLogger, Logger } from "./log";
import { DEFAULT_RETRY, RetryOptions } from "./retry";
import { evaluate, phaseOf, Violation } from "./rules";

export { ConfigError } from "./config";
export { EVENT_PATTERNS } from "./events";
export { ACTIONS_USED } from "./permissions";
export { RetriesExhaustedError } from "./retry";

export const CONTROL = "sagemaker-stop-unapproved";

export interface ActionTaken {
    /** The call made; absent when the event already showed the resource stopped or starting. */
    readonly api?: StopAction;
    readonly input?: Readonly<Record<string, string>>;
    readonly outcome: StopOutcome;
    /** The status that explains an outcome other than `stopped`. */
    readonly status?: string;
}

/** What the handler decided and did: the answer to the invocation and the body of its last log line. */
export interface HandlerResult {
    readonly decision: "ignored" | "compliant" | "non-compliant";
    /** Why an event was ignored. */
    readonly reason?: string;
    readonly event?: { readonly id: string; readonly origin: Observation["origin"]; readonly trigger: string };
    readonly resource?: { readonly type: Observation["kind"]; readonly name: string; readonly arn?: string };
    readonly instanceTypes?: readonly string[];
    readonly violations?: readonly Violation[];
    readonly action?: ActionTaken;
    readonly notified: boolean;
    readonly messageId?: string;
}

export type Handler = (event: unknown, context?: Partial<Context>) => Promise<HandlerResult>;

/** An app still starting cannot be deleted, and no later event will bring it back: retry the invocation. */
export class NotYetStoppableError extends Error {
    constructor(readonly resource: string, readonly status: string | undefined) {
        super(`${resource} cannot be stopped yet (status ${status ?? "unknown"}); the invocation is failed so that Lambda retries it`);
        this.name = "NotYetStoppableError";
    }
}

export interface HandlerOptions {
    /** Defaults to `process.env`. */
    readonly env?: NodeJS.ProcessEnv;
    /** The clients for a region; defaults to `createClients`. */
    readonly clients?: (region: string) => Clients;
    /** Overrides of the retry policy (tests inject `sleep`). */
    readonly retry?: Partial<RetryOptions>;
    readonly log?: Logger;
}

const KIND_LABELS: Record<Observation["kind"], string> = {
    "notebook-instance": "notebook instance",
    "training-job": "training job",
    "processing-job": "processing job",
    "transform-job": "transform job",
    "hyper-parameter-tuning-job": "tuning job",
    "app": "Studio app",
};

function headline(o: Observation, action: ActionTaken): string {
    switch (action.outcome) {
        case "stopped": return o.kind === "app" ? "deleted" : "stopped";
        case "already-stopped": return "not compliant, already stopped";
        case "not-found": return "not compliant, not found";
        case "deferred": return "not compliant, stop pending";
    }
}

/** SNS subjects: printable ASCII, no line breaks, fewer than 100 characters (Publish API reference). */
function subject(o: Observation, action: ActionTaken): string {
    const text = `SageMaker ${KIND_LABELS[o.kind]} ${headline(o, action)}: ${o.name}`.replace(/[^\x20-\x7e]/g, "?");
    return text.length < 100 ? text : `${text.slice(0, 96)}...`;
}

function sentence(o: Observation, action: ActionTaken, violations: readonly Violation[], principal: Principal | undefined): string {
    const who = principal
        ? ` by ${principal.arn ?? principal.principalId ?? "an unnamed principal"}${principal.sourceIdentity ? ` (source identity ${principal.sourceIdentity})` : ""}`
        : "";
    const what = o.origin === "api-call" ? `${o.trigger} on ${KIND_LABELS[o.kind]} ${o.name}${who}` : `${KIND_LABELS[o.kind]} ${o.name} (${o.status ?? "status unknown"})`;
    const done = {
        "stopped": `${action.api} was called`,
        "already-stopped": `nothing to stop: it is already ${action.status ? `in status ${action.status}` : "stopping or stopped"}`,
        "not-found": "nothing to stop: it no longer exists",
        "deferred": `it cannot be stopped while ${action.status ?? "starting"}; it will be stopped when it reports InService`,
    }[action.outcome];
    return `${what} in account ${o.account}, ${o.region}: ${violations.map(v => v.message).join("; ")}. ${done}.`;
}

function message(o: Observation, units: readonly Unit[], violations: readonly Violation[], action: ActionTaken, arn: string | undefined): string {
    return JSON.stringify({
        control: CONTROL,
        summary: sentence(o, action, violations, o.principal),
        resource: { type: o.kind, name: o.name, arn: arn ?? null },
        instanceTypes: [...new Set(units.flatMap(u => u.instanceTypes))],
        violations,
        principal: o.principal ?? null,
        ...(o.origin === "state-change" ? { principalNote: "state-change events do not name the caller; the API-call notification does" } : {}),
        executionRole: o.executionRole ?? null,
        account: o.account,
        region: o.region,
        action,
        event: { id: o.eventId, origin: o.origin, trigger: o.trigger, time: o.time ?? null },
    }, null, 2);
}

function accountOf(functionArn: string | undefined): string | undefined {
    const account = functionArn?.split(":")[4];
    return account && /^\d{12}$/.test(account) ? account : undefined;
}

export function createHandler(options: HandlerOptions = {}): Handler {
    const env = options.env ?? process.env;
    const baseLog = options.log ?? jsonLogger();
    const clientsFor = options.clients ?? createClients;
    const clients = new Map<string, Clients>();
    // Read once, when the function is initialized (cold start); a bad value fails every invocation.
    let config: Config | ConfigError;
    try {
        config = loadConfig(env);
    } catch (error) {
        if (!(error instanceof ConfigError)) {
            throw error;
        }
        config = error;
    }

    return async (event, context) => {
        const log: Logger = (level, msg, fields) => baseLog(level, msg, { control: CONTROL, requestId: context?.awsRequestId, ...fields });

        if (config instanceof ConfigError) {
            log("error", "invalid configuration", { variable: config.variable, ...errorFields(config) });
            throw config;
        }
        const settings = config;

        const parsed = parseEvent(event);
        const ignored = (reason: string, fields: Fields = {}): HandlerResult => {
            log("warn", "event ignored", { reason, ...fields });
            return { decision: "ignored", reason, notified: false };
        };
        if (!parsed.ok) {
            return ignored(parsed.reason, parsed.detail);
        }
        const o = parsed.observation;
        const where = { eventId: o.eventId, origin: o.origin, trigger: o.trigger, resourceType: o.kind, resourceName: o.name };
        const ownRegion = env.AWS_REGION;
        const ownAccount = accountOf(context?.invokedFunctionArn);
        if ((ownRegion && o.region !== ownRegion) || (ownAccount && o.account !== ownAccount)) {
            // The role is scoped to this account and region; the control is deployed in each of them.
            return ignored("the event is for another account or region than this function's", { ...where, account: o.account, region: o.region });
        }

        let cached = clients.get(o.region);
        if (!cached) {
            cached = clientsFor(o.region);
            clients.set(o.region, cached);
        }
        const getRemaining = context?.getRemainingTimeInMillis?.bind(context);
        const actions = new Actions(cached, { ...DEFAULT_RETRY, ...options.retry, ...(getRemaining ? { remainingMs: getRemaining } : {}) }, log);

        let units = o.units;
        let status = o.status;
        let arn = o.arn;
        if (!units) {
            const now = await actions.describe(o);
            if (now === "not-found") {
                return ignored("the resource no longer exists, so there is nothing to check or stop", where);
            }
            if (!now.units) {
                return ignored("the resource's description names no instance type", where);
            }
            units = now.units;
            status = now.status;
            arn = arn ?? now.arn;
        }

        const base = {
            event: { id: o.eventId, origin: o.origin, trigger: o.trigger },
            resource: { type: o.kind, name: o.name, ...(arn ? { arn } : {}) },
            instanceTypes: [...new Set(units.flatMap(u => u.instanceTypes))],
        };
        const violations = evaluate(units, settings);
        if (violations.length === 0) {
            log("info", "compliant, left alone", { ...where, instanceTypes: base.instanceTypes });
            return { decision: "compliant", ...base, notified: false };
        }

        const phase = phaseOf(o.kind, status);
        let action: ActionTaken;
        if (phase === "done") {
            action = { outcome: "already-stopped", status };
        } else if (phase === "pending" && o.kind === "notebook-instance") {
            // StopNotebookInstance refuses a Pending notebook; its InService state change comes next.
            action = { outcome: "deferred", status };
        } else {
            action = await actions.stop(o);
        }
        if (action.outcome === "deferred" && o.kind === "app") {
            log("warn", "not compliant, not stoppable yet; failing the invocation so that Lambda retries it", { ...where, action, violations });
            throw new NotYetStoppableError(`${o.kind} ${o.name}`, action.status);
        }

        const notify = o.origin === "api-call" || action.outcome === "stopped" || action.outcome === "not-found";
        let messageId: string | undefined;
        if (notify) {
            messageId = await actions.publish(settings.topicArn, subject(o, action), message(o, units, violations, action, arn), {
                group: arn ?? `${o.kind}/${o.name}`,
                id: `${o.eventId}/${action.outcome}`,
            });
        }
        log("info", "not compliant", { ...where, violations, action, notified: notify, messageId });
        return { decision: "non-compliant", ...base, violations, action, notified: notify, ...(messageId ? { messageId } : {}) };
    };
}

/** The Lambda entry point (`index.handler`): configuration from the environment, read at the first event. */
export const handler: Handler = createHandler();
