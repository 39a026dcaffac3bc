/**
 * Keeps the heap of `mlgov check` near its live data.
 *
 * A program allocates gigabytes of short-lived promises and outputs, and V8 lets the old generation
 * grow to several times what survived its last collection before it collects again; with incremental
 * marking under that allocation rate, much of what it counts as surviving is already garbage. When
 * mlgov runs with `--expose-gc` (its launcher starts `check` with it), this collects the whole heap
 * whenever it has grown to `factor` times what the last such collection left: a few hundred
 * milliseconds each, a few times per 100-account run, for a peak some 200 MB lower (bench/program.ts).
 * Without `--expose-gc` (tests that run the command in-process) it does nothing.
 */
import * as v8 from "node:v8";

export interface HeapGovernor {
    /** Full collections it made. */
    readonly collections: number;
    /** Looks at the heap, at most once per `intervalMs` (a timer calls it too, when the event loop turns). */
    check(): void;
    stop(): void;
}

export interface HeapGovernorOptions {
    /** Collect when the heap reaches this multiple of the live data after the last collection (default 2). */
    factor?: number;
    /** Never collect below this many bytes of heap (default 256 MiB). */
    floorBytes?: number;
    /** How often to look at the heap (default 200 ms). */
    intervalMs?: number;
    /** The full collection (default: `globalThis.gc`, present with `--expose-gc`); undefined: none. */
    gc?: () => void;
    /** Bytes of heap in use (default: V8's used_heap_size). */
    used?: () => number;
}

const MiB = 1024 * 1024;

/** Starts governing; without a `gc` function (no `--expose-gc`) it does nothing. */
export function governHeap(opts: HeapGovernorOptions = {}): HeapGovernor {
    const gc = "gc" in opts ? opts.gc : (globalThis as { gc?: () => void }).gc;
    const used = opts.used ?? (() => v8.getHeapStatistics().used_heap_size);
    const factor = opts.factor ?? 2;
    const floor = opts.floorBytes ?? 256 * MiB;
    const interval = opts.intervalMs ?? 200;
    let live = 0;
    let collections = 0;
    let lastLook = -Infinity;
    const check = () => {
        const now = performance.now();
        if (now - lastLook < interval) {
            return;
        }
        lastLook = now;
        if (gc && used() > Math.max(floor, factor * live)) {
            gc();
            collections++;
            live = used();
        }
    };
    const timer = gc ? setInterval(check, interval) : undefined;
    timer?.unref();
    return {
        get collections() {
            return collections;
        },
        check,
        stop: () => clearInterval(timer),
    };
}
