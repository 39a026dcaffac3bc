import { LOCAL_STORAGE_INSTANCE_TYPES } from "../facts";
import { stringList } from "./config";

/** The config setting of the policies that skip the storage key on such instance types. */
export const localStorageInstanceTypes = stringList(
    "Instance types with local NVMe storage, for which no storage-volume KMS key is required (SageMaker rejects one); " +
    "`ml.g5.*` names a family.",
    [...LOCAL_STORAGE_INSTANCE_TYPES],
    { pattern: "^ml\\.[a-z0-9*][a-z0-9.*-]*$", hint: "use an ML instance type (ml.g5.xlarge) or a family (ml.g5.*)" },
);
