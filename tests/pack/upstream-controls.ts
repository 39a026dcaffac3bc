/**
 * The external control ids the pack may cite, as they exist upstream, each list with where and when
 * it was read. tests/pack/controls.spec.ts checks every citation of the pack against these lists, and
 * that the pack covers each SageMaker control of them (or says here why it cannot). AWS Config rules
 * are not repeated here: they are the program's catalog (components/detective/config-rules.ts).
 */

/**
 * AWS Security Hub CSPM: "Security Hub CSPM controls for SageMaker AI" (userguide/sagemaker-controls,
 * its table of contents ends at SageMaker.25; read in full for /work/shared/reference/sagemaker-controls.md §2)
 * and "Security Hub CSPM controls for AWS CloudTrail" (userguide/cloudtrail-controls). The ids are the
 * pages'; the titles say what each control judges, in the words of the pages where they were read
 * verbatim (SageMaker.1, CloudTrail.1) and of the catalog's summary elsewhere.
 */
export const SECURITY_HUB: Readonly<Record<string, string>> = {
    "SageMaker.1": "Amazon SageMaker notebook instances should not have direct internet access",
    "SageMaker.2": "SageMaker notebook instances should be launched in a custom VPC",
    "SageMaker.3": "Users should not have root access to SageMaker notebook instances",
    "SageMaker.4": "SageMaker endpoint production variants should have an initial instance count greater than 1",
    "SageMaker.5": "SageMaker models should have network isolation enabled",
    "SageMaker.6": "SageMaker app image configurations should be tagged",
    "SageMaker.7": "SageMaker images should be tagged",
    "SageMaker.8": "SageMaker notebook instances should run on supported platforms",
    "SageMaker.9": "SageMaker data quality job definitions should have inter-container traffic encryption enabled",
    "SageMaker.10": "SageMaker model explainability job definitions should have inter-container traffic encryption enabled",
    "SageMaker.11": "SageMaker data quality job definitions should have network isolation enabled",
    "SageMaker.12": "SageMaker model bias job definitions should have network isolation enabled",
    "SageMaker.13": "SageMaker model quality job definitions should have inter-container traffic encryption enabled",
    "SageMaker.14": "SageMaker monitoring schedules should have network isolation enabled",
    "SageMaker.15": "SageMaker model bias job definitions should have inter-container traffic encryption enabled",
    "SageMaker.16": "SageMaker models should use a private registry in a VPC for primary containers",
    "SageMaker.17": "SageMaker feature group offline stores should be encrypted with KMS keys",
    "SageMaker.18": "SageMaker feature group online stores with standard storage should be encrypted with KMS keys",
    "SageMaker.19": "SageMaker models should use a private registry in a VPC for multi-container inference pipelines",
    "SageMaker.20": "SageMaker model explainability job definitions should have network isolation enabled",
    "SageMaker.21": "SageMaker notebook instances should be encrypted with customer managed KMS keys",
    "SageMaker.22": "SageMaker monitoring schedules should have inter-container traffic encryption enabled",
    "SageMaker.23": "SageMaker inference experiments should have the instance storage volume encrypted with a customer managed KMS key",
    "SageMaker.24": "SageMaker inference experiments should have data storage encrypted with a customer managed KMS key",
    "SageMaker.25": "SageMaker model quality job definitions should have network isolation enabled",
    "CloudTrail.1": "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events",
    "CloudTrail.2": "CloudTrail should have encryption at-rest enabled",
    "CloudTrail.4": "CloudTrail log file validation should be enabled",
    "CloudTrail.5": "CloudTrail trails should be integrated with Amazon CloudWatch Logs",
};

/**
 * Checkov: bridgecrewio/checkov at 03d5fdad8d (2026-08-20), every check id under
 * checkov/terraform/checks and checkov/cloudformation/checks whose check names SageMaker
 * (`git grep -l -i sagemaker`), and the graph check of the notebook instance's role.
 */
export const CHECKOV: Readonly<Record<string, string>> = {
    CKV_AWS_22: "SageMaker notebook instance encrypted at rest with a KMS CMK (SagemakerNotebookEncryption)",
    CKV_AWS_98: "SageMaker endpoint configuration data encrypted at rest (SagemakerEndpointConfigurationEncryption)",
    CKV_AWS_122: "SageMaker notebook direct internet access disabled (SageMakerInternetAccessDisabled)",
    CKV_AWS_187: "SageMaker domain / notebook encrypted with a CMK (SagemakerDomainEncryptedWithCMK, SagemakerNotebookEncryptedWithCMK)",
    CKV_AWS_306: "SageMaker notebook instance in a custom VPC (SagemakerNotebookInCustomVPC)",
    CKV_AWS_307: "SageMaker notebook root access disabled (SagemakerNotebookRoot)",
    CKV_AWS_367: "SageMaker data quality job output encrypted (SagemakerDataQualityJobDefinitionEncryption)",
    CKV_AWS_368: "SageMaker data quality job volume encrypted (SagemakerDataQualityJobDefinitionVolumeEncryption)",
    CKV_AWS_369: "SageMaker data quality job inter-container traffic encrypted (SagemakerDataQualityJobDefinitionTrafficEncryption)",
    CKV_AWS_370: "SageMaker model network isolation (SagemakerModelWithNetworkIsolation)",
    CKV_AWS_371: "SageMaker notebook instance IMDSv2 only (SagemakerNotebookInstanceAllowsIMDSv2)",
    CKV_AWS_372: "SageMaker flow definition output encrypted with KMS (SagemakerFlowDefinitionUsesKMS)",
    CKV2_AWS_68: "SageMaker notebook instance IAM policy not overly permissive (graph_checks SageMakerIAMPolicyOverlyPermissiveToAllTraffic.yaml)",
};

/**
 * Prowler: prowler-cloud/prowler at 3e000faa31 (2026-08-21), the check folders under
 * prowler/providers/aws/services/sagemaker (and the IAM checks the pack cites). Four names the
 * pack used to cite (sagemaker_domain_vpc_only_enabled, sagemaker_domain_encrypted_with_cmk,
 * sagemaker_processing_job_volume_encrypted_with_cmk, sagemaker_feature_group_offline_store_encrypted_with_cmk)
 * are in neither that tree nor its history.
 */
export const PROWLER_SAGEMAKER: readonly string[] = [
    "sagemaker_clarify_exists", "sagemaker_domain_sso_configured", "sagemaker_endpoint_config_kms_encryption_enabled",
    "sagemaker_endpoint_config_prod_variant_instances", "sagemaker_models_monitor_enabled",
    "sagemaker_models_network_isolation_enabled", "sagemaker_models_registry_in_use", "sagemaker_models_vpc_settings_configured",
    "sagemaker_notebook_instance_encryption_enabled", "sagemaker_notebook_instance_no_secrets",
    "sagemaker_notebook_instance_root_access_disabled", "sagemaker_notebook_instance_vpc_settings_configured",
    "sagemaker_notebook_instance_without_direct_internet_access_configured",
    "sagemaker_training_jobs_intercontainer_encryption_enabled", "sagemaker_training_jobs_network_isolation_enabled",
    "sagemaker_training_jobs_volume_and_output_encryption_enabled", "sagemaker_training_jobs_vpc_settings_configured",
];
export const PROWLER_OTHER: readonly string[] = ["iam_role_administratoraccess_policy", "iam_inline_policy_no_administrative_privileges"];

/** Prowler SageMaker checks of the account's runtime state, with no resource input a policy could judge. */
export const PROWLER_NOT_PREVENTIVE: Readonly<Record<string, string>> = {
    sagemaker_clarify_exists: "whether Clarify processing jobs ran in the account",
    sagemaker_models_monitor_enabled: "whether a model monitoring schedule exists for the account's endpoints",
    sagemaker_models_registry_in_use: "whether the account uses the model registry at all",
};

/** AWS Control Tower proactive controls for SageMaker (controlreference, "Amazon SageMaker controls"). */
export const CONTROL_TOWER: readonly string[] = ["CT.SAGEMAKER.PR.1", "CT.SAGEMAKER.PR.2", "CT.SAGEMAKER.PR.3"];

/**
 * CIS AWS Foundations Benchmark recommendations on CloudTrail, as Security Hub maps them (CloudTrail.1:
 * "CIS AWS Foundations Benchmark v5.0.0/3.1, v1.4.0/3.1, v3.0.0/3.1") and as Prowler's cis_5.0_aws.json
 * and cis_1.4_aws.json number them: v5.0.0 3.1 all regions, 3.2 log file validation, 3.5 encrypted with
 * KMS CMKs (3.7 in v1.4.0); CloudWatch Logs integration is v1.4.0 3.4 (not in v3.0.0 and later).
 */
export const CIS: readonly string[] = ["v5.0.0 3.1", "v5.0.0 3.2", "v5.0.0 3.5", "v1.4.0 3.1", "v1.4.0 3.2", "v1.4.0 3.4", "v1.4.0 3.7"];
