// Preloaded with NODE_OPTIONS=--require by the bench: reports the process's peak RSS.
const { writeFileSync } = require('node:fs');

process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));
