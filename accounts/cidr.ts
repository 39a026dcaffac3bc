/**
 * IPv4 CIDR arithmetic for the VPC blocks of the ML accounts: parsing (strict), RFC 1918 containment
 * and overlap. Addresses are unsigned 32-bit numbers; a block is its first and last address.
 */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
    /** As written. */
    readonly text: string;
    readonly prefix: number;
    /** First and last address of the block, as unsigned 32-bit numbers. */
    readonly first: number;
    readonly last: number;
}

/** The private address blocks of RFC 1918, section 3. */
export const RFC1918_BLOCKS: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** The VPC prefixes SecureMlDomain can split into private subnets (components/network.ts subnetCidrs). */
export const VPC_PREFIX = { min: 16, max: 24 } as const;

const OCTET = /^(0|[1-9]\d{0,2})$/;

const address = (octets: readonly number[]) => octets.reduce((a, o) => a * 256 + o, 0);
const dotted = (n: number) => [24, 16, 8, 0].map(s => Math.floor(n / 2 ** s) % 256).join(".");

/** The block `text` denotes, or why it is not a CIDR block (no leading zeros, host bits clear). */
export function parseCidr(text: string): Cidr | string {
    const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
    const parts = m ? m[1].split(".") : [];
    if (!m || parts.length !== 4 || !parts.every(p => OCTET.test(p) && Number(p) <= 255) || Number(m[2]) > 32) {
        return `"${text}" is not an IPv4 CIDR block (a.b.c.d/n, no leading zeros)`;
    }
    const prefix = Number(m[2]);
    const size = 2 ** (32 - prefix);
    const first = address(parts.map(Number));
    if (first % size !== 0) {
        const network = first - (first % size);
        return `"${text}" has host bits set; the block is ${dotted(network)}/${prefix}`;
    }
    return { text, prefix, first, last: first + size - 1 };
}

/** Whether two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    return a.first <= b.last && b.first <= a.last;
}

/** Whether `inner` lies entirely within `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
    return outer.first <= inner.first && inner.last <= outer.last;
}

const PRIVATE = RFC1918_BLOCKS.map(b => parseCidr(b) as Cidr);

/** Why `text` cannot be an ML VPC's block (private per RFC 1918, /16 to /24), or undefined when it can. */
export function vpcCidrProblem(text: string): string | undefined {
    const cidr = parseCidr(text);
    if (typeof cidr === "string") {
        return cidr;
    }
    if (!PRIVATE.some(p => cidrWithin(cidr, p))) {
        return `${text} is not within the private ranges of RFC 1918 (${RFC1918_BLOCKS.join(", ")}); use a block inside one of them`;
    }
    if (cidr.prefix < VPC_PREFIX.min || cidr.prefix > VPC_PREFIX.max) {
        return `${text}: the prefix must be from /${VPC_PREFIX.min} to /${VPC_PREFIX.max} (the VPC sizes SecureMlDomain can split into subnets)`;
    }
    return undefined;
}
