// Preloaded with NODE_OPTIONS=--require: records every module the CLI loads.
const Module = require('node:module');
const { writeFileSync } = require('node:fs');

const loaded = new Set();
const load = Module._load;
Module._load = function trace(request, ...rest) {
  loaded.add(request);
  return load.call(this, request, ...rest);
};
process.on('exit', () => writeFileSync(process.env.TRACE_REQUIRES_FILE, [...loaded].join('\n')));
