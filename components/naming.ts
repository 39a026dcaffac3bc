import { createHash } from "node:crypto";
import { AwsTarget } from "./context";

/** Eight hex characters of a SHA-256: deterministic, for names that must stay short. */
export function shortHash(value: string): string {
    return createHash("sha256").update(value).digest("hex").slice(0, 8);
}

/** Lower-case letters, digits and single hyphens, no hyphen at either end. */
function dnsLabel(value: string): string {
    return value.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
}

const BUCKET_NAME_MAX = 63;

/**
 * A globally unique, deterministic S3 bucket name: `<component>-<purpose>-<account>-<region>`. Account
 * and region make it unique across accounts and regions, the component name across instances in one
 * account. A component name too long for the 63-character limit is cut and suffixed with a hash of
 * the whole name, so two long names that share a beginning still get different buckets.
 */
export function bucketName(component: string, purpose: string, target: Pick<AwsTarget, "account" | "region">): string {
    const suffix = `-${purpose}-${target.account}-${target.region}`;
    const base = dnsLabel(component) || "ml";
    const room = BUCKET_NAME_MAX - suffix.length;
    if (room < 10) {
        throw new Error(`bucket purpose "${purpose}" is too long for an S3 bucket name`);
    }
    const head = base.length <= room ? base : `${base.slice(0, room - 9).replace(/-$/, "")}-${shortHash(component)}`;
    return `${head}${suffix}`;
}

const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** A SageMaker resource name (domain, user profile): the API's pattern, 63 characters at most. */
export function sagemakerName(value: string): string {
    const name = value.replace(/[^a-zA-Z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
    const cut = name.length <= 63 ? name : `${name.slice(0, 54).replace(/-+$/, "")}-${shortHash(value)}`;
    if (!SAGEMAKER_NAME.test(cut)) {
        throw new Error(`"${value}" cannot be made into a SageMaker name (letters, digits and hyphens)`);
    }
    return cut;
}

/** Whether `value` is a valid SageMaker name as given (user profile names are not rewritten). */
export function isSagemakerName(value: string): boolean {
    return SAGEMAKER_NAME.test(value);
}
