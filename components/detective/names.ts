import { shortHash } from "../naming";

/**
 * A physical name `<component>-<suffix>` within `max` characters, of letters, digits and hyphens: the
 * component name is cleaned and, when too long, cut and followed by a hash of the whole name (so two
 * long names that share a beginning still differ).
 */
export function physicalName(component: string, suffix: string, max: number): string {
    const base = component.replace(/[^A-Za-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "") || "ml";
    const room = max - suffix.length - 1;
    if (room < 12) {
        throw new Error(`"${suffix}" leaves no room for the component name within ${max} characters`);
    }
    const head = base.length <= room ? base : `${base.slice(0, room - 9).replace(/-$/, "")}-${shortHash(component)}`;
    return `${head}-${suffix}`;
}
