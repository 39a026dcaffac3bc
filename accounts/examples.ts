/**
 * Example stack configs (settings without the namespace, as in Pulumi.<stack>.yaml): docs/config.md
 * shows them, and tests/accounts checks that they are valid. Account and OU ids are made up.
 */

/** A dev stack: two explicit ML accounts in one region, short retention, the pack's dev config. */
export const DEV_EXAMPLE = {
    environment: "dev",
    owner: "ml-platform",
    defaultRegion: "eu-west-1",
    organization: {
        managementAccountId: "111122223333",
        securityAccountId: "222233334444",
        logArchiveAccountId: "333344445555",
    },
    accounts: [
        { id: "012345678901", name: "ml-dev-research", vpcCidr: "10.10.0.0/16", userProfiles: ["alice", "bob"] },
        { id: "123456789012", name: "ml-dev-fraud", vpcCidr: "10.11.0.0/16", approvedInstanceTypes: ["system", "ml.t3.medium", "ml.m5.*"] },
    ],
    audit: { logRetentionDays: 90 },
    policyPackConfig: "policypacks/ml-guardrails/config/dev.json",
} as const;

/** A prod stack: production switches, discovery under the ML OU plus explicit settings, an organization trail. */
export const PROD_EXAMPLE = {
    environment: "prod",
    owner: "ml-platform",
    production: true,
    defaultRegion: "eu-west-1",
    regions: ["eu-west-1"],
    organization: {
        managementAccountId: "111122223333",
        securityAccountId: "222233334444",
        logArchiveAccountId: "333344445555",
        memberRoleName: "OrganizationAccountAccessRole",
    },
    accounts: [
        { id: "044455556666", name: "ml-prod-fraud", vpcCidr: "10.20.0.0/16", regions: ["eu-central-1", "eu-west-1"], userProfiles: ["carol"] },
        { id: "555566667777", name: "ml-prod-forecast", vpcCidr: "10.21.0.0/16" },
        { id: "666677778888", name: "ml-prod-vendor", vpcCidr: "10.22.0.0/16", expectedInOu: false },
    ],
    discovery: { organizationalUnits: ["ou-ab12-cd34ef56"] },
    tags: { "data-classification": "confidential", "cost-center": "cc-4711" },
    audit: { logRetentionDays: 731, protectAuditData: true, protectionDays: 365, expireAfterDays: 2557, organizationTrail: true },
    guardrails: { requireNetworkIsolation: true, requireInterContainerEncryption: true },
    policyPackConfig: "policypacks/ml-guardrails/config/prod.json",
} as const;
