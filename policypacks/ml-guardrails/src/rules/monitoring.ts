import { MlResourcePolicy } from "../lib/policy";

export const monitoringPolicies: MlResourcePolicy[] = [];
