import { PolicyPack } from "@pulumi/policy";
import { decodeOnce } from "./lib/decode-once";
import { policies } from "./policies";

decodeOnce();

new PolicyPack("ml-guardrails", {
    description: "Blocks SageMaker resources created without VPC, KMS or logging (ml-governance).",
    enforcementLevel: "mandatory",
    policies: [...policies],
});
