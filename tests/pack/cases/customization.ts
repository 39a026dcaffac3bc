import { PolicyCase, UNKNOWN } from "../case";

const IMAGE = "aws:sagemaker/image:Image";
const NATIVE_IMAGE = "aws-native:sagemaker:Image";
const NB_LCC = "aws:sagemaker/notebookInstanceLifecycleConfiguration:NotebookInstanceLifecycleConfiguration";
const NATIVE_NB_LCC = "aws-native:sagemaker:NotebookInstanceLifecycleConfig";
const STUDIO_LCC = "aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig";
const NATIVE_STUDIO_LCC = "aws-native:sagemaker:StudioLifecycleConfig";
const SECRETS = "sagemaker-lifecycle-config-no-secrets";

/** Scripts are base64-encoded, as both providers take them. */
const b64 = (script: string) => Buffer.from(script, "utf8").toString("base64");

const CLEAN = [
    "#!/bin/bash",
    "set -euo pipefail",
    "TOKEN=$(aws secretsmanager get-secret-value --secret-id ml/hf-token --query SecretString --output text)",
    "export HF_TOKEN=\"${TOKEN}\"",
    "pip install --quiet -r /home/ec2-user/SageMaker/requirements.txt",
    "git clone https://github.com/example/ml-tools.git /home/ec2-user/SageMaker/tools",
].join("\n");

/** A secret of each well-known shape, on line 2 of a script (all made up, in the vendors' documented formats). */
const LEAKS: ReadonlyArray<[string, string, RegExp]> = [
    ["an AWS access key id", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", /an AWS access key id on line 2/],
    ["an AWS secret key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", /an AWS secret access key on line 2/],
    ["a private key", "-----BEGIN OPENSSH PRIVATE KEY-----", /a private key on line 2/],
    ["a GitHub token", "git clone https://x-access-token:ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/org/repo.git", /GitHub token|password in a URL/],
    ["a Hugging Face token", "huggingface-cli login --token hf_abcdefghijklmnopqrstuvwxyzABCDEF", /a Hugging Face token on line 2/],
    ["a database password", "DB_PASSWORD='Sup3rS3cret!'", /a literal assigned to a secret-named variable on line 2/],
    ["a password in a URL", "psql postgresql://ml:hunter2hunter2@db.internal:5432/features", /a password in a URL on line 2/],
];

export const cases: PolicyCase[] = [
    // sagemaker-image-description
    { title: "an image with a description", policy: "sagemaker-image-description", type: IMAGE, props: { imageName: "ml-base", roleArn: "arn:aws:iam::111122223333:role/images", description: "Base image for training, built by ml-platform CI" }, expect: "pass" },
    { title: "an image without a description", policy: "sagemaker-image-description", type: IMAGE, props: { imageName: "ml-base", roleArn: "arn:aws:iam::111122223333:role/images" }, expect: "advisory", message: /`description` is not set/ },
    { title: "an aws-native image with an empty description", policy: "sagemaker-image-description", type: NATIVE_IMAGE, props: { imageName: "ml-base", imageRoleArn: "arn:aws:iam::111122223333:role/images", imageDescription: " " }, expect: "advisory", message: /`imageDescription` is empty/ },
    { title: "an aws-native image with a description", policy: "sagemaker-image-description", type: NATIVE_IMAGE, props: { imageName: "ml-base", imageRoleArn: "arn:aws:iam::111122223333:role/images", imageDescription: "Base image" }, expect: "pass" },
    { title: "an unknown description will have a value", policy: "sagemaker-image-description", type: IMAGE, props: { imageName: "ml-base", roleArn: "arn:aws:iam::111122223333:role/images", description: UNKNOWN }, expect: "pass" },
    // sagemaker-lifecycle-config-no-secrets
    { title: "a script that reads its secrets at run time", policy: SECRETS, type: NB_LCC, props: { name: "setup", onCreate: b64(CLEAN), onStart: b64(CLEAN) }, expect: "pass" },
    { title: "no scripts at all", policy: SECRETS, type: NB_LCC, props: { name: "setup" }, expect: "pass" },
    ...LEAKS.map(([what, line, message]): PolicyCase => ({
        title: `onStart holds ${what}`, policy: SECRETS, type: NB_LCC,
        props: { name: "setup", onCreate: b64(CLEAN), onStart: b64(`#!/bin/bash\n${line}\necho done`) }, expect: "mandatory", message,
    })),
    { title: "the finding never repeats the secret", policy: SECRETS, type: NB_LCC, props: { name: "setup", onStart: b64("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE") }, expect: "mandatory", message: /^(?![\s\S]*AKIAIOSFODNN7EXAMPLE)/ },
    { title: "a script given as plain text is scanned too", policy: SECRETS, type: NB_LCC, props: { name: "setup", onStart: "#!/bin/bash\nexport API_KEY=abcdef0123456789" }, expect: "mandatory", message: /`onStart` holds a literal assigned to a secret-named variable on line 2/ },
    { title: "aws-native hooks", policy: SECRETS, type: NATIVE_NB_LCC, props: { onStart: [{ content: b64(CLEAN) }, { content: b64("#!/bin/bash\n\nexport GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345") }] }, expect: "mandatory", message: /`onStart\[1\]\.content` holds a GitHub token on line 3/ },
    { title: "a Studio lifecycle script with a token", policy: SECRETS, type: STUDIO_LCC, props: { studioLifecycleConfigName: "jupyter", studioLifecycleConfigAppType: "JupyterLab", studioLifecycleConfigContent: b64("#!/bin/bash\nexport SLACK_TOKEN=xoxb-1234567890-abcdefghij") }, expect: "mandatory", message: /`studioLifecycleConfigContent` holds a Slack token on line 2/ },
    { title: "an aws-native Studio lifecycle script without secrets", policy: SECRETS, type: NATIVE_STUDIO_LCC, props: { studioLifecycleConfigAppType: "JupyterLab", studioLifecycleConfigContent: b64(CLEAN) }, expect: "pass" },
    { title: "an unknown script cannot be verified", policy: SECRETS, type: STUDIO_LCC, props: { studioLifecycleConfigName: "jupyter", studioLifecycleConfigAppType: "JupyterLab", studioLifecycleConfigContent: UNKNOWN }, expect: "mandatory", message: /a lifecycle script\) is unknown during preview, so it cannot be verified/ },
    { title: "an exempted false positive is reported as advisory", policy: SECRETS, type: NB_LCC, props: { name: "setup", onStart: b64("#!/bin/bash\nexport DEMO_TOKEN=not-a-real-token") }, config: { exemptions: [{ urn: "*NotebookInstanceLifecycleConfiguration::*", reason: "demo value, SEC-7", expires: "2999-12-31" }] }, expect: "advisory", message: /demo value, SEC-7/ },
];
