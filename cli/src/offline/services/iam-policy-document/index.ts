/**
 * `aws.iam.getPolicyDocument`, rendered as the AWS provider renders it (terraform-provider-aws,
 * `internal/service/iam/policy_document_data_source.go` and `policy_model.go`, which the Pulumi AWS
 * provider bridges), so that a program checked offline deploys the very JSON `pulumi up` would:
 *
 * - the document: `Version` (default `2012-10-17`; a merged document takes the highest version),
 *   `Id` (the last non-empty of the sources, `policyId`, the overrides), `Statement`; Go's field order,
 *   empty fields left out;
 * - `sourcePolicyDocuments` merged first, in order (a `Sid` seen twice across them is an error), then
 *   the `statements` (a statement whose `Sid` an earlier one has replaces it in place, a statement
 *   without one is appended; two statements with the same non-empty `Sid` are an error), then each of
 *   `overridePolicyDocuments` the same way; a statement of a JSON document keeps its JSON as written
 *   (a one-element `Action` list stays a list), except its principals and conditions, which are
 *   re-rendered;
 * - in `statements`: `actions`, `resources` (and `not…`) and principal identifiers are sets: duplicates
 *   dropped, one value rendered as a string, several in reverse lexical order; `&{` becomes `${`
 *   in resources, principals and condition values (an error in a `2008-10-17` document);
 * - principals grouped by type (types sorted), `{type: "*", identifiers: ["*"]}` alone rendered as
 *   `"*"`; principal and condition blocks come in the order of the provider's set (the CRC-32 hash of
 *   each block's serialization, ordered as decimal strings), which decides the order of identifiers
 *   and values that several blocks give the same type or key;
 * - conditions grouped by operator, then key (both sorted), values in the order given, one value
 *   rendered as a string; in a JSON document a boolean value becomes its string and a number is
 *   dropped, as the provider's model does;
 * - `json` as Go's `json.MarshalIndent(doc, "", "  ")` (with Go's escaping of `<`, `>` and `&`),
 *   `minifiedJson` as `json.Marshal`, `id` the CRC-32 of `json` in decimal.
 *
 * Errors are the provider's, worded as it words them; an invoke that fails fails the program, as it
 * fails `pulumi preview`.
 */
import { crc32 } from "node:zlib";
import { argStatements } from "./arguments";
import { goJson } from "./go-json";
import { decodeDocument } from "./json-document";
import { Doc, merge, PolicyDocumentError, renderDoc } from "./model";

export { PolicyDocumentError } from "./model";

const VERSIONS = ["2008-10-17", "2012-10-17"];
const DEFAULT_VERSION = "2012-10-17";

export interface RenderedPolicyDocument {
    id: string;
    json: string;
    minifiedJson: string;
    version: string;
}

function documentList(v: unknown, what: string): Array<string | undefined> {
    if (v === undefined || v === null) {
        return [];
    }
    if (!Array.isArray(v) || v.some(x => x !== null && x !== undefined && typeof x !== "string")) {
        throw new PolicyDocumentError(`${what} must be a list of JSON strings`);
    }
    return v as Array<string | undefined>;
}

/**
 * The invoke's answer for these arguments (as the mocks receive them: `statements`,
 * `sourcePolicyDocuments`, `overridePolicyDocuments`, `policyId`, `version`, and the deprecated
 * `sourceJson`/`overrideJson`, which must be empty): the arguments, `id`, `json` and `minifiedJson`.
 * Throws PolicyDocumentError where the provider reports an error.
 */
export function renderPolicyDocument(args: Record<string, unknown>): RenderedPolicyDocument & Record<string, unknown> {
    for (const [key, name] of [["sourceJson", "source_json"], ["overrideJson", "override_json"]] as const) {
        if (args[key] !== undefined && args[key] !== null && args[key] !== "") {
            throw new PolicyDocumentError(`expected "${name}" to be an empty string: got ${String(args[key])}`);
        }
    }
    const version = args.version ?? DEFAULT_VERSION;
    if (typeof version !== "string" || !VERSIONS.includes(version)) {
        throw new PolicyDocumentError(`expected version to be one of ${JSON.stringify(VERSIONS).replace(/,/g, " ")}, got ${String(version)}`);
    }
    const merged: Doc = { version: "", id: "", statements: [] };
    const sids = new Set<string>();
    documentList(args.sourcePolicyDocuments, "sourcePolicyDocuments").forEach((text, i) => {
        if (!text) {
            return;
        }
        const doc = decodeDocument(text, "source_policy_documents", i);
        doc.statements.forEach((s, j) => {
            if (s.sid) {
                if (sids.has(s.sid)) {
                    throw new PolicyDocumentError(`writing IAM Policy Document: merging source document ${i}: duplicate Sid (${s.sid}) in ` +
                        `source_policy_documents (statement ${j}). Remove the Sid or ensure Sids are unique.`);
                }
                sids.add(s.sid);
            }
        });
        merge(merged, doc);
    });
    const policyId = typeof args.policyId === "string" ? args.policyId : "";
    merge(merged, { version, id: policyId, statements: argStatements(args.statements, version) });
    documentList(args.overridePolicyDocuments, "overridePolicyDocuments").forEach((text, i) => {
        if (text) {
            merge(merged, decodeDocument(text, "override_policy_documents", i));
        }
    });
    const rendered = renderDoc(merged);
    const json = goJson(rendered, "  ");
    const minifiedJson = goJson(rendered, "");
    const echoed = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    return { ...echoed, version, id: String(crc32(Buffer.from(json, "utf8"))), json, minifiedJson };
}
