// The audience of bench/viewers.ts: read-only viewer sockets (and one stalled viewer) run in a
// process of their own, so that 200 sockets' traffic does not sit in the event loop that times the
// presenter's echo. The parent drives it over IPC: join, measure, report, watch for a prompt.
// Run as a child by `Audience.start`; the same file is its entry point.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROMPT } from '../../tests/integration/helpers/term-client.js';
import { percentile } from '../stats.js';
import { BenchClient } from './bench-client.js';
import { StampReader, wallClock } from './stamped-lines.js';
import type { Target } from './server-process.js';

export interface AudienceReport {
  /** Delay (ms) from a line's stamp to a viewer processing it, over every viewer and line. */
  delay: { p50: number; p99: number; max: number; samples: number };
  /** Share of the lines (over all viewers) a viewer never saw. */
  missedShare: number;
  /** Resync snapshots received by the viewers since `measure`. */
  resynced: number;
  /** CPU time of the audience process over the measurement, per wall second. */
  cpu: number;
}

type ToChild =
  | { op: 'join'; target: Target; session: string; viewers: number; batch: number }
  | { op: 'measure'; from: number }
  | { op: 'report' }
  | { op: 'watch-prompt'; timeoutMs: number };

type FromChild =
  | { op: 'joined' }
  | { op: 'report'; report: AudienceReport }
  | { op: 'watching'; resynced: number }
  | { op: 'prompt'; at: number | null; resynced: number };

export class Audience {
  private constructor(private readonly child: ChildProcess) {}

  /** Starts the process and connects `viewers` viewers (`batch` at a time) and one stalled viewer
   * to `session`. */
  static async start(target: Target, session: string, viewers: number, batch: number): Promise<Audience> {
    const child = fork(fileURLToPath(import.meta.url), ['--audience'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const audience = new Audience(child);
    await audience.request({ op: 'join', target, session, viewers, batch }, 'joined');
    return audience;
  }

  /** Counts lines stamped from `from` (wall clock) on. */
  measure(from: number): void {
    this.child.send({ op: 'measure', from } satisfies ToChild);
  }

  async report(): Promise<AudienceReport> {
    const reply = await this.request({ op: 'report' }, 'report');
    return reply.op === 'report' ? reply.report : assertNever();
  }

  /** Watches every viewer for the prompt. Resolves once they are watched, with `outcome`: the
   * wall-clock time at which the last one showed it (null: not all within `timeoutMs`), and the
   * resyncs since the call. (An object, not a promise of a promise: an async function's promise
   * would adopt the inner one and resolve only with the outcome.) */
  async watchPrompt(timeoutMs: number): Promise<{ outcome: Promise<{ at: number | null; resynced: number }> }> {
    // Listened for before asking: the answer may follow 'watching' in the same read of the channel.
    const prompt = this.next('prompt');
    prompt.catch(() => {}); // a child that dies is reported by the request below
    const watching = await this.request({ op: 'watch-prompt', timeoutMs }, 'watching');
    const before = watching.op === 'watching' ? watching.resynced : 0;
    return { outcome: prompt.then((reply) => (reply.op === 'prompt' ? { at: reply.at, resynced: reply.resynced - before } : assertNever())) };
  }

  dispose(): void {
    this.child.kill('SIGKILL');
  }

  private request(message: ToChild, answer: FromChild['op']): Promise<FromChild> {
    const reply = this.next(answer);
    this.child.send(message);
    return reply;
  }

  private next(op: FromChild['op']): Promise<FromChild> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromChild) => {
        if (message.op !== op) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`the audience process exited (${code})`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}

function assertNever(): never {
  throw new Error('unexpected reply from the audience process');
}

/** The child: owns the sockets. */
function runChild(): void {
  const viewers: BenchClient[] = [];
  /** Per viewer, what its output goes to (replaced by each `measure`). */
  let readers: StampReader[] = [];
  let delays: number[] = [];
  let resyncedBefore = 0;
  let cpuFrom = process.cpuUsage();
  let wallFrom = performance.now();
  const send = (message: FromChild) => process.send!(message);
  const resynced = () => viewers.reduce((sum, viewer) => sum + viewer.resyncs, 0);

  process.on('message', (message: ToChild) => {
    void (async () => {
      switch (message.op) {
        case 'join': {
          for (let i = 0; i < message.viewers; i += message.batch) {
            const count = Math.min(message.batch, message.viewers - i);
            viewers.push(...(await Promise.all(Array.from({ length: count }, () => BenchClient.connect(message.target, { viewer: true, session: message.session })))));
          }
          for (const [i, viewer] of viewers.entries()) viewer.onOutput((data) => readers[i]?.feed(data));
          const stalled = await BenchClient.connect(message.target, { viewer: true, session: message.session });
          stalled.stall();
          send({ op: 'joined' });
          return;
        }
        case 'measure':
          delays = [];
          readers = viewers.map(() => new StampReader(delays, message.from));
          resyncedBefore = resynced();
          cpuFrom = process.cpuUsage();
          wallFrom = performance.now();
          return;
        case 'report': {
          const cpu = process.cpuUsage(cpuFrom);
          const seen = readers.reduce((sum, r) => sum + r.seen, 0);
          const missed = readers.reduce((sum, r) => sum + r.missed, 0);
          send({
            op: 'report',
            report: {
              delay: { p50: percentile(delays, 50), p99: percentile(delays, 99), max: percentile(delays, 100), samples: delays.length },
              missedShare: missed / Math.max(1, seen + missed),
              resynced: resynced() - resyncedBefore,
              cpu: (cpu.user + cpu.system) / 1000 / (performance.now() - wallFrom),
            },
          });
          return;
        }
        case 'watch-prompt': {
          const seen = viewers.map((viewer) => viewer.waitFor(PROMPT, message.timeoutMs));
          send({ op: 'watching', resynced: resynced() });
          const at = await Promise.all(seen).then(
            () => wallClock(),
            () => null,
          );
          send({ op: 'prompt', at, resynced: resynced() });
        }
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === '--audience') runChild();
