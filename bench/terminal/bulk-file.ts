// The bulk workload: ~50 MB of base64 text, made once per benchmark so that every run `cat`s the
// same file (the cost of /dev/urandom and base64 stays out of the measurement).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 37.5 MB of random bytes is 50 MB of base64 (plus a newline every 76 characters). */
const RANDOM_BYTES = 37_500_000;

export class BulkFile {
  readonly path: string;
  /** Bytes a terminal receives when the file is `cat`ed: the pty turns each "\n" into "\r\n". */
  readonly terminalBytes: number;
  private readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'livedeck-bench-'));
    this.path = join(this.dir, 'bulk.b64');
    execFileSync('sh', ['-c', `head -c ${RANDOM_BYTES} /dev/urandom | base64 -w 76 > '${this.path}'`]);
    const text = readFileSync(this.path);
    let newlines = 0;
    for (let at = text.indexOf(0x0a); at !== -1; at = text.indexOf(0x0a, at + 1)) newlines++;
    this.terminalBytes = text.length + newlines;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
