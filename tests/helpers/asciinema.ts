// The real asciinema CLI for the interoperability tests. `npm test` installs it with the other
// tools (scripts/test.mjs); a run without it fails with what to install, it never skips.

import { spawnSync } from 'node:child_process';

/** Throws, saying what to install, unless `asciinema --version` runs. */
export function requireAsciinema(): void {
  if (spawnSync('asciinema', ['--version']).status !== 0) {
    throw new Error('asciinema is not installed: run the tests with `npm test`, which installs it as root on Debian (apt-get install asciinema)');
  }
}
