/**
 * `pulumi up` entry point (Pulumi.yaml's main): the whole organization for this stack. The stack
 * outputs are, per ML account, its domain, trail, key and bucket identifiers.
 */
import { governOrganization } from "./program";

export = governOrganization();
