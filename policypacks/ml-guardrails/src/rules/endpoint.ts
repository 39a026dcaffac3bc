import { MlResourcePolicy } from "../lib/policy";

export const endpointPolicies: MlResourcePolicy[] = [];
