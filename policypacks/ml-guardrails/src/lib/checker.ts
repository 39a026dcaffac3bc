import { kmsKeyProblem } from "./kms";
import { globToRegExp, isNonEmptyString, Read, read, readAll, show } from "./props";

/**
 * Where an unknown value must come from to count as set during preview: the engine's
 * propertyDependencies of the property must include a resource of one of these types in the stack.
 */
export const PROVENANCE = {
    kms: {
        what: "a KMS key or alias",
        /** A known value must name a customer-managed key (lib/kms.ts). */
        shape: kmsKeyProblem,
        types: [
            "aws:kms/key:Key", "aws:kms/alias:Alias", "aws:kms/replicaKey:ReplicaKey",
            "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey",
            "aws-native:kms:Key", "aws-native:kms:Alias", "aws-native:kms:ReplicaKey",
        ],
    },
    subnet: {
        what: "a subnet",
        types: ["aws:ec2/subnet:Subnet", "aws:ec2/defaultSubnet:DefaultSubnet", "aws-native:ec2:Subnet"],
    },
    securityGroup: {
        what: "a security group",
        types: [
            "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            "aws-native:ec2:SecurityGroup",
        ],
    },
    vpc: {
        what: "a VPC",
        types: ["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc", "aws-native:ec2:Vpc"],
    },
    logGroup: {
        what: "a CloudWatch Logs log group",
        types: ["aws:cloudwatch/logGroup:LogGroup", "aws-native:logs:LogGroup"],
    },
} as const;

export type Provenance = keyof typeof PROVENANCE;

/** Why a known value cannot be what `provenance` names (a string that is not a customer-managed key), or undefined. */
export function shapeProblem(provenance: Provenance, value: string): string | undefined {
    const entry = PROVENANCE[provenance];
    return "shape" in entry ? entry.shape(value) : undefined;
}

/** One thing a policy found wrong with a resource, or could not decide from its inputs alone. */
export interface Finding {
    readonly path: string;
    readonly message: string;
    /** Set when the value is unknown (preview): resolved from propertyDependencies in the stack. */
    readonly unknown?: { readonly provenance?: Provenance };
}

/**
 * The view a policy's check function has of one resource: reads that never throw, and assertions
 * that turn a read into findings. Unknown values become deferred findings instead of verdicts.
 */
export class Checker {
    readonly findings: Finding[] = [];

    constructor(readonly type: string, readonly props: Record<string, unknown>) {}

    get(path: string): Read {
        return read(this.props, path);
    }

    all(path: string): Read[] {
        return readAll(this.props, path);
    }

    /** True when `path` holds something (a known non-null value or an unknown one). */
    has(path: string): boolean {
        return this.get(path).state !== "absent";
    }

    /** True when `path` is known to equal `value`. */
    is(path: string, value: unknown): boolean {
        const r = this.get(path);
        return r.state === "known" && r.value === value;
    }

    fail(path: string, message: string): void {
        this.findings.push({ path, message });
    }

    unknown(path: string, message: string, provenance?: Provenance): void {
        this.findings.push({ path, message, unknown: { provenance } });
    }

    /**
     * `path` must hold a non-empty string id (a key ARN, a subnet id, ...); `because` says which other
     * setting makes it necessary, for the message.
     */
    requireId(path: string, what: string, provenance?: Provenance, because?: string): void {
        for (const r of this.all(path)) {
            this.requireIdRead(r, what, provenance, because);
        }
    }

    /** `path` must hold a non-empty list of non-empty string ids. */
    requireIds(path: string, what: string, provenance?: Provenance): void {
        const r = this.get(path);
        if (r.state === "unknown") {
            this.unknown(r.path, `\`${r.path}\` (${what}) is unknown during preview`, provenance);
            return;
        }
        if (r.state === "absent" || !Array.isArray(r.value) || r.value.length === 0) {
            this.fail(r.path, `\`${path}\` must list at least one ${what}` +
                (r.state === "known" ? ` (it is ${show(r.value)})` : " (it is not set)"));
            return;
        }
        for (const element of this.all(`${path}[]`)) {
            this.requireIdRead(element, what, provenance);
        }
    }

    /**
     * `path` must equal `expected`; `unset` says what the service does when it is absent, `note` is
     * added to a violation (what the change costs, say).
     */
    requireEquals(path: string, expected: unknown, unset?: string, note?: string): void {
        const tail = note ? `. ${note}` : "";
        for (const r of this.all(path)) {
            if (r.state === "unknown") {
                this.unknown(r.path, `\`${r.path}\` is unknown during preview; it must be ${show(expected)}`);
            } else if (r.state === "absent") {
                this.fail(r.path, `\`${r.path}\` is not set` + (unset ? ` (unset means ${unset})` : "") +
                    `; set it to ${show(expected)}${tail}`);
            } else if (r.value !== expected) {
                this.fail(r.path, `\`${r.path}\` is ${show(r.value)}; it must be ${show(expected)}${tail}`);
            }
        }
    }

    /** `path` must hold a non-blank string (a description); an unknown one will have a value. */
    requireText(path: string): void {
        const r = this.get(path);
        if (r.state === "absent") {
            this.fail(path, `\`${path}\` is not set`);
        } else if (r.state === "known" && !isNonEmptyString(r.value)) {
            this.fail(path, `\`${path}\` is empty`);
        }
    }

    /** `path` must be one of `allowed` (`*` in an entry matches any run of characters). */
    requireOneOf(path: string, allowed: readonly string[], unset?: string): void {
        const patterns = allowed.map(globToRegExp);
        const list = allowed.join(", ");
        for (const r of this.all(path)) {
            if (r.state === "unknown") {
                this.unknown(r.path, `\`${r.path}\` is unknown during preview; it must be one of ${list}`);
            } else if (r.state === "absent") {
                if (unset !== undefined) {
                    this.fail(r.path, `\`${r.path}\` is not set (${unset}); set it to one of ${list}`);
                }
            } else if (typeof r.value !== "string" || !patterns.some(p => p.test(r.value as string))) {
                this.fail(r.path, `\`${r.path}\` is ${show(r.value)}; allowed: ${list}`);
            }
        }
    }

    /** `path` must not equal `forbidden`; absent is fine (the service default is compliant). */
    forbidEquals(path: string, forbidden: unknown, instead: string): void {
        for (const r of this.all(path)) {
            if (r.state === "unknown") {
                this.unknown(r.path, `\`${r.path}\` is unknown during preview; it must not be ${show(forbidden)}`);
            } else if (r.state === "known" && r.value === forbidden) {
                this.fail(r.path, `\`${r.path}\` is ${show(forbidden)}; ${instead}`);
            }
        }
    }

    /** The check of `requireId` on a value read elsewhere (`path` names it in messages). */
    requireIdRead(r: Read, what: string, provenance?: Provenance, because?: string, path = r.path): void {
        if (r.state === "unknown") {
            this.unknown(path, `\`${path}\` (${what}) is unknown during preview`, provenance);
        } else if (r.state === "absent") {
            this.fail(path, `\`${path}\` is not set${because ? `: ${because};` : ";"} it must name ${article(what)}`);
        } else if (!isNonEmptyString(r.value)) {
            this.fail(path, `\`${path}\` is ${show(r.value)}, which is not ${article(what)}`);
        } else {
            const problem = provenance && shapeProblem(provenance, r.value);
            if (problem) {
                this.fail(path, `\`${path}\` is ${show(r.value)}, which ${problem}; it must name a customer-managed key`);
            }
        }
    }
}

function article(what: string): string {
    return /^[aeiou]/i.test(what) ? `an ${what}` : `a ${what}`;
}
