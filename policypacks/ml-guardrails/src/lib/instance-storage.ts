import { stringList } from "./config";

/**
 * Instance types with local NVMe instance storage. SageMaker encrypts that storage with a hardware
 * module and rejects a customer key for it: "If you specify a value for KmsKeyId when using any
 * nitro-based instances with local storage, the call to CreateEndpointConfig fails" (API reference,
 * CreateEndpointConfig, KmsKeyId), and "You can't request a VolumeKmsKeyId when using an instance type
 * with local storage" (CreateTrainingJob, CreateHyperParameterTuningJob, CreateProcessingJob). The list
 * is the EC2 families with NVMe instance store volumes (EC2 user guide, "Instance store volumes";
 * SageMaker's "Host instance storage volumes table") that exist as `ml.` types, plus their EC2 siblings
 * so that a new `ml.` type is covered on arrival. A family missing here makes a policy ask for a key that
 * SageMaker then rejects: add it in the policy config (and here, with a test case), or exempt the resource.
 */
export const LOCAL_STORAGE_INSTANCE_TYPES = [
    "c5d", "m5d", "r5d", "c6id", "m6id", "r6id", "c6gd", "m6gd", "r6gd", "c7gd", "m7gd", "r7gd",
    "g4dn", "g5", "g6", "g6e", "gr6", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "p6-b200",
    "trn1", "trn1n", "trn2", "dl1",
].map(family => `ml.${family}.*`);

/** The config setting of the policies that skip the storage key on such instance types. */
export const localStorageInstanceTypes = stringList(
    "Instance types with local NVMe storage, for which no storage-volume KMS key is required (SageMaker rejects one); " +
    "`ml.g5.*` names a family.",
    LOCAL_STORAGE_INSTANCE_TYPES,
    { pattern: "^ml\\.[a-z0-9*][a-z0-9.*-]*$", hint: "use an ML instance type (ml.g5.xlarge) or a family (ml.g5.*)" },
);
