/**
 * The event reader on the fixtures, the EventBridge patterns exported for the DetectiveControls rules,
 * and the backoff policy.
 */
import * as assert from "assert";
import { API_CALLS, EVENT_PATTERNS, member, parseEvent, STATE_CHANGES } from "../../functions/stop-unapproved/events";
import { backoffDelay, DEFAULT_RETRY, isRetryable, isThrottling } from "../../functions/stop-unapproved/retry";
import { awsError, FIXTURES, fixture } from "./helpers";

/** EventBridge matching for what the patterns use: arrays of literals, nested objects, `{ exists: false }`. */
function matches(pattern: Record<string, unknown>, event: unknown): boolean {
    return Object.entries(pattern).every(([key, expected]) => {
        const value = event !== null && typeof event === "object" ? (event as Record<string, unknown>)[key] : undefined;
        if (Array.isArray(expected)) {
            return expected.some(e => e !== null && typeof e === "object" && "exists" in e ? (value !== undefined) === e.exists : e === value);
        }
        return matches(expected as Record<string, unknown>, value);
    });
}

describe("corrective control: stop-unapproved events", () => {
    for (const file of FIXTURES) {
        it(`${file}: read, and matched by exactly one of the exported rule patterns`, () => {
            const event = fixture(file);
            const parsed = parseEvent(event);
            assert.ok(parsed.ok, JSON.stringify(parsed));
            const o = parsed.observation;
            assert.strictEqual(o.account, "111122223333");
            assert.strictEqual(o.region, "us-east-1");
            assert.strictEqual(o.origin, file.startsWith("cloudtrail-") ? "api-call" : "state-change");
            const hits = Object.entries(EVENT_PATTERNS).filter(([, p]) => matches(p as never, event)).map(([k]) => k);
            assert.deepStrictEqual(hits, [o.origin === "api-call" ? "apiCalls" : "stateChanges"]);
        });
    }

    it("the patterns cover every API call and state change the reader acts on, and nothing else", () => {
        assert.deepStrictEqual([...EVENT_PATTERNS.apiCalls.detail.eventName].sort(), [...API_CALLS].sort());
        assert.deepStrictEqual([...EVENT_PATTERNS.stateChanges["detail-type"]].sort(), Object.keys(STATE_CHANGES).sort());
        const failed = fixture("cloudtrail-create-training-job.json");
        failed.detail.errorCode = "AccessDenied";
        assert.ok(!matches(EVENT_PATTERNS.apiCalls as never, failed), "a failed call is filtered out by the rule");
    });

    it("reads the CloudTrail record's lower-camel-case members and the state change's PascalCase ones alike", () => {
        const fromCall = parseEvent(fixture("cloudtrail-create-training-job.json"));
        const fromChange = parseEvent(fixture("state-change-training-job.json"));
        assert.ok(fromCall.ok && fromChange.ok);
        assert.deepStrictEqual(fromCall.observation.units, fromChange.observation.units);
        assert.strictEqual(member({ instanceType: "a" }, "InstanceType"), "a");
        assert.strictEqual(member({ InstanceType: "b" }, "InstanceType"), "b");
        assert.strictEqual(member({}, "Constructor"), undefined, "inherited members are not read");
    });

    it("takes the principal from userIdentity, source identity included, and no access key id", () => {
        const parsed = parseEvent(fixture("cloudtrail-create-app.json"));
        assert.ok(parsed.ok);
        assert.deepStrictEqual(parsed.observation.principal, {
            type: "AssumedRole",
            arn: "arn:aws:sts::111122223333:assumed-role/DataScientistExecutionRole/SageMaker",
            principalId: "AROAEXAMPLEEXECROLE1:SageMaker",
            accountId: "111122223333",
            sessionIssuer: "arn:aws:iam::111122223333:role/DataScientistExecutionRole",
            sourceIdentity: "alice",
        });
        assert.deepStrictEqual(parsed.observation.app, { DomainId: "d-abcdefgh1234", SpaceName: "alice-jupyterlab", AppType: "JupyterLab", AppName: "default" });
    });

    it("a StartNotebookInstance record describes nothing: the handler must describe the notebook", () => {
        const parsed = parseEvent(fixture("cloudtrail-start-notebook-instance.json"));
        assert.ok(parsed.ok);
        assert.strictEqual(parsed.observation.units, undefined);
    });
});

describe("corrective control: stop-unapproved retry policy", () => {
    it("full jitter under an exponential ceiling, capped", () => {
        const top = { ...DEFAULT_RETRY, random: () => 0.999999 };
        assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7].map(a => backoffDelay(a, top)), [199, 399, 799, 1599, 3199, 4999, 4999]);
        assert.deepStrictEqual([1, 2, 3].map(a => backoffDelay(a, { ...DEFAULT_RETRY, random: () => 0 })), [0, 0, 0]);
    });

    it("the worst case of 5 attempts waits under 4 s in all", () => {
        const top = { ...DEFAULT_RETRY, random: () => 0.999999 };
        const total = [1, 2, 3, 4].map(a => backoffDelay(a, top)).reduce((x, y) => x + y, 0);
        assert.ok(total < 4_000, String(total));
    });

    it("retries throttling, 5xx and network failures; not client errors", () => {
        for (const e of [awsError("ThrottlingException", "x"), awsError("ThrottledException", "x", 429), awsError("TooManyRequestsException", "x"),
            awsError("InternalFailure", "x", 500), awsError("ServiceUnavailable", "x", 503), Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })]) {
            assert.ok(isRetryable(e), e.name);
        }
        for (const e of [awsError("ValidationException", "x"), awsError("AccessDeniedException", "x", 403), awsError("ResourceNotFound", "x"), new Error("bug"), undefined]) {
            assert.ok(!isRetryable(e), String(e?.name));
        }
        assert.ok(isThrottling(awsError("SomethingNew", "x", 429)));
    });
});
