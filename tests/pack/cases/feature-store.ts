import { KEY_ARN, KMS_KEY, PolicyCase, UNKNOWN, UNKNOWN_BOOL, UNKNOWN_OBJECT } from "../case";
import { withPath } from "./monitoring";

const FG = "aws:sagemaker/featureGroup:FeatureGroup";
const NATIVE = "aws-native:sagemaker:FeatureGroup";

/** A feature group with encrypted offline and online stores that every feature-store policy accepts. */
export const compliantFeatureGroup = {
    featureGroupName: "customer-churn",
    description: "Churn features per customer, from the CRM nightly export (owner: churn team)",
    recordIdentifierFeatureName: "customer_id",
    eventTimeFeatureName: "event_time",
    roleArn: "arn:aws:iam::111122223333:role/ml-feature-store",
    featureDefinitions: [
        { featureName: "customer_id", featureType: "String" },
        { featureName: "event_time", featureType: "String" },
        { featureName: "tenure_months", featureType: "Integral" },
    ],
    offlineStoreConfig: { s3StorageConfig: { s3Uri: "s3://ml-features/churn", kmsKeyId: KEY_ARN } },
    onlineStoreConfig: { enableOnlineStore: true, storageType: "Standard", securityConfig: { kmsKeyId: KEY_ARN } },
};

/** The aws-native twin (same property names for what the policies read). */
export const compliantNativeFeatureGroup = compliantFeatureGroup;

const onlineOnly = { ...compliantFeatureGroup, offlineStoreConfig: undefined };
const KMS = "sagemaker-feature-group-kms";
const DESCRIPTION = "sagemaker-feature-group-description";

export const cases: PolicyCase[] = [
    // sagemaker-feature-group-kms
    { title: "feature group with encrypted offline and online stores", policy: KMS, type: FG, props: compliantFeatureGroup, expect: "pass" },
    { title: "aws-native feature group with encrypted stores", policy: KMS, type: NATIVE, props: compliantNativeFeatureGroup, expect: "pass" },
    { title: "offline store without a key", policy: KMS, type: FG, props: withPath(compliantFeatureGroup, "offlineStoreConfig.s3StorageConfig.kmsKeyId", undefined), expect: "mandatory", message: /`offlineStoreConfig.s3StorageConfig.kmsKeyId` is not set; it must name a KMS key/ },
    { title: "aws-native offline store without a key", policy: KMS, type: NATIVE, props: withPath(compliantNativeFeatureGroup, "offlineStoreConfig.s3StorageConfig", { s3Uri: "s3://ml-features/churn" }), expect: "mandatory", message: /offlineStoreConfig.s3StorageConfig.kmsKeyId/ },
    { title: "feature group without an offline store needs no offline key", policy: KMS, type: FG, props: onlineOnly, expect: "pass" },
    { title: "online store without a key", policy: KMS, type: FG, props: withPath(compliantFeatureGroup, "onlineStoreConfig.securityConfig", undefined), expect: "mandatory", message: /`onlineStoreConfig.securityConfig.kmsKeyId` is not set/ },
    { title: "online store with the default (Standard) tier without a key", policy: KMS, type: NATIVE, props: { ...compliantFeatureGroup, onlineStoreConfig: { enableOnlineStore: true } }, expect: "mandatory", message: /onlineStoreConfig.securityConfig.kmsKeyId/ },
    { title: "in-memory online store takes no key", policy: KMS, type: FG, props: { ...compliantFeatureGroup, onlineStoreConfig: { enableOnlineStore: true, storageType: "InMemory" } }, expect: "pass" },
    { title: "disabled online store needs no key", policy: KMS, type: FG, props: { ...compliantFeatureGroup, onlineStoreConfig: { enableOnlineStore: false } }, expect: "pass" },
    { title: "online store config without enableOnlineStore is off", policy: KMS, type: FG, props: { ...compliantFeatureGroup, onlineStoreConfig: { storageType: "Standard" } }, expect: "pass" },
    { title: "both stores without keys", policy: KMS, type: FG, props: withPath(withPath(compliantFeatureGroup, "onlineStoreConfig.securityConfig.kmsKeyId", undefined), "offlineStoreConfig.s3StorageConfig.kmsKeyId", undefined), expect: "mandatory", message: /(offlineStoreConfig.s3StorageConfig|onlineStoreConfig.securityConfig).kmsKeyId` is not set/ },
    { title: "unknown keys from KMS keys in the stack count as set", policy: KMS, type: FG, props: withPath(withPath(compliantFeatureGroup, "onlineStoreConfig.securityConfig.kmsKeyId", UNKNOWN), "offlineStoreConfig.s3StorageConfig.kmsKeyId", UNKNOWN), dependsOn: { onlineStoreConfig: [KMS_KEY], offlineStoreConfig: ["aws:kms/alias:Alias"] }, expect: "pass" },
    { title: "unknown offline key with no KMS provenance blocks", policy: KMS, type: NATIVE, props: withPath(compliantNativeFeatureGroup, "offlineStoreConfig.s3StorageConfig.kmsKeyId", UNKNOWN), dependsOn: { offlineStoreConfig: ["aws:s3/bucket:Bucket"] }, expect: "mandatory", message: /does not come from a KMS key or alias/ },
    { title: "unknown offline store config from a KMS key counts as set", policy: KMS, type: FG, props: { ...compliantFeatureGroup, offlineStoreConfig: UNKNOWN_OBJECT }, dependsOn: { offlineStoreConfig: [KMS_KEY] }, expect: "pass" },
    { title: "unknown online store flag without a key cannot be verified", policy: KMS, type: FG, props: { ...compliantFeatureGroup, onlineStoreConfig: { enableOnlineStore: UNKNOWN_BOOL } }, expect: "mandatory", message: /`onlineStoreConfig.enableOnlineStore` is unknown during preview; when the online store is enabled/ },
    { title: "unknown online store flag with a key passes", policy: KMS, type: FG, props: withPath(compliantFeatureGroup, "onlineStoreConfig.enableOnlineStore", UNKNOWN_BOOL), expect: "pass" },
    { title: "unknown storage tier without a key cannot be verified", policy: KMS, type: NATIVE, props: { ...compliantFeatureGroup, onlineStoreConfig: { enableOnlineStore: true, storageType: UNKNOWN } }, expect: "mandatory", message: /`onlineStoreConfig.storageType` is unknown during preview/ },
    { title: "exempted feature group is advisory", policy: KMS, type: FG, props: withPath(compliantFeatureGroup, "onlineStoreConfig.securityConfig", undefined), config: { exemptions: [{ urn: "*", reason: "synthetic features only", expires: "2999-12-31" }] }, expect: "advisory", message: /synthetic features only/ },
    // sagemaker-feature-group-description (advisory)
    { title: "feature group with a description", policy: DESCRIPTION, type: FG, props: compliantFeatureGroup, expect: "pass" },
    { title: "feature group without a description", policy: DESCRIPTION, type: FG, props: { ...compliantFeatureGroup, description: undefined }, expect: "advisory", message: /`description` is not set/ },
    { title: "aws-native feature group with a blank description", policy: DESCRIPTION, type: NATIVE, props: { ...compliantFeatureGroup, description: "  " }, expect: "advisory", message: /`description` is empty/ },
    { title: "an unknown description is not reported", policy: DESCRIPTION, type: FG, props: { ...compliantFeatureGroup, description: UNKNOWN }, expect: "pass" },
    { title: "a mandatory description when configured so", policy: DESCRIPTION, type: FG, props: { ...compliantFeatureGroup, description: undefined }, config: { enforcementLevel: "mandatory" }, expect: "mandatory", message: /description/ },
];
