/**
 * Region names as the AWS Config rule pages print them ("AWS Region: Only available in Europe
 * (Stockholm), …" / "All supported AWS regions except …"), mapped to region codes, so that the rule
 * catalog (config-rules.ts) can keep each page's list verbatim and be checked against it.
 *
 * "AWS Secret - West" (an isolated partition this program cannot deploy to) is left out on purpose.
 */

/** Display name on the Config rule pages -> region code. */
export const REGION_CODES: Readonly<Record<string, string>> = {
    "US East (N. Virginia)": "us-east-1",
    "US East (Ohio)": "us-east-2",
    "US West (N. California)": "us-west-1",
    "US West (Oregon)": "us-west-2",
    "Africa (Cape Town)": "af-south-1",
    "Asia Pacific (Hong Kong)": "ap-east-1",
    "Asia Pacific (Taipei)": "ap-east-2",
    "Asia Pacific (Mumbai)": "ap-south-1",
    "Asia Pacific (Hyderabad)": "ap-south-2",
    "Asia Pacific (Tokyo)": "ap-northeast-1",
    "Asia Pacific (Seoul)": "ap-northeast-2",
    "Asia Pacific (Osaka)": "ap-northeast-3",
    "Asia Pacific (Singapore)": "ap-southeast-1",
    "Asia Pacific (Sydney)": "ap-southeast-2",
    "Asia Pacific (Jakarta)": "ap-southeast-3",
    "Asia Pacific (Melbourne)": "ap-southeast-4",
    "Asia Pacific (Malaysia)": "ap-southeast-5",
    "Asia Pacific (New Zealand)": "ap-southeast-6",
    "Asia Pacific (Thailand)": "ap-southeast-7",
    "Canada (Central)": "ca-central-1",
    "Canada West (Calgary)": "ca-west-1",
    "Europe (Frankfurt)": "eu-central-1",
    "Europe (Zurich)": "eu-central-2",
    "Europe (Ireland)": "eu-west-1",
    "Europe (London)": "eu-west-2",
    "Europe (Paris)": "eu-west-3",
    "Europe (Milan)": "eu-south-1",
    "Europe (Spain)": "eu-south-2",
    "Europe (Stockholm)": "eu-north-1",
    "Israel (Tel Aviv)": "il-central-1",
    "Mexico (Central)": "mx-central-1",
    "Middle East (Bahrain)": "me-south-1",
    "Middle East (UAE)": "me-central-1",
    "South America (Sao Paulo)": "sa-east-1",
    "AWS GovCloud (US-East)": "us-gov-east-1",
    "AWS GovCloud (US-West)": "us-gov-west-1",
    "China (Beijing)": "cn-north-1",
    "China (Ningxia)": "cn-northwest-1",
};

/** The region codes of display names; an unknown name is an error (a typo in the catalog). */
export function regionCodes(names: readonly string[]): string[] {
    return names.map(name => {
        const code = REGION_CODES[name];
        if (!code) {
            throw new Error(`unknown region name ${JSON.stringify(name)} (add it to REGION_CODES)`);
        }
        return code;
    });
}

/**
 * The main commercial regions: where a rule whose availability the catalog could not confirm is
 * created by default (the `unverifiedRuleRegions` argument of DetectiveControls). They are the regions
 * every SageMaker rule page read for the catalog lists as available, except the "only available in"
 * lists that leave one of them out (those rules carry their own list).
 */
export const MAIN_COMMERCIAL_REGIONS: readonly string[] = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
    "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
];

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Whether a string is a region code. */
export function isRegionCode(value: string): boolean {
    return REGION.test(value);
}
