/** What each command reports: the data every format renders (one type per command). */
import type { AuditInput } from "../audit/input";
import type { CheckedStack, Plan } from "../check/plan";
import type { PlanDiff } from "../diff/diff";
import type { Evaluation, PackInfo } from "../engine";
import type { Kind } from "../scan/inventory";
import type { Finding } from "../scan/judge";
import type { ScanRead } from "../scan/read";

/** `mlgov audit`: a stack export or preview, judged by the pack. */
export interface AuditReport {
    /** The file as given (`-` for standard input). */
    file: string;
    input: AuditInput;
    pack: PackInfo;
    evaluation: Evaluation;
}

/** `mlgov check`: a program run for a stack, judged by the pack. */
export interface CheckReport {
    checked: CheckedStack;
    plan: Plan;
    evaluation: Evaluation;
    pack: PackInfo;
    /** How the policy config was chosen, for the reader ("policypacks/…/dev.json", "the pack's defaults"). */
    policyConfig: string;
    /** The stack config file, relative. */
    stackFile: string;
    /** Notes for the reader (accounts snapshot used, …). */
    notes: string[];
}

/** `mlgov diff`: what a change does to a stack. */
export interface DiffReport {
    diff: PlanDiff;
    /** The two plan files, as given. */
    labels: { base: string; head: string };
}

/** `mlgov scan`: the live resources of a stack's accounts, judged by the pack. */
export interface ScanReport {
    readonly stack: string;
    /** The stack config file, relative to the project (where SARIF results point: live resources have no source). */
    readonly stackFile: string;
    /** Jobs created before this were not read. */
    readonly jobsSince: Date;
    readonly kinds: readonly Kind[];
    readonly pack: PackInfo;
    /** Where the policy config came from, for people. */
    readonly policyConfig: string;
    readonly read: ScanRead;
    readonly findings: readonly Finding[];
}

/** The report of each command that has one, by command name. */
export interface Reports {
    audit: AuditReport;
    check: CheckReport;
    diff: DiffReport;
    scan: ScanReport;
}

export type ReportingCommand = keyof Reports;

/** A format: how it renders the report of each command it supports. */
export type Renderer = { readonly [C in ReportingCommand]?: (report: Reports[C]) => string };
