/**
 * The data the config is checked against, checked against its sources: the commercial regions (the AWS
 * SDK's partition data, @pulumi/aws's Region enum), the SageMaker instance families (the SageMaker
 * API's instance-type enums); and the CIDR arithmetic.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { partition } from "@aws-sdk/core/client";
import * as sagemaker from "@aws-sdk/client-sagemaker";
import { Cidr, cidrsOverlap, parseCidr, vpcCidrProblem } from "../../accounts/cidr";
import { instanceTypeProblem, SAGEMAKER_INSTANCE_FAMILIES } from "../../accounts/instance-families";
import { COMMERCIAL_REGIONS } from "../../accounts/regions";
import { DEFAULT_INSTANCE_TYPES, LOCAL_STORAGE_INSTANCE_TYPES } from "../../policypacks/ml-guardrails/src/facts";

const cidr = (text: string) => {
    const c = parseCidr(text);
    assert.notEqual(typeof c, "string", `${text}: ${String(c)}`);
    return c as Cidr;
};

describe("accounts/data", () => {
    it("every region is in the SDK's commercial partition, with its name", () => {
        for (const [code, name] of Object.entries(COMMERCIAL_REGIONS)) {
            const p = partition(code) as { name: string; description?: string };
            assert.equal(p.name, "aws", code);
            assert.equal(p.description, name, code);
        }
    });

    it("every commercial region of @pulumi/aws's Region enum is in the list", () => {
        const other = /^(cn|us-gov|us-iso[a-z]*|eu-isoe|eusc)-/;
        const commercial = Object.values(aws.Region).filter(r => !other.test(r));
        assert.ok(commercial.length > 30);
        assert.deepStrictEqual(commercial.filter(r => !(r in COMMERCIAL_REGIONS)), []);
    });

    it("the instance families are exactly those of the SageMaker API's instance-type enums", () => {
        const families = new Set<string>();
        for (const [name, values] of Object.entries(sagemaker)) {
            if (/InstanceType$/.test(name) && typeof values === "object" && values !== null) {
                for (const v of Object.values(values as Record<string, unknown>)) {
                    const m = typeof v === "string" ? /^ml\.([a-z0-9-]+)\.[a-z0-9]+$/.exec(v) : null;
                    if (m) {
                        families.add(m[1]);
                    }
                }
            }
        }
        assert.ok(families.size > 50);
        assert.deepStrictEqual([...SAGEMAKER_INSTANCE_FAMILIES].sort(), [...families].sort());
    });

    it("accepts every instance type of the pack's facts", () => {
        for (const t of [...DEFAULT_INSTANCE_TYPES, ...LOCAL_STORAGE_INSTANCE_TYPES.filter(f => SAGEMAKER_INSTANCE_FAMILIES.includes(f.split(".")[1]))]) {
            assert.equal(instanceTypeProblem(t), undefined, t);
        }
        for (const t of ["system", "ml.t3.medium", "ml.p4d.24xlarge", "ml.p6-b200.48xlarge", "ml.m5.*", "ml.geospatial.interactive"]) {
            assert.equal(instanceTypeProblem(t), undefined, t);
        }
        for (const t of ["ml.m5", "ml.m5.", "ml..large", "ML.M5.LARGE", "ml.m5.large.x", "ml.m5.0xlarge", "ml.m5.xl", "*", "ml.m5.l*"]) {
            assert.ok(instanceTypeProblem(t), t);
        }
    });

    it("decides overlap on address ranges", () => {
        const cases: Array<[string, string, boolean]> = [
            ["10.0.0.0/16", "10.0.0.0/16", true],
            ["10.0.0.0/16", "10.0.128.0/17", true],
            ["10.0.0.0/16", "10.1.0.0/16", false],
            ["10.0.0.0/17", "10.0.128.0/17", false],
            ["10.0.0.0/8", "10.255.255.0/24", true],
            ["10.0.255.0/24", "10.1.0.0/24", false],
            ["192.168.0.0/16", "192.168.255.255/32", true],
            ["172.16.0.0/12", "172.31.255.0/24", true],
            ["172.16.0.0/12", "172.32.0.0/16", false],
            ["0.0.0.0/0", "255.255.255.255/32", true],
        ];
        for (const [a, b, overlap] of cases) {
            assert.equal(cidrsOverlap(cidr(a), cidr(b)), overlap, `${a} ${b}`);
            assert.equal(cidrsOverlap(cidr(b), cidr(a)), overlap, `${b} ${a}`);
        }
    });

    it("accepts VPC blocks inside RFC 1918 only, /16 to /24", () => {
        for (const ok of ["10.0.0.0/16", "10.255.255.0/24", "172.16.0.0/16", "172.31.0.0/16", "192.168.0.0/16", "192.168.10.0/24"]) {
            assert.equal(vpcCidrProblem(ok), undefined, ok);
        }
        for (const bad of ["172.15.0.0/16", "172.32.0.0/16", "192.169.0.0/16", "11.0.0.0/16", "100.64.0.0/16", "172.16.0.0/12", "192.168.0.0/25", "10.0.0.0/8"]) {
            assert.ok(vpcCidrProblem(bad), bad);
        }
    });
});
