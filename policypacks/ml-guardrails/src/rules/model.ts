import { MlResourcePolicy } from "../lib/policy";

export const modelPolicies: MlResourcePolicy[] = [];
