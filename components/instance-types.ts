/** Instance types tried, in order, for Studio's default apps when none is named: small, cheap, general purpose. */
const PREFERRED_APP_INSTANCE_TYPES = [
    "ml.t3.medium", "ml.t3.large", "ml.m5.large", "ml.m6i.large", "ml.c5.large", "ml.c6i.large", "ml.m5.xlarge",
];

/** Whether `instanceType` is in `approved` (entries may be families such as `ml.m5.*`, the pack's syntax). */
export function isApprovedInstanceType(instanceType: string, approved: readonly string[]): boolean {
    return approved.some(pattern => {
        const re = new RegExp(`^${pattern.split("*").map(p => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
        return re.test(instanceType);
    });
}

/**
 * The instance type Studio's JupyterLab, Code Editor and KernelGateway apps start on by default: the
 * one asked for (which must be approved), else the first of a short preference list that the approved
 * list allows, else the first concrete type in the approved list.
 */
export function defaultAppInstanceType(approved: readonly string[], requested?: string): string {
    if (requested !== undefined) {
        if (requested === "system" || !isApprovedInstanceType(requested, approved)) {
            throw new Error(`defaultInstanceType "${requested}" is not an approved app instance type ` +
                `(approved: ${approved.join(", ")})`);
        }
        return requested;
    }
    const found = PREFERRED_APP_INSTANCE_TYPES.find(t => isApprovedInstanceType(t, approved)) ??
        approved.find(t => t !== "system" && !t.includes("*"));
    if (!found) {
        throw new Error(`none of the approved instance types (${approved.join(", ")}) is a concrete type Studio apps can ` +
            "start on; set defaultInstanceType");
    }
    return found;
}
