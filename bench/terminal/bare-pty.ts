// The ceilings: what a pty gives with no server and no socket in the way. Throughput of the bulk
// `cat` (read by node-pty in this process, and by `script` through a pipe), and keystroke echo
// from a bash started the way livedeck starts its shells, typed into from this process.

import { spawn } from 'node:child_process';
import * as pty from 'node-pty';
import { DEFAULT_SHELL, shellEnvironment, shellLaunch } from '../../server/terminal/environment.js';
import type { BulkWorkload } from './bulk-file.js';
import { OutputMatcher, type Typist } from './output-matcher.js';

/** MB/s of the workload through a pty read by node-pty in this process: what the servers could do
 * if sending to a socket cost nothing (both use node-pty to read their shells). */
export function nodePtyCeiling(work: BulkWorkload): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let received = 0;
    // The shell keeps the pty open after the output: node-pty drops the last chunk if the pty closes
    // while it still has output to read. The byte count says when it is over.
    const shell = pty.spawn('/bin/sh', ['-c', `${work.command}; sleep 60`], { name: 'xterm-256color', cols: 80, rows: 24, encoding: null });
    const timer = setTimeout(() => {
      shell.kill();
      reject(new Error(`bare pty: ${received} of ${work.terminalBytes} bytes`));
    }, 60_000);
    shell.onData((data: string | Buffer) => {
      received += data.length;
      if (received < work.terminalBytes) return;
      resolve(work.terminalBytes / 1e6 / ((performance.now() - start) / 1000));
      clearTimeout(timer);
      shell.kill();
    });
  });
}

/** MB/s of `script -qfc COMMAND /dev/null` with its stdout read here as fast as possible: the
 * same pty, read by a C loop and handed over through a pipe. */
export function scriptCeiling(work: BulkWorkload): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let received = 0;
    const script = spawn('script', ['-qfc', work.command, '/dev/null'], { stdio: ['ignore', 'pipe', 'ignore'] });
    script.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    script.on('error', reject);
    script.on('close', () => {
      if (received < work.terminalBytes) reject(new Error(`script: ${received} of ${work.terminalBytes} bytes`));
      else resolve(received / 1e6 / ((performance.now() - start) / 1000));
    });
  });
}

/** A bash in a pty of this process, for the echo ceiling. */
export class BarePtyShell implements Typist {
  private readonly output = new OutputMatcher();
  private readonly shell: pty.IPty;

  constructor() {
    const launch = shellLaunch(DEFAULT_SHELL);
    this.shell = pty.spawn(launch.file, launch.args, {
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
      env: shellEnvironment({ sessionId: 'bare', shell: DEFAULT_SHELL }),
      encoding: null,
    });
    this.shell.onData((data: string | Buffer) => this.output.feed(typeof data === 'string' ? Buffer.from(data) : data));
  }

  type(keys: string): void {
    this.shell.write(keys);
  }

  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<number> {
    return this.output.waitFor(pattern, timeoutMs, from);
  }

  dispose(): void {
    this.shell.kill('SIGHUP');
  }
}
