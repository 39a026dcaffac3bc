/**
 * The AnalyzeStack request the host encodes one resource at a time is, byte for byte, the one
 * google-protobuf writes for the whole message, and the pack reads every resource back from it.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { analyzerResource, encodeStackRequest, HostResource } from "../../cli/src/engine";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");

function resource(i: number, text: string): HostResource {
    return {
        urn: `urn:pulumi:dev::ml-governance::aws:s3/bucketV2:BucketV2::b${i}`, type: "aws:s3/bucketV2:BucketV2", name: `b${i}`,
        properties: { bucket: `b${i}`, policy: text, tags: { Owner: "ml-platform" } },
        parent: "urn:pulumi:dev::ml-governance::mlgov:ml:SecureMlDomain::d",
        dependencies: ["urn:pulumi:dev::ml-governance::aws:kms/key:Key::k"],
        propertyDependencies: { serverSideEncryptionConfiguration: ["urn:pulumi:dev::ml-governance::aws:kms/key:Key::k"], tags: [] },
    };
}

function wholeMessage(rs: HostResource[]): Uint8Array {
    const req = new analyzerPb.AnalyzeStackRequest();
    req.setResourcesList(rs.map(analyzerResource));
    return req.serializeBinary();
}

describe("AnalyzeStack request encoding", () => {
    it("is the bytes of the whole message, for no resource, one, and many of every size", () => {
        assert.equal(encodeStackRequest([]).length, 0);
        // Lengths around the varint boundaries: 1, 2 and 3 bytes (127/128, 16383/16384).
        const sizes = [0, 1, 60, 127, 128, 200, 16_000, 16_383, 16_384, 70_000];
        const rs = sizes.map((n, i) => resource(i, "x".repeat(n)));
        assert.deepEqual(new Uint8Array(encodeStackRequest(rs.map(r => analyzerResource(r).serializeBinary()))), wholeMessage(rs));
        fc.assert(fc.property(fc.array(fc.string({ maxLength: 300 }), { maxLength: 8 }), texts => {
            const list = texts.map((t, i) => resource(i, t));
            assert.deepEqual(new Uint8Array(encodeStackRequest(list.map(r => analyzerResource(r).serializeBinary()))), wholeMessage(list));
        }), { numRuns: 100 });
    });

    it("decodes to every resource with its properties, parent and dependencies", () => {
        const rs = [resource(1, "a"), resource(2, "b".repeat(20_000))];
        const decoded = analyzerPb.AnalyzeStackRequest.deserializeBinary(encodeStackRequest(rs.map(r => analyzerResource(r).serializeBinary())));
        const list = decoded.getResourcesList();
        assert.deepEqual(list.map(r => r.getUrn()), rs.map(r => r.urn));
        assert.equal(list[1].getProperties()!.toJavaScript().policy, "b".repeat(20_000));
        assert.equal(list[0].getParent(), rs[0].parent);
        assert.deepEqual(list[0].getDependenciesList(), rs[0].dependencies);
        assert.deepEqual([...list[0].getPropertydependenciesMap().keys()], ["serverSideEncryptionConfiguration"], "empty ones left out");
    });
});
