/**
 * JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps, GitHub test-report actions): one
 * test suite per policy of the pack, one test case per resource the policy reported on (a mandatory
 * finding is a failure; an advisory one, or a fix the remediate level applied, passes with the text
 * in system-out), and a passing "no finding" case for a policy that reported nothing, so that the
 * report lists every control that was run.
 */
import type { Evaluation, PackInfo } from "../engine";
import { Finding, findings } from "./findings";
import type { Renderer } from "./reports";
import { scanEvaluation } from "./scan-view";
import { detail, nameFromUrn } from "./verdicts";

export interface JunitInput {
    pack: PackInfo;
    evaluation: Evaluation;
    /** The report's name: `mlgov check dev`, `mlgov audit examples/blocked-stack-export.json`. */
    name: string;
}

/** XML 1.0 text: the five entities escaped, characters XML cannot carry dropped. */
function xml(text: string): string {
    return text
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
        .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
        .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function testCase(policy: string, f: Finding): string {
    const name = f.urn ? `${f.type} ${nameFromUrn(f.urn)}` : "the stack";
    const open = `    <testcase classname="${xml(policy)}" name="${xml(name)}">`;
    const text = detail(f);
    const body = f.enforcementLevel === "mandatory"
        ? `      <failure type="${xml(f.remediation === "next-update" ? "mandatory (the next update remediates it)" : "mandatory")}" ` +
          `message="${xml(text.split("\n", 1)[0])}">${xml(`${f.urn}\n${text}`)}</failure>`
        : `      <system-out>${xml(`${f.remediation === "applied" ? "remediated" : f.enforcementLevel}: ${f.urn}\n${text}`)}</system-out>`;
    return `${open}\n${body}\n    </testcase>`;
}

export function junitReport(input: JunitInput): string {
    const all = findings(input.evaluation);
    const suites: string[] = [];
    let tests = 0;
    let failures = 0;
    const names = [...input.pack.policies.map(p => p.name), ...all.map(f => f.policy)];
    for (const policy of [...new Set(names)]) {
        const mine = all.filter(f => f.policy === policy);
        const cases = mine.length > 0 ? mine.map(f => testCase(policy, f))
            : [`    <testcase classname="${xml(policy)}" name="no finding in ${input.evaluation.resources} resources"/>`];
        const failed = mine.filter(f => f.enforcementLevel === "mandatory").length;
        tests += cases.length;
        failures += failed;
        suites.push(`  <testsuite name="${xml(policy)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">\n` +
            `${cases.join("\n")}\n  </testsuite>`);
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<testsuites name="${xml(input.name)}" tests="${tests}" failures="${failures}" errors="0">\n${suites.join("\n")}\n</testsuites>\n`;
}

export const junitFormat: Renderer = {
    scan: r => junitReport({ pack: r.pack, evaluation: scanEvaluation(r), name: `mlgov scan ${r.stack}` }),
};
