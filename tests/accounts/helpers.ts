/** Shared helpers of the accounts tests: configs to start from, and reading ConfigError problems. */
import * as assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigError, ConfigProblem, GovernanceConfig, parseGovernanceConfig } from "../../accounts";
import { DEV_EXAMPLE, PROD_EXAMPLE } from "../../accounts/examples";

/** The repository root: policyPackConfig paths are relative to it. */
export const ROOT = join(__dirname, "..", "..");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw YAML-like settings, changed freely by the tests
export type Raw = Record<string, any>;

/** A fresh, mutable copy of the dev example. */
export const dev = (): Raw => structuredClone(DEV_EXAMPLE) as unknown as Raw;
/** A fresh, mutable copy of the prod example. */
export const prod = (): Raw => structuredClone(PROD_EXAMPLE) as unknown as Raw;

export const parse = (raw: Raw): GovernanceConfig => parseGovernanceConfig(raw, { projectRoot: ROOT });

/** The problems parsing `raw` reports (fails when it parses). */
export function problemsOf(f: () => unknown): ConfigProblem[] {
    try {
        f();
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e instanceof Error ? e.stack : String(e)}`);
        return [...e.problems];
    }
    assert.fail("expected a ConfigError");
}

/** Asserts exactly one problem, at `path`, whose message matches `message`. */
export function assertOneProblem(problems: readonly ConfigProblem[], path: string, message: RegExp): void {
    assert.equal(problems.length, 1, `expected one problem, got:\n${problems.map(p => `${p.path}: ${p.message}`).join("\n")}`);
    assert.equal(problems[0].path, path);
    assert.match(problems[0].message, message);
}
