/** The heap governor of mlgov check (cli/src/check/heap.ts), with a heap and a collector under test control. */
import * as assert from "node:assert/strict";
import { governHeap } from "../../cli/src/check/heap";

const MiB = 1024 * 1024;

/** A heap that grows by hand; a full collection leaves `live` bytes. */
function fakeHeap(live: number) {
    const heap = { used: live, live, collections: 0 };
    return {
        heap,
        gc: () => {
            heap.collections++;
            heap.used = heap.live;
        },
        used: () => heap.used,
    };
}

describe("mlgov check: the heap governor", () => {
    it("collects when the heap reaches the factor times what the last collection left, never below the floor", () => {
        const { heap, gc, used } = fakeHeap(100 * MiB);
        const g = governHeap({ gc, used, factor: 2, floorBytes: 256 * MiB, intervalMs: 0 });
        // [heap in use (MiB), live data a collection would leave (MiB), collections after the look, why]
        const steps: Array<[number, number, number, string]> = [
            [250, 100, 0, "under the floor"],
            [300, 100, 1, "over the floor, first look"],
            [250, 200, 1, "over twice the live data (100 MiB) but under the floor"],
            [260, 200, 2, "over the floor"],
            [399, 200, 2, "the live data is now 200 MiB: 400 MiB is the next mark"],
            [401, 200, 3, "over twice the live data"],
        ];
        try {
            let before = 0;
            for (const [inUse, live, collections, why] of steps) {
                heap.used = inUse * MiB;
                heap.live = live * MiB;
                g.check();
                assert.equal(g.collections, collections, why);
                assert.equal(heap.used, (collections > before ? live : inUse) * MiB, "a collection leaves the live data");
                before = collections;
            }
        } finally {
            g.stop();
        }
        assert.equal(heap.collections, 3);
    });

    it("looks at most once per interval", () => {
        const { heap, gc, used } = fakeHeap(10 * MiB);
        let looks = 0;
        const g = governHeap({ gc, used: () => (looks++, used()), floorBytes: 0, intervalMs: 60_000 });
        try {
            heap.used = 500 * MiB;
            g.check();
            g.check();
            g.check();
            assert.equal(looks, 2, "one look before and one after the collection, then nothing for a minute");
            assert.equal(g.collections, 1);
        } finally {
            g.stop();
        }
    });

    it("does nothing without a collector (node without --expose-gc)", () => {
        const g = governHeap({ gc: undefined, used: () => 10_000 * MiB, floorBytes: 0, intervalMs: 0 });
        g.check();
        g.stop();
        assert.equal(g.collections, 0);
    });
});
