import { writeFileSync } from "fs";
import { join } from "path";
import { policies } from "../policypacks/ml-guardrails/src/policies";
import { renderPolicyDocs } from "./policy-docs";

const target = join(__dirname, "..", "docs", "policies.md");
writeFileSync(target, renderPolicyDocs(policies));
console.log(`wrote ${target}`);
