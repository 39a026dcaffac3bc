#!/usr/bin/env node
// Launcher of the mlgov command line: runs cli/src/main.ts through ts-node (transpile-only, with the
// repository tsconfig.json), so the CLI needs no build step. Type-checking happens in `npm test`.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher */
const path = require("path");

require("ts-node").register({
    transpileOnly: true,
    project: path.join(__dirname, "..", "..", "tsconfig.json"),
});
require(path.join(__dirname, "..", "src", "main.ts")).run(process.argv.slice(2));
