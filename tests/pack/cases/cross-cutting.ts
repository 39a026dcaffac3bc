import { KEY_ARN, PolicyCase, UNKNOWN } from "../case";
import { compliantNotebook } from "./notebook";

const NB = "aws:sagemaker/notebookInstance:NotebookInstance";
const ENDPOINT_CONFIG = "aws:sagemaker/endpointConfiguration:EndpointConfiguration";
const NATIVE_TRAINING = "aws-native:sagemaker:ProcessingJob";
const DOMAIN = "aws:sagemaker/domain:Domain";

const variants = (...instanceTypes: string[]) => ({
    kmsKeyArn: KEY_ARN,
    productionVariants: instanceTypes.map((instanceType, i) => ({ variantName: `v${i}`, modelName: "m", instanceType, initialInstanceCount: 2 })),
});

export const cases: PolicyCase[] = [
    // sagemaker-approved-instance-types
    { title: "approved notebook instance type", policy: "sagemaker-approved-instance-types", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "unapproved notebook instance type", policy: "sagemaker-approved-instance-types", type: NB, props: { ...compliantNotebook, instanceType: "ml.p4d.24xlarge" }, expect: "mandatory", message: /instanceType` is "ml.p4d.24xlarge"/ },
    { title: "every nested instance type is checked", policy: "sagemaker-approved-instance-types", type: ENDPOINT_CONFIG, props: variants("ml.m5.large", "ml.p5.48xlarge"), expect: "mandatory", message: /productionVariants\[1\]\.instanceType/ },
    { title: "Studio's system instance type is approved", policy: "sagemaker-approved-instance-types", type: DOMAIN, props: { defaultUserSettings: { jupyterServerAppSettings: { defaultResourceSpec: { instanceType: "system" } } } }, expect: "pass" },
    { title: "instance types from config (family pattern)", policy: "sagemaker-approved-instance-types", type: ENDPOINT_CONFIG, props: variants("ml.p5.48xlarge"), config: { approvedInstanceTypes: ["ml.p5.*"] }, expect: "pass" },
    { title: "aws-native types are covered", policy: "sagemaker-approved-instance-types", type: NATIVE_TRAINING, props: { processingResources: { clusterConfig: { instanceType: "ml.x1.32xlarge", instanceCount: 1 } } }, expect: "mandatory" },
    { title: "unknown instance type cannot be verified in preview", policy: "sagemaker-approved-instance-types", type: NB, props: { ...compliantNotebook, instanceType: UNKNOWN }, expect: "mandatory", message: /cannot be verified before the update/ },
    // sagemaker-approved-kms-keys
    { title: "any key when no list is configured", policy: "sagemaker-approved-kms-keys", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "listed key", policy: "sagemaker-approved-kms-keys", type: NB, props: compliantNotebook, config: { allowedKmsKeys: [KEY_ARN] }, expect: "pass" },
    { title: "key outside the list", policy: "sagemaker-approved-kms-keys", type: NB, props: compliantNotebook, config: { allowedKmsKeys: ["arn:aws:kms:*:999999999999:key/*"] }, expect: "mandatory", message: /kmsKeyId` is "arn:aws:kms:us-east-1:111122223333/ },
    { title: "key pattern for the account", policy: "sagemaker-approved-kms-keys", type: ENDPOINT_CONFIG, props: variants("ml.m5.large"), config: { allowedKmsKeys: ["arn:aws:kms:*:111122223333:key/*"] }, expect: "pass" },
    { title: "unknown key is checked on update", policy: "sagemaker-approved-kms-keys", type: NB, props: { ...compliantNotebook, kmsKeyId: UNKNOWN }, config: { allowedKmsKeys: [KEY_ARN] }, expect: "pass" },
    // sagemaker-approved-subnets
    { title: "any subnet when no list is configured", policy: "sagemaker-approved-subnets", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "subnet outside the list", policy: "sagemaker-approved-subnets", type: NB, props: compliantNotebook, config: { allowedSubnetIds: ["subnet-0fff0000"] }, expect: "mandatory", message: /subnetId/ },
    { title: "domain subnets in the list", policy: "sagemaker-approved-subnets", type: DOMAIN, props: { subnetIds: ["subnet-0abc1234", "subnet-0abc5678"] }, config: { allowedSubnetIds: ["subnet-0abc*"] }, expect: "pass" },
    { title: "one domain subnet outside the list", policy: "sagemaker-approved-subnets", type: DOMAIN, props: { subnetIds: ["subnet-0abc1234", "subnet-0fff5678"] }, config: { allowedSubnetIds: ["subnet-0abc*"] }, expect: "mandatory", message: /subnetIds\[1\]/ },
    { title: "unknown subnet is checked on update", policy: "sagemaker-approved-subnets", type: NB, props: { ...compliantNotebook, subnetId: UNKNOWN }, config: { allowedSubnetIds: ["subnet-0fff0000"] }, expect: "pass" },
    // sagemaker-required-tags
    { title: "with no required tags configured, any tag will do", policy: "sagemaker-required-tags", type: NB, props: { ...compliantNotebook, tags: { team: "fraud" } }, expect: "pass" },
    { title: "with no required tags configured, an untagged resource is reported (as Security Hub SageMaker.6/.7 do)", policy: "sagemaker-required-tags", type: NB, props: compliantNotebook, expect: "advisory", message: /has no tags, and the provider no `defaultTags`/ },
    { title: "system tags do not count", policy: "sagemaker-required-tags", type: "aws-native:sagemaker:Image", props: { imageName: "base", tags: [{ key: "aws:cloudformation:stack-name", value: "x" }] }, expect: "advisory", message: /has no tags/ },
    { title: "the provider's default tags count as tags", policy: "sagemaker-required-tags", type: "aws:sagemaker/appImageConfig:AppImageConfig", props: { appImageConfigName: "jupyter" }, provider: { region: "us-east-1", defaultTags: JSON.stringify({ tags: { owner: "ml" } }) }, expect: "pass" },
    { title: "untaggable types are not judged", policy: "sagemaker-required-tags", type: "aws:sagemaker/imageVersion:ImageVersion", props: { imageName: "base", baseImage: "111122223333.dkr.ecr.us-east-1.amazonaws.com/base:1" }, expect: "pass" },
    { title: "missing required tags", policy: "sagemaker-required-tags", type: NB, props: { ...compliantNotebook, tags: { owner: "ml" } }, config: { requiredTags: ["owner", "cost-center"] }, expect: "advisory", message: /missing required tag: cost-center/ },
    { title: "required tags from the provider's default tags", policy: "sagemaker-required-tags", type: NB, props: { ...compliantNotebook, tags: { owner: "ml" } }, provider: { region: "us-east-1", defaultTags: JSON.stringify({ tags: { "cost-center": "42" } }) }, config: { requiredTags: ["owner", "cost-center"] }, expect: "pass" },
    { title: "aws-native tag lists", policy: "sagemaker-required-tags", type: "aws-native:sagemaker:NotebookInstance", props: { ...compliantNotebook, tags: [{ key: "owner", value: "ml" }] }, config: { requiredTags: ["owner"] }, expect: "pass" },
    { title: "unknown tags are reported at the policy's level", policy: "sagemaker-required-tags", type: NB, props: { ...compliantNotebook, tags: UNKNOWN }, config: { requiredTags: ["owner"] }, expect: "advisory", message: /unknown during preview/ },
    // sagemaker-unreviewed-resource-type
    { title: "a reviewed type", policy: "sagemaker-unreviewed-resource-type", type: NB, props: compliantNotebook, expect: "pass" },
    { title: "a type without a reviewed control set", policy: "sagemaker-unreviewed-resource-type", type: "aws-native:sagemaker:PartnerApp", props: {}, expect: "advisory", message: /not reviewed/ },
];
