#!/usr/bin/env node
'use strict';
// The compiled CLI lives in dist/: in the package (npm pack builds it), or in a clone after `make build`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
let cli;
try {
  cli = require('../dist/scripts/cli/main.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && /dist[\\/]scripts/.test(String(error.message))) {
    process.stderr.write('xacct: the CLI is not built yet: in a clone, run `make build` (or any make target) first.\n');
    process.exit(3);
  }
  throw error;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
