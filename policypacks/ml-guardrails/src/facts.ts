/**
 * Facts shared by the pack and the ml-governance program (its components and guardrails): plain
 * data with no imports, so the program can read them without loading the pack, and the pack stays
 * publishable on its own. Everything here is a default; the pack's policy config and the components'
 * arguments override it.
 */

/** Approved instance types by default: general purpose, compute, memory and common GPU families; `system` is Studio's own. */
export const DEFAULT_INSTANCE_TYPES: readonly string[] = [
    "system", "ml.t3.*", "ml.m5.*", "ml.m6i.*", "ml.c5.*", "ml.c6i.*", "ml.r5.*", "ml.g4dn.*", "ml.g5.*",
];

/**
 * Instance types with local NVMe instance storage. SageMaker encrypts that storage with a hardware
 * module and rejects a customer key for it: "If you specify a value for KmsKeyId when using any
 * nitro-based instances with local storage, the call to CreateEndpointConfig fails" (API reference,
 * CreateEndpointConfig, KmsKeyId), and "You can't request a VolumeKmsKeyId when using an instance type
 * with local storage" (CreateTrainingJob, CreateHyperParameterTuningJob, CreateProcessingJob). The list
 * is the EC2 families with NVMe instance store volumes (EC2 user guide, "Instance store volumes";
 * SageMaker's "Host instance storage volumes table") that exist as `ml.` types, plus their EC2 siblings
 * so that a new `ml.` type is covered on arrival. A family missing here makes a control ask for a key
 * that SageMaker then rejects: add it here, with a test case.
 */
export const LOCAL_STORAGE_INSTANCE_TYPES: readonly string[] = [
    "c5d", "m5d", "r5d", "c6id", "m6id", "r6id", "c6gd", "m6gd", "r6gd", "c7gd", "m7gd", "r7gd",
    "g4dn", "g5", "g6", "g6e", "gr6", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "p6-b200",
    "trn1", "trn1n", "trn2", "dl1",
].map(family => `ml.${family}.*`);
