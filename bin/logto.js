#!/usr/bin/env node
'use strict';
// A closed pipe (`logto ... | head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
require('../dist/logto.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
