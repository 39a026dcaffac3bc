import { writeFileSync } from "fs";
import { join } from "path";
import { DEFAULT_GUARDRAIL_OPTIONS, GUARDRAILS } from "../components/guardrails";
import { policies } from "../policypacks/ml-guardrails/src/policies";
import { renderConfigDocs } from "./config-docs";
import { renderGuardrailDocs } from "./guardrail-docs";
import { renderPolicyDocs } from "./policy-docs";

const docs = join(__dirname, "..", "docs");
for (const [file, text] of [
    ["policies.md", renderPolicyDocs(policies)],
    ["guardrails.md", renderGuardrailDocs(GUARDRAILS, DEFAULT_GUARDRAIL_OPTIONS)],
    ["config.md", renderConfigDocs()],
]) {
    writeFileSync(join(docs, file), text);
    console.log(`wrote docs/${file}`);
}
