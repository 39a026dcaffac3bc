import { MlPolicy } from "./lib/policy";
import { artifactsPolicies } from "./rules/artifacts";
import { crossCuttingPolicies, unreviewedResourceType } from "./rules/cross-cutting";
import { customizationPolicies } from "./rules/customization";
import { endpointPolicies } from "./rules/endpoint";
import { executionRolePolicies } from "./rules/execution-roles";
import { featureStorePolicies } from "./rules/feature-store";
import { jobsPolicies } from "./rules/jobs";
import { loggingPolicies } from "./rules/logging";
import { modelPolicies } from "./rules/model";
import { monitoringPolicies } from "./rules/monitoring";
import { notebookPolicies } from "./rules/notebook";
import { studioPolicies } from "./rules/studio";

const resourcePolicies: readonly MlPolicy[] = [
    ...studioPolicies,
    ...notebookPolicies,
    ...modelPolicies,
    ...endpointPolicies,
    ...featureStorePolicies,
    ...monitoringPolicies,
    ...jobsPolicies,
    ...artifactsPolicies,
    ...customizationPolicies,
];

const reviewedTypes = resourcePolicies.flatMap(p => p.meta.resourceTypes);

/** Every policy of the pack, in the order the docs list them. Importing this starts no server. */
export const policies: readonly MlPolicy[] = [
    ...resourcePolicies,
    ...crossCuttingPolicies,
    unreviewedResourceType(reviewedTypes),
    ...loggingPolicies,
    ...executionRolePolicies,
];
