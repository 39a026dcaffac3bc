#!/usr/bin/env node
// Launcher of the mlgov command line: runs cli/src/main.ts through ts-node (transpile-only, with the
// repository tsconfig.json), so the CLI needs no build step. Type-checking happens in `npm test`.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher */
const path = require("path");

// `mlgov check` runs a whole Pulumi program: hundreds of thousands of short-lived promises and
// outputs. With V8's default young generation most of them are promoted before they die, and garbage
// collection takes 40% of a 100-account check; 64 MB semi-spaces make it a third faster. And
// `--expose-gc` lets check keep its heap near its live data (cli/src/check/heap.ts). V8 honours these
// only when given at start-up, so check runs itself again with those not given already.
const CHECK_FLAGS = ["--max-semi-space-size=64", "--expose-gc"];
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS || "").split(/\s+/)];
const missing = CHECK_FLAGS.filter(flag => !given.some(a => a.startsWith(flag.split("=")[0])));
if (process.argv[2] === "check" && missing.length > 0) {
    const { spawnSync } = require("child_process");
    const r = spawnSync(process.execPath, [...process.execArgv, ...missing, __filename, ...process.argv.slice(2)], { stdio: "inherit" });
    if (r.error) {
        throw r.error;
    }
    if (r.signal) {
        process.kill(process.pid, r.signal);
    }
    process.exit(r.status === null ? 1 : r.status);
}

require("ts-node").register({
    transpileOnly: true,
    project: path.join(__dirname, "..", "..", "tsconfig.json"),
});
require(path.join(__dirname, "..", "src", "main.ts")).run(process.argv.slice(2));
