// Runs the real CLI (bin/livedeck.js) in a child process, as a teacher would.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'livedeck.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const out = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, encoding: 'utf8', timeout: 120_000 });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

export interface RunningServer {
  child: ChildProcess;
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  presenterToken: string;
  audienceToken: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `livedeck dev` on a free port and waits for its start-up URLs. It runs in a temp folder
 * of its own (removed once it has stopped), where its session recordings go: not the checkout's
 * recordings/. A relative deck path (`*.md`) is the checkout's, as with runCli. */
export function startDev(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunningServer> {
  const cwd = mkdtempSync(join(tmpdir(), 'livedeck-dev-test-'));
  const decks = args.map((arg) => (arg.endsWith('.md') ? resolve(ROOT, arg) : arg));
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', ...decks], { cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  const stop = () => new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { void stop(); reject(new Error(`livedeck dev did not start:\n${output}`)); }, 20_000);
    const check = () => {
      const presenter = /presenter\s+(http:\/\/\S+\/)\?token=(\S+)/.exec(output);
      const audience = /audience\s+http:\/\/\S+\/\?token=(\S+)/.exec(output);
      if (presenter && audience) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve({ child, url: presenter[1]!, presenterToken: presenter[2]!, audienceToken: audience[1]!, output: () => output, stop });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`livedeck dev exited with ${code}:\n${output}`)); });
  });
}
