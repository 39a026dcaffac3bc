/**
 * The AWS commercial regions (partition `aws`) a stack may deploy to, as data.
 *
 * Source: the AWS SDK for JavaScript v3 partition data (`@aws-sdk/core` 3.981, `partitions.json`,
 * partition `aws`, without the `aws-global` pseudo-region); it also holds every commercial value of
 * `@pulumi/aws` 7.48's `aws.Region` enum. tests/accounts/data.spec.ts checks both. China, GovCloud,
 * ISO and European Sovereign Cloud regions are other partitions (other credentials, other ARNs) and
 * are not supported by this program.
 *
 * Regions launched after 2019 are opt-in: enable them in each account (Account settings) before
 * deploying there.
 */

/** The partition of every region below: ARNs are `arn:aws:…`. */
export const PARTITION = "aws";

/** Region code -> its name. */
export const COMMERCIAL_REGIONS: Readonly<Record<string, string>> = {
    "af-south-1": "Africa (Cape Town)",
    "ap-east-1": "Asia Pacific (Hong Kong)",
    "ap-east-2": "Asia Pacific (Taipei)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-south-2": "Asia Pacific (Hyderabad)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-southeast-3": "Asia Pacific (Jakarta)",
    "ap-southeast-4": "Asia Pacific (Melbourne)",
    "ap-southeast-5": "Asia Pacific (Malaysia)",
    "ap-southeast-6": "Asia Pacific (New Zealand)",
    "ap-southeast-7": "Asia Pacific (Thailand)",
    "ca-central-1": "Canada (Central)",
    "ca-west-1": "Canada West (Calgary)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-central-2": "Europe (Zurich)",
    "eu-north-1": "Europe (Stockholm)",
    "eu-south-1": "Europe (Milan)",
    "eu-south-2": "Europe (Spain)",
    "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)",
    "eu-west-3": "Europe (Paris)",
    "il-central-1": "Israel (Tel Aviv)",
    "me-central-1": "Middle East (UAE)",
    "me-south-1": "Middle East (Bahrain)",
    "me-west-1": "Middle East (Saudi Arabia)",
    "mx-central-1": "Mexico (Central)",
    "sa-east-1": "South America (Sao Paulo)",
    "sa-west-1": "South America (Chile)",
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
};

/** Whether `region` is a commercial region code. */
export function isCommercialRegion(region: string): boolean {
    return Object.prototype.hasOwnProperty.call(COMMERCIAL_REGIONS, region);
}
