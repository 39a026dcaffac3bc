import { MlResourcePolicy } from "../lib/policy";

export const featureStorePolicies: MlResourcePolicy[] = [];
