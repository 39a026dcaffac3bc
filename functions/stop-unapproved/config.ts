/**
 * The handler's settings, from its environment variables, checked once per cold start. A bad value
 * is a `ConfigError` naming the variable; the handler throws it for every event, so events wait in
 * Lambda's retries and the dead-letter queue until the configuration is fixed, instead of being
 * dropped.
 */
import { LOCAL_STORAGE_INSTANCE_TYPES } from "../../policypacks/ml-guardrails/src/facts";
import { globToRegExp } from "../../policypacks/ml-guardrails/src/lib/props";

export const ENV = {
    approvedInstanceTypes: "APPROVED_INSTANCE_TYPES",
    requireVpc: "REQUIRE_VPC",
    requireKms: "REQUIRE_KMS",
    topicArn: "TOPIC_ARN",
    localStorageInstanceTypes: "LOCAL_STORAGE_INSTANCE_TYPES",
} as const;

export interface Config {
    /** Patterns as configured (`ml.m5.*`, `system`), for messages. */
    readonly approvedInstanceTypes: readonly string[];
    readonly approved: readonly RegExp[];
    readonly requireVpc: boolean;
    readonly requireKms: boolean;
    readonly topicArn: string;
    /** Instance types whose storage is local NVMe, hardware-encrypted: no volume key is asked of them. */
    readonly localStorage: readonly RegExp[];
}

export class ConfigError extends Error {
    constructor(readonly variable: string, problem: string) {
        super(`${variable}: ${problem}`);
        this.name = "ConfigError";
    }
}

/** An instance type or a pattern of them: `ml.m5.large`, `ml.m5.*`, `ml.*`, `system`. */
const PATTERN = /^(system|ml\.[a-z0-9*][a-z0-9.*-]*)$/;
const TOPIC = /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

function patterns(env: NodeJS.ProcessEnv, variable: string, fallback?: readonly string[]): string[] {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === "") {
        if (fallback) {
            return [...fallback];
        }
        throw new ConfigError(variable, 'is not set; give a JSON array of instance-type patterns, e.g. ["ml.m5.*","system"]');
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        throw new ConfigError(variable, 'is not valid JSON; give a JSON array of instance-type patterns, e.g. ["ml.m5.*","system"]');
    }
    if (!Array.isArray(parsed) || parsed.length === 0) {
        throw new ConfigError(variable, "must be a non-empty JSON array of instance-type patterns (an empty list would stop everything)");
    }
    const bad = parsed.filter(p => typeof p !== "string" || !PATTERN.test(p));
    if (bad.length > 0) {
        throw new ConfigError(variable, `${bad.map(b => JSON.stringify(b)).join(", ")} ${bad.length === 1 ? "is not an instance-type pattern" : "are not instance-type patterns"} ` +
            "(ml.<family>.<size>, * as a wildcard, or system)");
    }
    return parsed as string[];
}

function flag(env: NodeJS.ProcessEnv, variable: string): boolean {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === "") {
        return true;
    }
    const value = raw.trim().toLowerCase();
    if (value !== "true" && value !== "false") {
        throw new ConfigError(variable, `must be "true" or "false" (default true), not ${JSON.stringify(raw)}`);
    }
    return value === "true";
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
    const approvedInstanceTypes = patterns(env, ENV.approvedInstanceTypes);
    const requireVpc = flag(env, ENV.requireVpc);
    const requireKms = flag(env, ENV.requireKms);
    const topicArn = env[ENV.topicArn]?.trim() ?? "";
    if (!TOPIC.test(topicArn)) {
        throw new ConfigError(ENV.topicArn, topicArn === ""
            ? "is not set; give the ARN of the SNS topic that receives the notifications"
            : `${JSON.stringify(topicArn)} is not an SNS topic ARN`);
    }
    const localStorage = patterns(env, ENV.localStorageInstanceTypes, LOCAL_STORAGE_INSTANCE_TYPES);
    return {
        approvedInstanceTypes,
        approved: approvedInstanceTypes.map(globToRegExp),
        requireVpc,
        requireKms,
        topicArn,
        localStorage: localStorage.map(globToRegExp),
    };
}
