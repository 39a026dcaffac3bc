/**
 * Credentials and tokens written into a script. Lifecycle configuration scripts are stored as they
 * are and returned by DescribeNotebookInstanceLifecycleConfig / DescribeStudioLifecycleConfig to
 * anyone allowed to call them, and they run as root with the execution role: a secret in one is a
 * leaked secret. The patterns are the well-known token formats (each vendor documents its prefix)
 * and assignments of a literal to a variable named like a secret; a value read at run time
 * (`$(aws secretsmanager get-secret-value ...)`, `${TOKEN}`) is not a finding.
 */

/** One secret found: what kind, and on which line (1-based). The secret itself is never kept. */
export interface SecretFinding {
    readonly kind: string;
    readonly line: number;
}

const PATTERNS: ReadonlyArray<{ readonly kind: string; readonly pattern: RegExp }> = [
    { kind: "an AWS access key id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
    { kind: "an AWS secret access key", pattern: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i },
    { kind: "a private key", pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
    { kind: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
    { kind: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
    { kind: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
    { kind: "a Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{30,}/ },
    { kind: "an API secret key (sk-...)", pattern: /\bsk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{20,}/ },
    { kind: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
    { kind: "a JSON web token", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
    { kind: "a password in a URL", pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]+:(?![$%{])[^/\s:@'"$]+@/i },
    {
        kind: "a literal assigned to a secret-named variable",
        pattern: /\b[A-Za-z0-9_]*(?:password|passwd|secret|token|api_?key|access_?key)\s*[=:]\s*(["']?)(?![$`(<{%])[^\s"'$`]{8,}\1/i,
    },
    { kind: "a literal secret on a command line", pattern: /--(?:password|token|secret|api-key)[= ]\s*(["']?)(?![$`(<{%])[^\s"'$`]{6,}\1/i },
];

/**
 * The script's text: lifecycle scripts are base64-encoded (both providers' docs); a value that does
 * not decode to text is scanned as given.
 */
export function scriptText(value: string): string {
    const compact = value.replace(/\s+/g, "");
    if (compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
        const text = Buffer.from(compact, "base64").toString("utf8");
        // Decoded binary (or a plain word that happens to be valid base64) is not a script.
        if (!/[\uFFFD\u0000-\u0008\u000E-\u001F]/.test(text)) {
            return text;
        }
    }
    return value;
}

/** The secrets in a script (its decoded text), at most one finding per line. */
export function findSecrets(script: string): SecretFinding[] {
    const findings: SecretFinding[] = [];
    scriptText(script).split(/\r?\n/).forEach((line, i) => {
        const hit = PATTERNS.find(p => p.pattern.test(line));
        if (hit) {
            findings.push({ kind: hit.kind, line: i + 1 });
        }
    });
    return findings;
}
