/**
 * SageMaker instance families, as data, for validating approved instance types before anything is
 * deployed (a typo such as `ml.m5x.large` would otherwise approve nothing, silently).
 *
 * Source: every `ml.<family>.<size>` value of the instance-type enums of the SageMaker API
 * (`@aws-sdk/client-sagemaker` 3.1142: AppInstanceType, ClusterInstanceType, ProcessingInstanceType,
 * ProductionVariantInstanceType, TrainingInstanceType, TransformInstanceType, the notebook
 * InstanceType and the others ending in InstanceType). tests/accounts/data.spec.ts fails when the
 * SDK lists a family that is missing here, or when this list has one the SDK does not: when AWS adds
 * a family, add it here.
 */
export const SAGEMAKER_INSTANCE_FAMILIES: readonly string[] = [
    "c4", "c5", "c5d", "c5n", "c6a", "c6g", "c6gd", "c6gn", "c6i", "c6id", "c6in", "c7g", "c7i", "c8g", "c8i",
    "dl1", "g4dn", "g5", "g6", "g6e", "g7", "g7e", "geospatial", "gr6", "i3en", "inf1", "inf2",
    "m4", "m5", "m5d", "m6a", "m6g", "m6gd", "m6i", "m6id", "m7g", "m7i", "m8g", "m8i",
    "p2", "p3", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "p6-b200", "p6-b300", "p6e-gb200",
    "r5", "r5d", "r6g", "r6gd", "r6i", "r6id", "r7gd", "r7i", "r8g", "r8i",
    "t2", "t3", "trn1", "trn1n", "trn2",
];

/** The sizes SageMaker names: `large`, `xlarge`, `<n>xlarge`, the burstable small sizes, and `interactive` (geospatial). */
const SIZE = /^(micro|small|medium|large|xlarge|[1-9]\d*xlarge|interactive)$/;

/**
 * Why `value` is not an instance type the guardrails can approve, or undefined when it is one:
 * `system` (Studio's own app), `ml.<family>.<size>` or `ml.<family>.*`, with a known family.
 */
export function instanceTypeProblem(value: string): string | undefined {
    if (value === "system") {
        return undefined;
    }
    const m = /^ml\.([a-z0-9-]+)\.([a-z0-9*]+)$/.exec(value);
    if (!m) {
        return `"${value}" is not an instance type; use system, ml.<family>.<size> (ml.m5.xlarge) or ml.<family>.* (ml.m5.*)`;
    }
    const [, family, size] = m;
    if (!SAGEMAKER_INSTANCE_FAMILIES.includes(family)) {
        return `"${value}": "${family}" is not a SageMaker instance family (see the list in docs/config.md; ` +
            "if AWS has just added it, add it to accounts/instance-families.ts)";
    }
    if (size !== "*" && !SIZE.test(size)) {
        return `"${value}": "${size}" is not an instance size; use a size (large, xlarge, 2xlarge, ...) or * for the whole family`;
    }
    return undefined;
}
