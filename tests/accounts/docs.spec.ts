/** docs/config.md is generated from the schema: it fails when the committed file drifts (run `npm run docs`). */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ACCOUNT_FIELDS, ACCOUNT_TAGS, CONFIG_SCHEMA, COMMERCIAL_REGIONS, SAGEMAKER_INSTANCE_FAMILIES } from "../../accounts";
import { renderConfigDocs } from "../../tools/config-docs";

describe("accounts/docs", () => {
    it("docs/config.md matches the config schema (run `npm run docs` after changing accounts/)", () => {
        const committed = readFileSync(join(__dirname, "..", "..", "docs", "config.md"), "utf8");
        assert.strictEqual(committed, renderConfigDocs());
    });

    it("describes every setting, account tag, region and instance family", () => {
        const doc = renderConfigDocs();
        for (const [key, field] of Object.entries(CONFIG_SCHEMA)) {
            assert.ok(doc.includes(`| \`ml-governance:${key}\` |`), key);
            assert.ok(doc.includes(field.description.replace(/\|/g, "\\|")), `${key} description`);
            if (field.type === "object") {
                for (const name of Object.keys(field.fields)) {
                    assert.ok(doc.includes(`| \`${key}.${name}\` |`), `${key}.${name}`);
                }
            }
        }
        for (const name of Object.keys(ACCOUNT_FIELDS)) {
            assert.ok(doc.includes(`| \`accounts[].${name}\` |`), `accounts[].${name}`);
        }
        for (const tag of Object.keys(ACCOUNT_TAGS)) {
            assert.ok(doc.includes(`| \`${tag}\` |`), tag);
        }
        for (const region of Object.keys(COMMERCIAL_REGIONS)) {
            assert.ok(doc.includes(`| \`${region}\` |`), region);
        }
        for (const family of SAGEMAKER_INSTANCE_FAMILIES) {
            assert.ok(doc.includes(`\`${family}\``), family);
        }
    });
});
