import { MlResourcePolicy } from "../lib/policy";

export const studioPolicies: MlResourcePolicy[] = [];
