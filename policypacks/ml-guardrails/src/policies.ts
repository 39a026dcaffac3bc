import { MlPolicy } from "./lib/policy";
import { notebookPolicies } from "./rules/notebook";

/** Every policy of the pack, in the order the docs list them. Importing this starts no server. */
export const policies: readonly MlPolicy[] = [
    ...notebookPolicies,
];
