import { MlPolicy } from "./lib/policy";
import { artifactsPolicies } from "./rules/artifacts";
import { endpointPolicies } from "./rules/endpoint";
import { featureStorePolicies } from "./rules/feature-store";
import { jobsPolicies } from "./rules/jobs";
import { modelPolicies } from "./rules/model";
import { monitoringPolicies } from "./rules/monitoring";
import { notebookPolicies } from "./rules/notebook";
import { studioPolicies } from "./rules/studio";

/** Every policy of the pack, in the order the docs list them. Importing this starts no server. */
export const policies: readonly MlPolicy[] = [
    ...studioPolicies,
    ...notebookPolicies,
    ...modelPolicies,
    ...endpointPolicies,
    ...featureStorePolicies,
    ...monitoringPolicies,
    ...jobsPolicies,
    ...artifactsPolicies,
];
