// The real asciinema CLI for the interoperability tests. Off CI a machine without it skips them
// and says why; under CI (CI=true, where .ci/run installs it) they always run, so a missing tool
// fails loudly instead of passing silently.

import { spawnSync } from 'node:child_process';

export const asciinemaInstalled = spawnSync('asciinema', ['--version']).status === 0;

/** `skip` option for a test that needs asciinema. */
export const asciinemaSkip: false | string = asciinemaInstalled || process.env.CI
  ? false
  : 'asciinema is not installed (Debian: apt-get install asciinema): interop with it is not checked';
