import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("ml-guardrails", {
    description: "Blocks SageMaker resources created without VPC, KMS or logging (ml-governance).",
    enforcementLevel: "mandatory",
    policies: [...policies],
});
