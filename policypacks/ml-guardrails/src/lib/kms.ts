/**
 * What a reference to a customer-managed KMS key looks like. The KMS API reference (`KeyId` of
 * Encrypt, DescribeKey and the others): "To specify a KMS key, use its key ID, key ARN, alias name, or
 * alias ARN", for example key ID `1234abcd-12ab-34cd-56ef-1234567890ab` (a multi-Region key:
 * `mrk-1234abcd12ab34cd56ef1234567890ab`), key ARN `arn:aws:kms:us-east-2:111122223333:key/<key id>`,
 * alias name `alias/ExampleAlias`, alias ARN `arn:aws:kms:us-east-2:111122223333:alias/ExampleAlias`.
 * CreateAlias: an alias name is `alias/` and letters, digits, `/`, `_` and `-`, at most 256
 * characters in all; "The alias/aws/ prefix is reserved for AWS managed keys".
 */
const KEY_ID = "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})";
const ALIAS = "alias/[a-zA-Z0-9/_-]{1,250}";
const ARN_PREFIX = "arn:aws[a-z-]*:kms:[a-z]+(?:-[a-z]+)+-\\d+:\\d{12}:";
const KEY_REFERENCE = new RegExp(`^(?:${KEY_ID}|${ALIAS}|${ARN_PREFIX}(?:key/${KEY_ID}|${ALIAS}))$`);
const AWS_MANAGED = /(^|:)alias\/aws\//;

export const KMS_KEY_SHAPES = "a key id, key ARN, alias name (`alias/...`) or alias ARN";

/**
 * Why a known value does not name a customer-managed KMS key (undefined when it does): a shape KMS
 * does not accept, or the alias of an AWS managed key (`alias/aws/sagemaker`), which its users do not
 * control (key policy, rotation, disabling).
 */
export function kmsKeyProblem(value: string): string | undefined {
    if (!KEY_REFERENCE.test(value)) {
        return `is not ${KMS_KEY_SHAPES} of a KMS key`;
    }
    if (AWS_MANAGED.test(value)) {
        return "names an AWS managed key (`alias/aws/...`), not a customer-managed one";
    }
    return undefined;
}
