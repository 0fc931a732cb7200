// The bulk workloads: ~50 MB of base64 text, either made by the shell as it goes (the issue's
// "50 MB of base64 through the shell", with which its reference numbers were measured) or `cat` of
// a file made once per benchmark (stricter: nothing but the terminal path is left to measure).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 37.5 MB of random bytes is 50 MB of base64 (plus a newline every 76 characters). */
const RANDOM_BYTES = 37_500_000;
const BASE64 = `head -c ${RANDOM_BYTES} /dev/urandom | base64 -w 76`;

/** What a bulk run types at the prompt, and how many bytes a terminal receives from it. */
export interface BulkWorkload {
  /** Short name for tables: "made by the shell", "`cat` of a file". */
  readonly name: string;
  readonly command: string;
  readonly terminalBytes: number;
}

export class BulkFile {
  readonly path: string;
  /** Bytes a terminal receives when the file is `cat`ed: the pty turns each "\n" into "\r\n". */
  readonly terminalBytes: number;
  /** The workload: the same amount of base64, made by `head | base64` in the shell. */
  readonly generated: BulkWorkload;
  /** `cat` of this file: the cost of /dev/urandom and base64 stays out of the measurement. */
  readonly cat: BulkWorkload;
  private readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'livedeck-bench-'));
    this.path = join(this.dir, 'bulk.b64');
    execFileSync('sh', ['-c', `${BASE64} > '${this.path}'`]);
    const text = readFileSync(this.path);
    let newlines = 0;
    for (let at = text.indexOf(0x0a); at !== -1; at = text.indexOf(0x0a, at + 1)) newlines++;
    this.terminalBytes = text.length + newlines;
    this.generated = { name: 'made by the shell', command: BASE64, terminalBytes: this.terminalBytes };
    this.cat = { name: '`cat` of a file', command: `cat '${this.path}'`, terminalBytes: this.terminalBytes };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
