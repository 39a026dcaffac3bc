/**
 * Every AWS API action the handler calls, with the resource type it is authorized against (the
 * Service Authorization Reference's name). `actions.ts` sends each SageMaker and SNS command through
 * this table, so a call missing here fails in the tests; `components/corrective/policy.ts` builds the
 * Lambda role from it. Plain data, no imports: the Pulumi program reads it without the AWS SDK.
 */

/** SageMaker resource types the handler acts on (the `${Type}` in `arn:…:sagemaker:…:${Type}/…`). */
export type SageMakerResourceType =
    | "notebook-instance"
    | "training-job"
    | "processing-job"
    | "transform-job"
    | "hyper-parameter-tuning-job"
    | "app";

/**
 * SageMaker actions, each with the resource type it is authorized against. The two Describe calls
 * are there because a `StartNotebookInstance`/`UpdateNotebookInstance` record carries no instance
 * type, and a `CreateApp` record carries none when the app takes its domain's or space's default; the
 * same calls tell a notebook still `Pending` from one already stopped when a stop is refused.
 */
export const SAGEMAKER_ACTIONS = {
    StopNotebookInstance: "notebook-instance",
    DescribeNotebookInstance: "notebook-instance",
    StopTrainingJob: "training-job",
    StopProcessingJob: "processing-job",
    StopTransformJob: "transform-job",
    StopHyperParameterTuningJob: "hyper-parameter-tuning-job",
    DeleteApp: "app",
    DescribeApp: "app",
} as const satisfies Record<string, SageMakerResourceType>;

export type SageMakerAction = keyof typeof SAGEMAKER_ACTIONS;

/** SNS actions: one notification per non-compliant resource, to the topic in `TOPIC_ARN`. */
export const SNS_ACTIONS = ["Publish"] as const;

export type SnsAction = (typeof SNS_ACTIONS)[number];

/** The IAM actions the handler's own code calls, `service:Action`. */
export const ACTIONS_USED: readonly string[] = [
    ...Object.keys(SAGEMAKER_ACTIONS).map(a => `sagemaker:${a}`),
    ...SNS_ACTIONS.map(a => `sns:${a}`),
];
