import { MlResourcePolicy } from "../lib/policy";

export const jobsPolicies: MlResourcePolicy[] = [];
