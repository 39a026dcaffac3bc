import { MlResourcePolicy } from "../lib/policy";

export const artifactsPolicies: MlResourcePolicy[] = [];
