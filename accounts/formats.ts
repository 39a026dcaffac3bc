/**
 * The formats of the string settings of the stack config: what each accepts, in one sentence for the
 * docs, and a check that says what is wrong and how to fix it.
 */
import { isSagemakerName } from "../components/naming";
import { vpcCidrProblem } from "./cidr";
import { instanceTypeProblem } from "./instance-families";
import { isCommercialRegion } from "./regions";

export interface Format {
    /** Name shown in docs/config.md. */
    readonly name: string;
    /** What a valid value looks like, for the docs. */
    readonly summary: string;
    /** Why `value` is invalid (with the fix), or undefined when it is valid. */
    readonly check: (value: string) => string | undefined;
    /** A YAML number here is a lost string (digits whose leading zeros YAML dropped): say to quote it. */
    readonly quoteNumbers?: true;
}

/** Letters, digits, white space and `_ . : / = + - @`: what AWS Organizations (and most services) accept in tags. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

const pattern = (name: string, summary: string, re: RegExp, hint: string): Format => ({
    name, summary, check: v => re.test(v) ? undefined : `"${v}" is not ${hint}`,
});

export const FORMATS = {
    accountId: {
        name: "account id",
        summary: "12 digits, as a quoted string (`\"012345678901\"`): unquoted, YAML reads digits as a number and drops leading zeros",
        quoteNumbers: true,
        check: v => /^\d{12}$/.test(v) ? undefined : `"${v}" is not an AWS account id (12 digits, quoted, leading zeros included)`,
    },
    organizationalUnitId: {
        name: "OU id",
        summary: "an organizational unit id, `ou-` then the root's 4 to 32 characters, `-` and 8 to 32 more (`ou-ab12-cd34ef56`)",
        check: v => /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/.test(v)
            ? undefined
            : /^r-[0-9a-z]{4,32}$/.test(v)
                ? `"${v}" is the organization root; list the ML organizational units (ou-...) instead, since the root also holds the management, security and log-archive accounts`
                : `"${v}" is not an organizational unit id (ou-xxxx-xxxxxxxx, as the Organizations console shows it)`,
    },
    roleName: pattern("IAM role name", "an IAM role name: 1 to 64 of letters, digits and `+=,.@_-`, no path",
        IAM_NAME, "an IAM role name (1 to 64 of letters, digits and +=,.@_-; no path)"),
    roleNamePattern: pattern("IAM role name pattern", "an IAM role name, where `*` and `?` match any characters (as in `ArnNotLike`)",
        /^[\w+=,.@*?-]{1,64}$/, "an IAM role name or pattern (letters, digits, +=,.@_- and the wildcards * and ?)"),
    roleArn: pattern("IAM role ARN", "`arn:aws:iam::<account id>:role/<name>` (a path is allowed)",
        /^arn:aws:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/, "an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)"),
    region: {
        name: "region",
        summary: "an AWS commercial region code (`eu-west-1`; the list is below)",
        check: v => isCommercialRegion(v)
            ? undefined
            : /^(cn|us-gov|us-iso[a-z]*|eu-isoe|eusc)-/.test(v)
                ? `"${v}" is in another AWS partition; this program deploys to commercial regions only`
                : `"${v}" is not an AWS commercial region (use a code such as eu-west-1; the list is in docs/config.md)`,
    },
    instanceType: {
        name: "instance type",
        summary: "`system`, `ml.<family>.<size>` or `ml.<family>.*`, with a SageMaker family (list below)",
        check: instanceTypeProblem,
    },
    vpcCidr: {
        name: "VPC CIDR",
        summary: "an IPv4 block inside RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), prefix /16 to /24, host bits clear",
        check: vpcCidrProblem,
    },
    sagemakerName: {
        name: "SageMaker name",
        summary: "letters, digits and hyphens, starting and ending with a letter or digit, at most 63",
        check: v => isSagemakerName(v) ? undefined : `"${v}" is not a SageMaker user profile name (letters, digits and hyphens, at most 63)`,
    },
    accountName: pattern("account name", "1 to 50 printable ASCII characters (Organizations' limit)",
        /^[\x20-\x7e]{1,50}$/, "an account name (1 to 50 printable ASCII characters)"),
    environment: pattern("environment", "lower-case letters, digits and hyphens, starting with a letter, at most 32 (`dev`, `prod`)",
        /^[a-z][a-z0-9-]{0,31}$/, "an environment name (lower-case letters, digits and hyphens, starting with a letter, at most 32)"),
    tagKey: {
        name: "tag key",
        summary: "1 to 128 letters, digits, spaces and `_ . : / = + - @`, not starting with `aws:`",
        check: v => v.length < 1 || v.length > 128 || !TAG_CHARACTERS.test(v)
            ? `"${v}" is not a tag key (1 to 128 letters, digits, spaces and _ . : / = + - @)`
            : v.toLowerCase().startsWith("aws:") ? `"${v}": tag keys starting with aws: are reserved for AWS` : undefined,
    },
    tagValue: {
        name: "tag value",
        summary: "0 to 256 letters, digits, spaces and `_ . : / = + - @`",
        check: v => v.length <= 256 && TAG_CHARACTERS.test(v)
            ? undefined
            : `"${v}" is not a tag value (at most 256 letters, digits, spaces and _ . : / = + - @)`,
    },
    jsonFile: pattern("file", "a path to a `.json` file relative to the project folder (where Pulumi.yaml is)",
        /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w./-]+\.json$/, "a relative path to a .json file inside the project"),
} as const satisfies Record<string, Format>;
