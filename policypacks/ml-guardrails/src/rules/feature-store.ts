import { defineResourcePolicy, forTypes } from "../lib/policy";

const AREA = "Feature Store";

/*
 * The aws and aws-native (AWS::SageMaker::FeatureGroup) paths are the same: `offlineStoreConfig.s3StorageConfig.kmsKeyId`,
 * `onlineStoreConfig.{enableOnlineStore, storageType, securityConfig.kmsKeyId}`, `description` (checked against
 * the pulumi-aws-native SDK).
 */
const FEATURE_GROUPS = ["aws:sagemaker/featureGroup:FeatureGroup", "aws-native:sagemaker:FeatureGroup"];

const OFFLINE = "offlineStoreConfig";
const OFFLINE_KEY = "offlineStoreConfig.s3StorageConfig.kmsKeyId";
const ONLINE_ENABLED = "onlineStoreConfig.enableOnlineStore";
const ONLINE_STORAGE = "onlineStoreConfig.storageType";
const ONLINE_KEY = "onlineStoreConfig.securityConfig.kmsKeyId";

export const featureGroupKms = defineResourcePolicy({
    name: "sagemaker-feature-group-kms",
    description: "SageMaker feature groups must encrypt their offline store and their standard online store with " +
        "customer-managed KMS keys.",
    area: AREA,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediation: `With an offline store, set \`${OFFLINE_KEY}\`; with an online store (\`${ONLINE_ENABLED}: true\`, ` +
        `storage type \`Standard\` or unset), set \`${ONLINE_KEY}\` (the \`InMemory\` tier takes no key). Same paths ` +
        "in aws and aws-native.",
    controls: {
        securityHub: ["SageMaker.17", "SageMaker.18"],
        awsConfig: ["sagemaker-featuregroup-encryption-at-rest", "sagemaker-featuregroup-online-store-encryption"],
        other: ["sagemaker:FeatureGroupOfflineStoreKmsKeyArn / FeatureGroupOnlineStoreKmsKeyArn condition keys"],
    },
    targets: forTypes(FEATURE_GROUPS, true),
    check(c) {
        if (c.has(OFFLINE)) {
            c.requireId(OFFLINE_KEY, "KMS key", "kms");
        }
        // The online store needs a key when it is enabled and uses the Standard tier (the default).
        const enabled = c.get(ONLINE_ENABLED);
        const storage = c.get(ONLINE_STORAGE);
        if (c.is(ONLINE_STORAGE, "InMemory") || (enabled.state === "known" && enabled.value !== true) ||
            enabled.state === "absent") {
            return;
        }
        const key = c.get(ONLINE_KEY);
        const undecided = [enabled, storage].find(r => r.state === "unknown");
        if (key.state === "absent" && undecided) {
            c.unknown(undecided.path, `\`${undecided.path}\` is unknown during preview; when the online store is ` +
                `enabled with the Standard tier, \`${ONLINE_KEY}\` must name a KMS key`);
        } else {
            c.requireId(ONLINE_KEY, "KMS key", "kms");
        }
    },
});

export const featureGroupDescription = defineResourcePolicy({
    name: "sagemaker-feature-group-description",
    description: "SageMaker feature groups should say what they hold.",
    area: AREA,
    severity: "low",
    enforcementLevel: "advisory",
    remediation: "Set `description` to what the features are, where they come from and who owns them.",
    controls: { awsConfig: ["sagemaker-featuregroup-description"] },
    targets: forTypes(FEATURE_GROUPS, "description"),
    check(c, path) {
        c.requireText(path);
    },
});

export const featureStorePolicies = [featureGroupKms, featureGroupDescription];
