/**
 * How SageMaker says that a resource is not there, for every caller that must tell "gone" from
 * "failed" (the corrective Lambda, mlgov scan): `ResourceNotFound`, or a `ValidationException` whose
 * message says so (notebook instances answer "RecordNotFound", models "Could not find model ...",
 * jobs "Requested resource not found" or "... does not exist").
 */
export function isSageMakerNotFound(error: unknown): boolean {
    const e = error as { name?: string; message?: string };
    return e?.name === "ResourceNotFound" || e?.name === "ResourceNotFoundException"
        || (e?.name === "ValidationException" && /not found|does not exist|RecordNotFound|could not find/i.test(e.message ?? ""));
}
