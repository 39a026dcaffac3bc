/**
 * The EventBridge events the corrective control receives, parsed into one shape: which SageMaker
 * resource, what the event says about its instance types, VPC and KMS keys, and who asked.
 *
 * Two sources, both on the account's default bus with `source: aws.sagemaker`:
 *
 * - "AWS API Call via CloudTrail" (EventBridge user guide, "AWS service events delivered via AWS
 *   CloudTrail"; EventBridge events reference, "Amazon SageMaker AI events"): `detail` is the
 *   CloudTrail record (CloudTrail user guide, "CloudTrail record contents", "userIdentity element"),
 *   whose `requestParameters` are the API request with lower-camel-case member names and whose
 *   `responseElements` carry the new resource's ARN.
 * - SageMaker's own state-change events (SageMaker developer guide, "Events that Amazon SageMaker AI
 *   sends to Amazon EventBridge"): `detail` is the resource's Describe* response, PascalCase, with
 *   unset members left out and `Tags` as a map. "SageMaker Notebook Instance State Change" is listed
 *   there and in the EventBridge reference; its detail is DescribeNotebookInstance's shape.
 *
 * Field names are read with either first-letter case, so one reader serves both. No AWS SDK import:
 * the Pulumi program reads `EVENT_PATTERNS` from here.
 */
import type { SageMakerResourceType } from "./permissions";

export const SOURCE = "aws.sagemaker";
export const EVENT_SOURCE = "sagemaker.amazonaws.com";
/** The CloudTrail detail type. The China-region docs print it "Amazon API Call via CloudTrail"; both are read. */
export const API_CALL_DETAIL_TYPES: readonly string[] = ["AWS API Call via CloudTrail", "Amazon API Call via CloudTrail"];

export const API_CALLS = [
    "CreateNotebookInstance",
    "StartNotebookInstance",
    "UpdateNotebookInstance",
    "CreateTrainingJob",
    "CreateProcessingJob",
    "CreateTransformJob",
    "CreateHyperParameterTuningJob",
    "CreateApp",
] as const;
export type ApiCall = (typeof API_CALLS)[number];

export const STATE_CHANGES = {
    "SageMaker Notebook Instance State Change": "notebook-instance",
    "SageMaker Training Job State Change": "training-job",
    "SageMaker Processing Job State Change": "processing-job",
    "SageMaker Transform Job State Change": "transform-job",
    "SageMaker HyperParameter Tuning Job State Change": "hyper-parameter-tuning-job",
} as const satisfies Record<string, SageMakerResourceType>;
export type StateChange = keyof typeof STATE_CHANGES;

/**
 * The two EventBridge rule patterns that feed the handler (for the DetectiveControls component).
 * Failed calls (`errorCode` present) created nothing and are filtered out; the handler also ignores
 * them. Both rules are needed: a notebook is still `Pending` when its `CreateNotebookInstance` record
 * arrives and cannot be stopped until the "InService" state change.
 */
export const EVENT_PATTERNS = {
    apiCalls: {
        source: [SOURCE],
        "detail-type": [...API_CALL_DETAIL_TYPES],
        detail: { eventSource: [EVENT_SOURCE], eventName: [...API_CALLS], errorCode: [{ exists: false }] },
    },
    stateChanges: {
        source: [SOURCE],
        "detail-type": Object.keys(STATE_CHANGES),
    },
} as const;

/** A VPC setting as the resource states it (empty lists: not set). */
export interface VpcSetting {
    readonly path: string;
    readonly subnets: readonly string[];
    readonly securityGroups: readonly string[];
}

/** A KMS key setting the resource has (`keyId` undefined: not set). */
export interface KeySetting {
    readonly purpose: "volume" | "output";
    readonly path: string;
    readonly keyId?: string;
}

/**
 * One compute unit of a resource: the resource itself, or one training-job definition of a tuning
 * job. `vpc` is absent where the resource has no VPC setting of its own (transform jobs and Studio
 * apps inherit the model's or the domain's network), `keys` lists only the key settings it has.
 */
export interface Unit {
    readonly label?: string;
    readonly instanceTypes: readonly string[];
    readonly vpc?: VpcSetting;
    readonly keys: readonly KeySetting[];
}

/** Who made the call (CloudTrail `userIdentity`, without access key ids). */
export interface Principal {
    readonly type?: string;
    readonly arn?: string;
    readonly principalId?: string;
    readonly accountId?: string;
    readonly userName?: string;
    readonly sessionIssuer?: string;
    /** The Studio user profile when the domain sets `ExecutionRoleIdentityConfig=USER_PROFILE_NAME`. */
    readonly sourceIdentity?: string;
    readonly invokedBy?: string;
}

/** The arguments of DeleteApp/DescribeApp. */
export interface AppKey {
    readonly DomainId: string;
    readonly UserProfileName?: string;
    readonly SpaceName?: string;
    readonly AppType: string;
    readonly AppName: string;
}

export interface Observation {
    readonly origin: "api-call" | "state-change";
    /** `eventName` for an API call, `detail-type` for a state change. */
    readonly trigger: string;
    readonly eventId: string;
    readonly time?: string;
    readonly account: string;
    readonly region: string;
    readonly kind: SageMakerResourceType;
    readonly name: string;
    readonly arn?: string;
    readonly app?: AppKey;
    /** The status a state-change event reports. */
    readonly status?: string;
    /** The resource's settings; undefined when the event does not describe them (the handler describes the resource). */
    readonly units?: readonly Unit[];
    readonly principal?: Principal;
    readonly executionRole?: string;
}

export type Parsed =
    | { readonly ok: true; readonly observation: Observation }
    | { readonly ok: false; readonly reason: string; readonly detail?: Record<string, unknown> };

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A member by its PascalCase name, or the lower-camel-case name CloudTrail uses. */
export function member(container: unknown, key: string): unknown {
    if (!isBag(container)) {
        return undefined;
    }
    if (Object.prototype.hasOwnProperty.call(container, key)) {
        return container[key];
    }
    const lower = key.charAt(0).toLowerCase() + key.slice(1);
    return Object.prototype.hasOwnProperty.call(container, lower) ? container[lower] : undefined;
}

function at(container: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((value, key) => member(value, key), container);
}

function text(value: unknown): string | undefined {
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function texts(value: unknown): string[] {
    return Array.isArray(value) ? value.map(text).filter((v): v is string => v !== undefined) : [];
}

function unique(values: Array<string | undefined>): string[] {
    return [...new Set(values.filter((v): v is string => v !== undefined))];
}

function vpcAt(container: unknown, path: string): VpcSetting {
    const vpc = at(container, path);
    return { path, subnets: texts(member(vpc, "Subnets")), securityGroups: texts(member(vpc, "SecurityGroupIds")) };
}

function key(container: unknown, purpose: KeySetting["purpose"], path: string): KeySetting {
    return { purpose, path, keyId: text(at(container, path)) };
}

function groupTypes(list: unknown): Array<string | undefined> {
    return Array.isArray(list) ? list.map(g => text(member(g, "InstanceType"))) : [];
}

/** A training job, or one definition of a tuning job (`ResourceConfig`, or the tuning job's own resource config). */
function trainingUnit(job: unknown, label?: string): Unit {
    const resourcePath = member(job, "ResourceConfig") !== undefined || member(job, "HyperParameterTuningResourceConfig") === undefined
        ? "ResourceConfig" : "HyperParameterTuningResourceConfig";
    const resources = member(job, resourcePath);
    return {
        label,
        instanceTypes: unique([
            text(member(resources, "InstanceType")),
            ...groupTypes(member(resources, "InstanceGroups")),
            ...groupTypes(member(resources, "InstanceConfigs")),
        ]),
        vpc: vpcAt(job, "VpcConfig"),
        keys: [key(job, "volume", `${resourcePath}.VolumeKmsKeyId`), key(job, "output", "OutputDataConfig.KmsKeyId")],
    };
}

function processingUnit(job: unknown): Unit {
    return {
        instanceTypes: unique([text(at(job, "ProcessingResources.ClusterConfig.InstanceType"))]),
        vpc: vpcAt(job, "NetworkConfig.VpcConfig"),
        keys: [
            key(job, "volume", "ProcessingResources.ClusterConfig.VolumeKmsKeyId"),
            // A processing job without outputs has no output key to set.
            ...(member(job, "ProcessingOutputConfig") !== undefined ? [key(job, "output", "ProcessingOutputConfig.KmsKeyId")] : []),
        ],
    };
}

function transformUnit(job: unknown): Unit {
    return {
        instanceTypes: unique([text(at(job, "TransformResources.InstanceType"))]),
        keys: [key(job, "volume", "TransformResources.VolumeKmsKeyId"), key(job, "output", "TransformOutput.KmsKeyId")],
    };
}

function tuningUnits(job: unknown): Unit[] {
    const single = member(job, "TrainingJobDefinition");
    const many = member(job, "TrainingJobDefinitions");
    const units = isBag(single) ? [trainingUnit(single)] : [];
    if (Array.isArray(many)) {
        many.forEach((definition, i) => units.push(trainingUnit(definition, text(member(definition, "DefinitionName")) ?? `TrainingJobDefinitions[${i}]`)));
    }
    return units;
}

/** A notebook as CreateNotebookInstance's request or DescribeNotebookInstance's response states it. */
export function notebookUnit(notebook: unknown): Unit {
    const subnet = text(member(notebook, "SubnetId"));
    return {
        instanceTypes: unique([text(member(notebook, "InstanceType"))]),
        vpc: {
            path: "SubnetId, SecurityGroupIds",
            subnets: subnet ? [subnet] : [],
            // The request names them SecurityGroupIds, the description SecurityGroups.
            securityGroups: texts(member(notebook, "SecurityGroupIds") ?? member(notebook, "SecurityGroups")),
        },
        keys: [key(notebook, "volume", "KmsKeyId")],
    };
}

/** A Studio app as CreateApp's request or DescribeApp's response states it (it has no VPC or key of its own). */
export function appUnit(app: unknown): Unit | undefined {
    const type = text(at(app, "ResourceSpec.InstanceType"));
    return type ? { instanceTypes: [type], keys: [] } : undefined;
}

function principalOf(identity: unknown): Principal | undefined {
    if (!isBag(identity)) {
        return undefined;
    }
    const session = member(identity, "sessionContext");
    const principal: Principal = {
        type: text(identity.type),
        arn: text(identity.arn),
        principalId: text(identity.principalId),
        accountId: text(identity.accountId),
        userName: text(identity.userName),
        sessionIssuer: text(at(session, "sessionIssuer.arn")),
        sourceIdentity: text(member(session, "sourceIdentity")) ?? text(identity.sourceIdentity),
        invokedBy: text(identity.invokedBy),
    };
    return Object.fromEntries(Object.entries(principal).filter(([, v]) => v !== undefined)) as Principal;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const ignore = (reason: string, detail?: Record<string, unknown>): Parsed => ({ ok: false, reason, detail });

interface Envelope {
    readonly eventId: string;
    readonly detailType: string;
    readonly account: string;
    readonly region: string;
    readonly time?: string;
    readonly detail: Bag;
}

/** Names of these resources: letters, digits and hyphens, at most 63 characters (API reference patterns). */
function resourceName(value: unknown): string | undefined {
    const name = text(value);
    return name !== undefined && name.length <= 63 && /^[A-Za-z0-9](-*[A-Za-z0-9])*$/.test(name) ? name : undefined;
}

function parseApiCall(envelope: Envelope): Parsed {
    const detail = envelope.detail;
    if (detail.eventSource !== EVENT_SOURCE) {
        return ignore("not a SageMaker API call", { eventSource: detail.eventSource });
    }
    const eventName = text(detail.eventName);
    if (!eventName || !(API_CALLS as readonly string[]).includes(eventName)) {
        return ignore("not an API call the control acts on", { eventName });
    }
    if (detail.errorCode !== undefined && detail.errorCode !== null) {
        return ignore("the call failed, so it created or changed nothing", { eventName, errorCode: detail.errorCode });
    }
    const request = detail.requestParameters;
    const response = detail.responseElements;
    if (!isBag(request)) {
        return ignore("the CloudTrail record has no requestParameters", { eventName });
    }
    const base = {
        origin: "api-call" as const,
        trigger: eventName,
        eventId: envelope.eventId,
        time: text(detail.eventTime) ?? envelope.time,
        account: text(detail.recipientAccountId) ?? envelope.account,
        region: text(detail.awsRegion) ?? envelope.region,
        principal: principalOf(detail.userIdentity),
        executionRole: text(member(request, "RoleArn")),
    };
    const call = eventName as ApiCall;
    const named = (kind: SageMakerResourceType, nameKey: string, arnKey: string | undefined, units: Unit[] | undefined): Parsed => {
        const name = resourceName(member(request, nameKey));
        if (!name) {
            return ignore(`the request has no valid ${nameKey}`, { eventName });
        }
        if (units && units.some(u => u.instanceTypes.length === 0)) {
            return ignore("the request names no instance type", { eventName, name });
        }
        return { ok: true, observation: { ...base, kind, name, arn: arnKey ? text(member(response, arnKey)) : undefined, units } };
    };
    switch (call) {
        case "CreateNotebookInstance":
            return named("notebook-instance", "NotebookInstanceName", "NotebookInstanceArn", [notebookUnit(request)]);
        case "StartNotebookInstance":
        case "UpdateNotebookInstance":
            // The request holds the name only (or only what changed): the handler describes the notebook.
            return named("notebook-instance", "NotebookInstanceName", undefined, undefined);
        case "CreateTrainingJob":
            return named("training-job", "TrainingJobName", "TrainingJobArn", [trainingUnit(request)]);
        case "CreateProcessingJob":
            return named("processing-job", "ProcessingJobName", "ProcessingJobArn", [processingUnit(request)]);
        case "CreateTransformJob":
            return named("transform-job", "TransformJobName", "TransformJobArn", [transformUnit(request)]);
        case "CreateHyperParameterTuningJob": {
            const units = tuningUnits(request);
            return named("hyper-parameter-tuning-job", "HyperParameterTuningJobName", "HyperParameterTuningJobArn",
                units.length > 0 ? units : [{ instanceTypes: [], keys: [] }]);
        }
        case "CreateApp": {
            const app = {
                DomainId: text(member(request, "DomainId")),
                UserProfileName: text(member(request, "UserProfileName")),
                SpaceName: text(member(request, "SpaceName")),
                AppType: text(member(request, "AppType")),
                AppName: resourceName(member(request, "AppName")),
            };
            if (!app.DomainId || !app.AppType || !app.AppName || !(app.UserProfileName || app.SpaceName)) {
                return ignore("the CreateApp request lacks the domain, user profile or space, app type or app name", { eventName });
            }
            const unit = appUnit(request);
            return {
                ok: true,
                observation: {
                    ...base,
                    kind: "app",
                    name: app.AppName,
                    arn: text(member(response, "AppArn")),
                    app: Object.fromEntries(Object.entries(app).filter(([, v]) => v !== undefined)) as unknown as AppKey,
                    units: unit ? [unit] : undefined,
                },
            };
        }
    }
}

const STATE_CHANGE_FIELDS: Record<StateChange, { name: string; arn: string; status: string; units: (d: Bag) => Unit[] }> = {
    "SageMaker Notebook Instance State Change": {
        name: "NotebookInstanceName", arn: "NotebookInstanceArn", status: "NotebookInstanceStatus", units: d => [notebookUnit(d)],
    },
    "SageMaker Training Job State Change": {
        name: "TrainingJobName", arn: "TrainingJobArn", status: "TrainingJobStatus", units: d => [trainingUnit(d)],
    },
    "SageMaker Processing Job State Change": {
        name: "ProcessingJobName", arn: "ProcessingJobArn", status: "ProcessingJobStatus", units: d => [processingUnit(d)],
    },
    "SageMaker Transform Job State Change": {
        name: "TransformJobName", arn: "TransformJobArn", status: "TransformJobStatus", units: d => [transformUnit(d)],
    },
    "SageMaker HyperParameter Tuning Job State Change": {
        name: "HyperParameterTuningJobName", arn: "HyperParameterTuningJobArn", status: "HyperParameterTuningJobStatus", units: tuningUnits,
    },
};

function parseStateChange(envelope: Envelope, detailType: StateChange): Parsed {
    const fields = STATE_CHANGE_FIELDS[detailType];
    const kind = STATE_CHANGES[detailType];
    const detail = envelope.detail;
    const name = resourceName(member(detail, fields.name));
    if (!name) {
        return ignore(`the event detail has no valid ${fields.name}`, { detailType });
    }
    const units = fields.units(detail);
    // The detail is the Describe* response; without an instance type it is not a full description
    // and absent VPC or key settings would be read as "not set". Let the API-call event decide.
    if (units.length === 0 || units.some(u => u.instanceTypes.length === 0)) {
        return ignore("the event detail names no instance type, so it does not describe the resource", { detailType, name });
    }
    return {
        ok: true,
        observation: {
            origin: "state-change",
            trigger: detailType,
            eventId: envelope.eventId,
            time: envelope.time,
            account: envelope.account,
            region: envelope.region,
            kind,
            name,
            arn: text(member(detail, fields.arn)),
            status: text(member(detail, fields.status)),
            units,
            executionRole: text(member(detail, "RoleArn")) ?? text(at(detail, "TrainingJobDefinition.RoleArn")),
        },
    };
}

/** Parse any input; never throws. Anything that is not one of the events above is `{ ok: false, reason }`. */
export function parseEvent(event: unknown): Parsed {
    if (!isBag(event)) {
        return ignore("the event is not a JSON object", { type: event === null ? "null" : Array.isArray(event) ? "array" : typeof event });
    }
    if (event.source !== SOURCE) {
        return ignore("not a SageMaker event", { source: typeof event.source === "string" ? event.source : undefined });
    }
    const detailType = text(event["detail-type"]);
    if (!detailType) {
        return ignore("the event has no detail-type");
    }
    if (!isBag(event.detail)) {
        return ignore("the event has no detail object", { detailType });
    }
    const account = text(event.account);
    const region = text(event.region);
    const eventId = text(event.id);
    if (!eventId || !account || !ACCOUNT.test(account) || !region || !REGION.test(region)) {
        return ignore("the event envelope lacks a valid id, account or region", { detailType });
    }
    const envelope: Envelope = { eventId, detailType, account, region, time: text(event.time), detail: event.detail };
    if (API_CALL_DETAIL_TYPES.includes(detailType)) {
        return parseApiCall(envelope);
    }
    if (Object.prototype.hasOwnProperty.call(STATE_CHANGES, detailType)) {
        return parseStateChange(envelope, detailType as StateChange);
    }
    return ignore("not an event type the control acts on", { detailType });
}
