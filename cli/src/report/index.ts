/**
 * The reports of mlgov: one module per format (text, markdown, json, sarif, junit), each rendering the report of
 * every command it supports (reports.ts says what each command reports). A new format is a module
 * exporting a Renderer, listed in FORMATS; a new command adds its report to Reports and a renderer
 * to each format that should support it. `--format` accepts the formats that render the command.
 */
import { jsonFormat } from "./json";
import { junitFormat } from "./junit";
import { markdownFormat } from "./markdown";
import type { Renderer, ReportingCommand, Reports } from "./reports";
import { sarifFormat } from "./sarif";
import { textFormat } from "./text";

const FORMATS = {
    text: textFormat,
    markdown: markdownFormat,
    json: jsonFormat,
    sarif: sarifFormat,
    junit: junitFormat,
} as const satisfies Record<string, Renderer>;

export type Format = keyof typeof FORMATS;

/** The formats of `command`: its default first, then the others that render it. */
export function formatsOf(command: ReportingCommand, defaultFormat: Format): Format[] {
    const others = (Object.keys(FORMATS) as Format[]).filter(f => f !== defaultFormat && FORMATS[f][command] !== undefined);
    return [defaultFormat, ...others];
}

/** The report of `command` in `format` (one of formatsOf(command)). */
export function render<C extends ReportingCommand>(command: C, format: Format, report: Reports[C]): string {
    const renderer = (FORMATS[format] as Renderer)[command] as ((report: Reports[C]) => string) | undefined;
    if (!renderer) {
        throw new Error(`mlgov ${command} has no ${format} report`);
    }
    return renderer(report);
}

export { isBlocked } from "./verdicts";
export type { AuditReport, CheckReport, DiffReport, Renderer, ReportingCommand, Reports, ScanReport } from "./reports";
