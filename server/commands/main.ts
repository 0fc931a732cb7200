// Process entry of the CLI (bundled to dist/livedeck.js, started by bin/livedeck.js).

import { run } from './cli.js';

await run(process.argv.slice(2));
