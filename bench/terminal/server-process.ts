// The servers under test, each in its own process so its memory and CPU can be watched alone:
// the real `livedeck dev` CLI, and the naive baseline (naive-server.ts).

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOPS_FILE_VARIABLE } from './echo-hops.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const DEFAULT_DECK = join('tests', 'fixtures', 'decks', 'basic.md');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** livedeck: hello/ready/ack protocol; raw: bytes both ways, nothing else (the naive server). */
export type Protocol = 'livedeck' | 'raw';

export interface Target {
  url: string;
  /** Sent as the Origin header: livedeck refuses upgrades from any other origin. */
  origin: string;
  protocol: Protocol;
  /** Presenter token (livedeck only). */
  token: string;
  /** Audience (read-only) token, as the server printed it (livedeck only). */
  audienceToken: string;
}

export interface LivedeckOptions {
  /** The deck served, relative to the project; default DEFAULT_DECK (its size sets the idle RSS). */
  deck?: string;
  /** Run the server under `node --cpu-prof`, writing its profile here when it stops. */
  cpuProfileDir?: string;
  /** Pass --no-record (only if the CLI records by default, see `ServerProcess.recording`). */
  noRecord?: boolean;
  /** Record a keystroke's hops through the server (hop-probe.ts) into this file, written when it stops. */
  hopsFile?: string;
}

export class ServerProcess {
  /** Servers still running, to kill if the benchmark itself is stopped or fails. */
  private static readonly running = new Set<ServerProcess>();
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly target: Target,
    /** The server records its sessions (to its own temporary working folder). */
    readonly recording: boolean,
    /** Removed once the server has stopped. */
    workDir: string | null,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    ServerProcess.running.add(this);
    void this.exited.then(() => {
      ServerProcess.running.delete(this);
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });
  }

  /** Synchronous, for a process 'exit' handler: SIGKILL to every server still running. */
  static killAll(): void {
    for (const server of ServerProcess.running) server.child.kill('SIGKILL');
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** `livedeck dev` on a free port, with a presenter token of our choosing, run from a temporary
   * folder: `livedeck dev` records every session under its working folder (recordings/). */
  static async livedeck(options: LivedeckOptions = {}): Promise<ServerProcess> {
    const token = randomBytes(18).toString('base64url'); // 24 characters
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const noRecord = options.noRecord ? ['--no-record'] : [];
    const probe = await hopProbe(options.hopsFile);
    const workDir = mkdtempSync(join(tmpdir(), 'livedeck-bench-cwd-'));
    const child = spawn(process.execPath, [...profile, ...probe.flags, join(ROOT, 'bin', 'livedeck.js'), 'dev', join(ROOT, options.deck ?? DEFAULT_DECK), '--port', '0', ...noRecord], {
      cwd: workDir,
      env: { ...process.env, ...probe.env, LIVEDECK_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out: string;
    try {
      out = await waitForOutput(child, /Ctrl-C stops the server/);
    } catch (error) {
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
    const port = Number(/presenter\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
    const audienceToken = /audience\s+\S+\?token=([A-Za-z0-9_-]+)/.exec(out)?.[1] ?? '';
    const recording = /recording\s+every terminal/.test(out);
    return new ServerProcess(child, target(port, 'livedeck', token, audienceToken), recording, workDir);
  }

  /** The naive baseline server on a free port. */
  static async naive(options: Pick<LivedeckOptions, 'hopsFile'> = {}): Promise<ServerProcess> {
    naiveCode ??= compileForNode('naive-server.ts');
    const probe = await hopProbe(options.hopsFile);
    const child = spawn(process.execPath, [...probe.flags, '--input-type=module', '-e', await naiveCode], {
      cwd: ROOT,
      env: { ...process.env, ...probe.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = await waitForOutput(child, /^listening \d+$/m);
    return new ServerProcess(child, target(Number(/^listening (\d+)$/m.exec(out)![1]), 'raw', '', ''), false, null);
  }

  /** Stops the server as Ctrl-C would (its sessions end, a CPU profile gets written); SIGKILL if
   * it takes too long. */
  async stop(): Promise<void> {
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** For a run that must end now (memory bound hit). */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

let naiveCode: Promise<string> | null = null;
let probeCode: Promise<string> | null = null;

/** The node flags and environment that load hop-probe.ts into a server, recording into `file`. */
async function hopProbe(file: string | undefined): Promise<{ flags: string[]; env: Record<string, string> }> {
  if (file === undefined) return { flags: [], env: {} };
  probeCode ??= compileForNode('hop-probe.ts');
  const url = `data:text/javascript;base64,${Buffer.from(await probeCode).toString('base64')}`;
  return { flags: ['--import', url], env: { [HOPS_FILE_VARIABLE]: file } };
}

/** A module of bench/terminal/ as plain JS, so that the naive server runs like the built livedeck
 * CLI (under tsx it would carry the loader, ~25 MB of RSS). Packages stay outside, imported from
 * the project's node_modules by absolute URL. */
async function compileForNode(module: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(ROOT, 'bench', 'terminal', module)],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        name: 'packages-by-url',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:') ? { path: args.path, external: true } : { path: import.meta.resolve(args.path), external: true },
          );
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}

function target(port: number, protocol: Protocol, token: string, audienceToken: string): Target {
  return { url: `ws://127.0.0.1:${port}/term`, origin: `http://127.0.0.1:${port}`, protocol, token, audienceToken };
}

/** Resolves with the child's stdout so far once it matches `pattern`; stdout and stderr keep
 * being drained afterwards so the child never blocks on a full pipe. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let settled = false;
    const timer = setTimeout(() => fail(`no start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${why}\n${out}${err}`));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      if (settled) return;
      out += chunk.toString('utf8');
      if (!pattern.test(out)) return;
      settled = true;
      clearTimeout(timer);
      resolve(out);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (!settled) err += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => fail(`exited with ${code ?? signal}`));
  });
}
