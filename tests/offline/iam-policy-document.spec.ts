/**
 * `aws.iam.getPolicyDocument` as mlgov check answers it, against the documents the provider is known to
 * produce: the expected `json` of terraform-provider-aws's acceptance tests
 * (internal/service/iam/policy_document_data_source_test.go), their configurations written as the
 * Pulumi arguments they become, partition `aws` unless the test says otherwise. Where the provider's
 * test compares JSON for equivalence only, the expectation here is Go's exact output (map keys sorted).
 */
import * as assert from "node:assert/strict";
import { crc32 } from "node:zlib";
import { PolicyDocumentError, renderPolicyDocument } from "../../cli/src/offline/services/iam-policy-document";

const json = (args: Record<string, unknown>) => renderPolicyDocument(args).json;

/** The acceptance tests' `basic` document (data.aws_iam_policy_document.test). */
const BASIC = {
    policyId: "policy_id",
    statements: [
        { sid: "1", actions: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], resources: ["arn:aws:s3:::*"] },
        {
            actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::foo"],
            conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["home/", "", "home/&{aws:username}/"] }],
            notPrincipals: [{ type: "AWS", identifiers: ["arn:blahblah:example"] }],
        },
        {
            actions: ["s3:*"], resources: ["arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"],
            principals: [{ type: "AWS", identifiers: ["arn:blahblah:example"] }],
        },
        { effect: "Deny", notActions: ["s3:*"], notResources: ["arn:aws:s3:::*"] },
        { effect: "Allow", actions: ["kinesis:*"], principals: [{ type: "AWS", identifiers: ["*"] }] },
        { effect: "Allow", actions: ["firehose:*"], principals: [{ type: "*", identifiers: ["*"] }] },
    ],
};

const BASIC_JSON = `{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "",
            "home/\${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/\${aws:username}/*",
        "arn:aws:s3:::foo/home/\${aws:username}"
      ],
      "Principal": {
        "AWS": "arn:blahblah:example"
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    }
  ]
}`;

const BASIC_MINIFIED = "{\"Version\":\"2012-10-17\",\"Id\":\"policy_id\",\"Statement\":[{\"Sid\":\"1\",\"Effect\":\"Allow\",\"Action\":[\"s3:ListAllMyBuckets\"," +
    "\"s3:GetBucketLocation\"],\"Resource\":\"arn:aws:s3:::*\"},{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::foo\"," +
    "\"NotPrincipal\":{\"AWS\":\"arn:blahblah:example\"},\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"home/\",\"\",\"home/${aws:username}/\"]}}}," +
    "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::foo/home/${aws:username}/*\",\"arn:aws:s3:::foo/home/${aws:username}\"]," +
    "\"Principal\":{\"AWS\":\"arn:blahblah:example\"}},{\"Effect\":\"Deny\",\"NotAction\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::*\"}," +
    "{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Principal\":{\"AWS\":\"*\"}},{\"Effect\":\"Allow\",\"Action\":\"firehose:*\",\"Principal\":\"*\"}]}";

const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("offline: aws.iam.getPolicyDocument rendered as the provider renders it", () => {
    describe("the data source's own statements", () => {
        it("renders the provider's basic document exactly (json and minifiedJson)", () => {
            const r = renderPolicyDocument(BASIC);
            assert.equal(r.json, BASIC_JSON);
            assert.equal(r.minifiedJson, BASIC_MINIFIED);
        });

        it("gives the id the provider gives: the CRC-32 (IEEE) of json, in decimal", () => {
            assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
            const r = renderPolicyDocument(BASIC);
            assert.equal(r.id, String(crc32(Buffer.from(BASIC_JSON))));
            assert.notEqual(renderPolicyDocument({ statements: [{ actions: ["s3:GetObject"] }] }).id, r.id);
        });

        it("echoes the arguments and the version it used (default 2012-10-17)", () => {
            const r = renderPolicyDocument({ statements: [{ actions: ["s3:GetObject"] }] });
            assert.equal(r.version, "2012-10-17");
            assert.deepEqual(r.statements, [{ actions: ["s3:GetObject"] }]);
            assert.equal(renderPolicyDocument({ version: "2008-10-17" }).json, "{\n  \"Version\": \"2008-10-17\"\n}");
        });

        it("renders one condition value as a string", () => {
            assert.equal(json({
                statements: [{
                    effect: "Deny", principals: [{ type: "AWS", identifiers: ["*"] }], actions: ["elasticfilesystem:*"], resources: ["*"],
                    conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
                }],
            }), `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "elasticfilesystem:*",
      "Resource": "*",
      "Principal": {
        "AWS": "*"
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}`);
        });

        it("groups conditions by operator and sorts their keys", () => {
            const r = renderPolicyDocument({
                statements: [{
                    sid: "AWSCloudTrailWrite20150319", effect: "Allow", principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
                    actions: ["s3:PutObject"], resources: ["*"],
                    conditions: [
                        { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
                        { test: "StringEquals", variable: "aws:SourceArn", values: ["some-other-value"] },
                        { test: "ArnLike", variable: "aws:PrincipalArn", values: ["arn:aws:iam::*:role/x"] },
                    ],
                }],
            });
            assert.match(r.minifiedJson, /"Condition":\{"ArnLike":\{"aws:PrincipalArn":"arn:aws:iam::\*:role\/x"\},"StringEquals":\{"aws:SourceArn":"some-other-value","s3:x-amz-acl":"bucket-owner-full-control"\}\}/);
        });

        it("joins the values of conditions on the same operator and key, in the provider's set order", () => {
            const r = renderPolicyDocument({
                statements: [{
                    sid: "DuplicateConditionTest", effect: "Allow", principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
                    actions: ["s3:PutObject"], resources: ["*"],
                    conditions: [
                        { test: "StringEquals", variable: "s3:prefix", values: ["one/", "two/"] },
                        { test: "StringEquals", variable: "s3:prefix", values: ["three/"] },
                    ],
                }],
            });
            assert.deepEqual(JSON.parse(r.json).Statement[0].Condition, { StringEquals: { "s3:prefix": ["one/", "two/", "three/"] } });
        });

        it("merges principals of one type given as a string and as a list", () => {
            const a = (n: number) => `arn:aws:iam::${String(n).repeat(12)}:root`;
            assert.equal(json({
                statements: [{
                    actions: ["*"], resources: ["*"], sid: "StatementPrincipalIdentifiersStringAndSlice",
                    principals: [{ identifiers: [a(1)], type: "AWS" }, { identifiers: [a(2), a(3)], type: "AWS" }],
                }],
            }), `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StatementPrincipalIdentifiersStringAndSlice",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::111111111111:root",
          "arn:aws:iam::333333333333:root",
          "arn:aws:iam::222222222222:root"
        ]
      }
    }
  ]
}`);
        });

        it("orders several principal blocks of one type as the provider's set does, which depends on the partition", () => {
            const principals = (partition: string) => {
                const a = (n: number) => `arn:${partition}:iam::${String(n).repeat(12)}:root`;
                const r = renderPolicyDocument({
                    statements: [{
                        actions: ["*"], resources: ["*"], sid: "StatementPrincipalIdentifiersStringAndSlice",
                        principals: [{ identifiers: [a(1), a(2)], type: "AWS" }, { identifiers: [a(3)], type: "AWS" }, { identifiers: [a(4)], type: "AWS" }],
                    }],
                });
                return (JSON.parse(r.json).Statement[0].Principal.AWS as string[]).map(x => x.split("::")[1].slice(0, 12));
            };
            assert.deepEqual(principals("aws"), ["333333333333", "444444444444", "222222222222", "111111111111"]);
            assert.deepEqual(principals("aws-us-gov"), ["333333333333", "222222222222", "111111111111", "444444444444"]);
        });

        it("treats actions, resources and identifiers as sets: duplicates dropped, one left as a string", () => {
            const r = JSON.parse(json({
                statements: [{
                    actions: ["s3:GetObject", "s3:GetObject"], resources: ["arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                    principals: [{ type: "Service", identifiers: ["sagemaker.amazonaws.com", "sagemaker.amazonaws.com"] }],
                }],
            })).Statement[0];
            assert.equal(r.Action, "s3:GetObject");
            assert.deepEqual(r.Resource, ["arn:aws:s3:::b/*", "arn:aws:s3:::b"]);
            assert.deepEqual(r.Principal, { Service: "sagemaker.amazonaws.com" });
        });

        it("sorts principal types and keeps a wildcard principal next to another type an object", () => {
            const r = JSON.parse(json({
                statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }, { type: "*", identifiers: ["*"] }, { type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }] }],
            })).Statement[0];
            assert.deepEqual(Object.keys(r.Principal), ["*", "AWS", "Service"]);
            assert.equal(r.Principal["*"], "*");
        });

        it("escapes <, > and & as Go's encoder does", () => {
            const r = renderPolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a&b/<x>"] }] });
            assert.match(r.json, /"Resource": "arn:aws:s3:::a\\u0026b\/\\u003cx\\u003e"/);
            assert.equal(JSON.parse(r.minifiedJson).Statement[0].Resource, "arn:aws:s3:::a&b/<x>");
        });

        it("refuses two statements with the same Sid, and accepts blank ones", () => {
            assert.throws(() => renderPolicyDocument({
                statements: [
                    { sid: "1", effect: "Allow", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] },
                    { sid: "1", effect: "Allow", actions: ["s3:GetObject"], resources: ["*"] },
                ],
            }), (e: Error) => e instanceof PolicyDocumentError && /duplicate Sid \(1\)\. Remove the Sid or ensure the Sid is unique/.test(e.message));
            assert.equal(json({
                statements: [
                    { sid: "", effect: "Allow", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] },
                    { sid: "", effect: "Allow", actions: ["s3:GetObject"], resources: ["*"] },
                ],
            }), `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:DescribeAccountAttributes",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`);
        });

        it("renders version 2008-10-17 and refuses &{ in it, wherever it is", () => {
            assert.equal(json({ version: "2008-10-17", statements: [{ actions: ["ec2:*"], resources: ["*"] }] }), `{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    }
  ]
}`);
            const refused = [
                { actions: ["*"], resources: ["*"], conditions: [{ test: "StringLike", values: ["home/", "home/&{aws:username}/"], variable: "s3:prefix" }] },
                { actions: ["*"], resources: ["*"], notPrincipals: [{ identifiers: ["&{aws:username}"], type: "AWS" }] },
                { actions: ["*"], notResources: ["arn:aws:s3:::foo/home/&{aws:username}"] },
                { actions: ["*"], resources: ["*"], principals: [{ identifiers: ["&{aws:username}"], type: "AWS" }] },
                { actions: ["*"], resources: ["arn:aws:s3:::foo/home/&{aws:username}"] },
            ];
            for (const statement of refused) {
                assert.throws(() => renderPolicyDocument({ version: "2008-10-17", statements: [statement] }),
                    /found &\{ sequence in \(.+\), which is not supported in document version 2008-10-17/);
            }
            assert.throws(() => renderPolicyDocument({ version: "2008-10-17", statements: [refused[3]] }), /^PolicyDocumentError: reading principals: reading identifiers: found/);
        });

        it("refuses an unknown version and effect as the provider's schema does", () => {
            assert.throws(() => renderPolicyDocument({ version: "2013-01-01" }), /expected version to be one of \["2008-10-17" "2012-10-17"\], got 2013-01-01/);
            assert.throws(() => renderPolicyDocument({ statements: [{ effect: "allow" }] }), /expected statement\.0\.effect to be one of \["Allow" "Deny"\], got allow/);
            assert.throws(() => renderPolicyDocument({ sourceJson: "{}" }), /"source_json" to be an empty string/);
        });
    });

    describe("sourcePolicyDocuments and overridePolicyDocuments", () => {
        it("appends the statements to a source document, which keeps its statements as the provider wrote them", () => {
            const source = json({
                ...BASIC,
                statements: BASIC.statements.map((s, i) => i === 2 ? { ...s, principals: [{ type: "AWS", identifiers: ["arn:blahblah:example", "arn:blahblahblah:example"] }] }
                    : i === 1 ? { ...s, conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["home/", "home/&{aws:username}/"] }] } : s),
            });
            const r = JSON.parse(json({ sourcePolicyDocuments: [source], statements: [{ sid: "SourceJSONTest1", actions: ["*"], resources: ["*"] }] }));
            assert.equal(r.Id, "policy_id");
            assert.equal(r.Statement.length, 7);
            assert.deepEqual(r.Statement[2].Principal, { AWS: ["arn:blahblahblah:example", "arn:blahblah:example"] });
            assert.deepEqual(r.Statement[1].Condition, { StringLike: { "s3:prefix": ["home/", "home/${aws:username}/"] } });
            assert.deepEqual(r.Statement[6], { Sid: "SourceJSONTest1", Effect: "Allow", Action: "*", Resource: "*" });
        });

        it("merges a list of source documents in order", () => {
            const a = json({ statements: [{ sid: "", effect: "Allow", actions: ["foo:ActionOne"] }, { sid: "validSidOne", effect: "Allow", actions: ["bar:ActionOne"] }] });
            const b = json({ statements: [{ sid: "validSidTwo", effect: "Deny", actions: ["foo:ActionTwo"] }] });
            const c = json({ statements: [{ sid: "", effect: "Allow", actions: ["bar:ActionTwo"] }] });
            assert.equal(json({ version: "2012-10-17", sourcePolicyDocuments: [a, b, c] }), `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "validSidOne",
      "Effect": "Allow",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSidTwo",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    },
    {
      "Effect": "Allow",
      "Action": "bar:ActionTwo"
    }
  ]
}`);
        });

        it("refuses a Sid that two source documents share", () => {
            const a = json({ statements: [{ sid: "", actions: ["foo:ActionOne"] }, { sid: "conflictSid", actions: ["bar:ActionOne"] }] });
            const b = json({ statements: [{ sid: "validSid", effect: "Deny", actions: ["foo:ActionTwo"] }] });
            const c = json({ statements: [{ sid: "conflictSid", actions: ["bar:ActionTwo"] }] });
            assert.throws(() => renderPolicyDocument({ sourcePolicyDocuments: [a, b, c] }),
                /merging source document 2: duplicate Sid \(conflictSid\) in source_policy_documents \(statement 0\)/);
        });

        it("replaces a source statement by the statement with its Sid", () => {
            const source = json({ statements: [{ sid: "SourceJSONTestConflicting", actions: ["iam:*"], resources: ["*"] }] });
            assert.equal(json({ sourcePolicyDocuments: [source], statements: [{ sid: "SourceJSONTestConflicting", actions: ["*"], resources: ["*"] }] }), `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SourceJSONTestConflicting",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`);
        });

        it("lets an override document replace statements by Sid and append the others", () => {
            const override = json({ statements: [{ sid: "SidToOverwrite", actions: ["s3:*"], resources: ["*"] }] });
            assert.equal(json({
                overridePolicyDocuments: [override],
                statements: [
                    { actions: ["ec2:*"], resources: ["*"] },
                    { sid: "SidToOverwrite", actions: ["s3:*"], resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"] },
                ],
            }), `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverwrite",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}`);
            const a = json({ statements: [{ sid: "", actions: ["foo:ActionOne"] }, { sid: "overrideSid", actions: ["bar:ActionOne"] }] });
            const b = json({ statements: [{ sid: "validSid", effect: "Deny", actions: ["foo:ActionTwo"] }] });
            const c = json({ statements: [{ sid: "overrideSid", effect: "Deny", actions: ["bar:ActionOne"] }] });
            assert.deepEqual(JSON.parse(json({ overridePolicyDocuments: [a, b, c] })).Statement, [
                { Effect: "Allow", Action: "foo:ActionOne" },
                { Sid: "overrideSid", Effect: "Deny", Action: "bar:ActionOne" },
                { Sid: "validSid", Effect: "Deny", Action: "foo:ActionTwo" },
            ]);
        });

        it("merges sources and overrides without statements of its own", () => {
            const source = json({ statements: [{ sid: "", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] }] });
            const sameSid = json({ statements: [{ sid: "OverridePlaceholder", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] }] });
            const override = json({ statements: [{ sid: "OverridePlaceholder", actions: ["s3:GetObject"], resources: ["*"] }] });
            assert.deepEqual(JSON.parse(json({ sourcePolicyDocuments: [source], overridePolicyDocuments: [override] })).Statement, [
                { Effect: "Allow", Action: "ec2:DescribeAccountAttributes", Resource: "*" },
                { Sid: "OverridePlaceholder", Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
            ]);
            assert.deepEqual(JSON.parse(json({ sourcePolicyDocuments: [sameSid], overridePolicyDocuments: [override] })).Statement, [
                { Sid: "OverridePlaceholder", Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
            ]);
        });

        it("skips empty documents and refuses invalid JSON", () => {
            assert.equal(json({ sourcePolicyDocuments: [""] }), "{\n  \"Version\": \"2012-10-17\"\n}");
            assert.equal(json({ overridePolicyDocuments: [""] }), "{\n  \"Version\": \"2012-10-17\"\n}");
            const partial = json({ statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }] });
            assert.equal(JSON.parse(json({ sourcePolicyDocuments: [partial, ""] })).Statement.length, 1);
            assert.throws(() => renderPolicyDocument({ sourcePolicyDocuments: ["{"] }), /"source_policy_documents\.0" contains an invalid JSON/);
            assert.throws(() => renderPolicyDocument({ overridePolicyDocuments: ["{"] }), /"override_policy_documents\.0" contains an invalid JSON/);
        });

        it("turns a boolean condition value of a JSON document into a string and one-element lists into strings", () => {
            const source = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "RestrictAccessToSpecialTag",
            "Effect": "Deny",
            "Action": ["ec2:CreateTags", "ec2:DeleteTags"],
            "Resource": "arn:aws:ec2:*:*:vpc/*",
            "Condition": {
                "Null": { "aws:ResourceTag/SpecialTag": false },
                "StringLike": { "aws:ResourceAccount": ["123456"], "aws:PrincipalArn": "arn:aws:iam::*:role/AWSAFTExecution" }
            }
        }
    ]
}`;
            assert.equal(json({ sourcePolicyDocuments: [source] }), `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "RestrictAccessToSpecialTag",
      "Effect": "Deny",
      "Action": [
        "ec2:CreateTags",
        "ec2:DeleteTags"
      ],
      "Resource": "arn:aws:ec2:*:*:vpc/*",
      "Condition": {
        "Null": {
          "aws:ResourceTag/SpecialTag": "false"
        },
        "StringLike": {
          "aws:PrincipalArn": "arn:aws:iam::*:role/AWSAFTExecution",
          "aws:ResourceAccount": "123456"
        }
      }
    }
  ]
}`);
        });

        it("reads a JSON document as Go does: keys case-insensitively, a string principal as *, principal lists re-sorted, numbers in conditions dropped", () => {
            const source = JSON.stringify({
                version: "2012-10-17",
                statement: [
                    { effect: "Allow", action: ["s3:GetObject"], principal: "anything", resource: "*" },
                    { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
                        Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": 3600 }, Bool: { "aws:MultiFactorAuthPresent": true } } },
                ],
            });
            const r = JSON.parse(json({ sourcePolicyDocuments: [source] }));
            assert.deepEqual(r.Statement[0], { Effect: "Allow", Action: ["s3:GetObject"], Resource: "*", Principal: "*" });
            assert.deepEqual(r.Statement[1].Principal, { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::111111111111:root"] });
            assert.deepEqual(r.Statement[1].Condition, { Bool: { "aws:MultiFactorAuthPresent": "true" } });
        });

        it("takes the highest version and the last Id of the documents merged", () => {
            const old = JSON.stringify({ Version: "2008-10-17", Id: "source-id", Statement: [{ Effect: "Allow", Action: "s3:*" }] });
            const r = JSON.parse(json({ version: "2008-10-17", sourcePolicyDocuments: [old], overridePolicyDocuments: [JSON.stringify({ Id: "override-id" })] }));
            assert.equal(r.Version, "2008-10-17");
            assert.equal(r.Id, "override-id");
            assert.equal(JSON.parse(json({ sourcePolicyDocuments: [old] })).Version, "2012-10-17");
            assert.equal(JSON.parse(json({ sourcePolicyDocuments: [old], policyId: "mine" })).Id, "mine");
        });

        it("refuses documents the provider's model cannot read", () => {
            assert.throws(() => renderPolicyDocument({ sourcePolicyDocuments: ["[]"] }), /cannot unmarshal array into Go value of type iam.IAMPolicyDoc/);
            assert.throws(() => renderPolicyDocument({ sourcePolicyDocuments: [doc({ Effect: "Allow", Principal: 5 })] }), /Unsupported data type float64 for IAMPolicyStatementPrincipalSet/);
            assert.throws(() => renderPolicyDocument({ sourcePolicyDocuments: [JSON.stringify({ Statement: { Effect: "Allow" } })] }), /cannot unmarshal object into Go struct field IAMPolicyDoc.Statement/);
        });
    });
});
