// The measurements made on each server: keystroke echo, bulk output to a fast client, and output
// to a slow client (then Ctrl-C). Each takes a connected client (or a bare pty) at a prompt.

import { percentile } from '../stats.js';
import { PROMPT } from '../../tests/integration/helpers/term-client.js';
import type { BenchClient } from './bench-client.js';
import type { BulkWorkload } from './bulk-file.js';
import type { EchoSample } from './echo-hops.js';
import { monotonicMicros, performanceToMonotonic } from './monotonic.js';
import { TimeoutError, type Typist } from './output-matcher.js';
import type { ProcessSampler } from './process-sampler.js';

export const ECHO_SAMPLES = 1000;
const ECHO_WARMUP = 100;
/** Pause between samples, so each keystroke meets an idle server like a typist's does. */
const ECHO_GAP_MS = 3;
const BULK_TIMEOUT_MS = 120_000;
export const SLOW_RATE = 1_000_000;
/** What a busy browser holds before it stops reading its socket. */
const SLOW_WINDOW = 1024 * 1024;
export const SLOW_DURATION_MS = 15_000;
export const ENDLESS_DURATION_MS = 10_000;
export const CTRL_C_TIMEOUT_MS = 10_000;
/** A slow-reader run stops when the server's RSS passes this (the naive server has no bound). */
export const RSS_LIMIT = 1.5e9;

export interface EchoResult {
  p50: number;
  p99: number;
}

export function echoResult(samples: EchoSample[]): EchoResult {
  const times = samples.map((sample) => sample.end - sample.start);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** Types a letter at the prompt and times its echo, then erases it (untimed); ECHO_SAMPLES times
 * after a warm-up. With several terminals the samples take turns (a, b, c, a, b, c, ...), so a
 * burst of load on the machine hits them all alike. */
export async function measureEcho(typists: Typist[]): Promise<EchoSample[][]> {
  const samples: EchoSample[][] = typists.map(() => []);
  for (let i = 0; i < ECHO_WARMUP + ECHO_SAMPLES; i++) {
    for (const [n, typist] of typists.entries()) {
      const echoed = typist.waitFor(/x/, 5000);
      const start = performance.now();
      typist.type('x');
      const end = await echoed;
      if (i >= ECHO_WARMUP) samples[n]!.push({ start: performanceToMonotonic(start), end: performanceToMonotonic(end) });
      const erased = typist.waitFor(/\x08/, 5000); // readline answers DEL with a backspace
      typist.type('\x7f');
      await erased;
      await sleep(ECHO_GAP_MS);
    }
  }
  return samples;
}

export interface BulkResult {
  /** MB (10^6 bytes) per second, from sending the command to the prompt being back. */
  mbps: number;
  /** Peak RSS of the server (fresh for this run) up to the run's end, bytes. */
  peakRss: number;
  /** Server CPU time over wall time (1 = one core busy throughout). */
  cpu: number;
  /** CLOCK_MONOTONIC bounds of the run, µs, to cut a CPU profile to it. */
  window: [number, number];
}

/** Runs a bulk workload at the prompt, with the client processing output as fast as it arrives.
 * `server` watches a server started for this run (its peak RSS is the run's). */
export async function measureBulk(client: BenchClient, server: ProcessSampler, work: BulkWorkload): Promise<BulkResult> {
  const cpuBefore = server.cpuSeconds();
  const from = client.processed;
  const prompt = client.waitFor(PROMPT, BULK_TIMEOUT_MS);
  const windowStart = monotonicMicros();
  const start = performance.now();
  client.type(`${work.command}\r`);
  const end = await prompt;
  const seconds = (end - start) / 1000;
  const bytes = client.processed - from;
  if (bytes < work.terminalBytes) throw new Error(`bulk run (${work.name}) got ${bytes} of ${work.terminalBytes} bytes`);
  return {
    mbps: bytes / 1e6 / seconds,
    peakRss: server.peakRss,
    cpu: (server.cpuSeconds() - cpuBefore) / seconds,
    window: [windowStart, monotonicMicros()],
  };
}

export interface FloodResult {
  /** Highest VmRSS of the server, bytes (past the bound, if the run was stopped there). */
  peakRss: number;
  /** How fast the server's RSS grew over the second half of the run, bytes per second. */
  rssGrowth: number;
  /** Seconds after which the server passed the bound and was killed; null if it did not. */
  overLimitAfter: number | null;
  /** MB of output the client processed during the run (before Ctrl-C). */
  processedMB: number;
  /** Seconds from Ctrl-C to the prompt processed by the client; Infinity if not within
   * CTRL_C_TIMEOUT_MS, NaN if not measured. */
  ctrlC: number;
}

export interface FloodRun {
  command: string;
  durationMs: number;
  /** Press Ctrl-C at the end and time the prompt's return. */
  ctrlC: boolean;
  /** The client processes output as fast as it comes (a browser that keeps up), not at
   * SLOW_RATE: what the server then holds is its own doing (recording, screen mirror). */
  fast?: boolean;
}

/** Runs `command` with the client processing output at SLOW_RATE (or as fast as it comes) for a
 * while, then (optionally) presses Ctrl-C and times the prompt's return. `overLimit` resolves if
 * the server's memory passes the bound, which ends the run at once. */
export async function measureFlood(client: BenchClient, run: FloodRun, overLimit: Promise<void>): Promise<Omit<FloodResult, 'peakRss' | 'rssGrowth'>> {
  if (!run.fast) client.readSlowly({ bytesPerSecond: SLOW_RATE, window: SLOW_WINDOW });
  const from = client.processed;
  const start = performance.now();
  client.type(`${run.command}\r`);
  const stopped = await Promise.race([sleep(run.durationMs).then(() => false), overLimit.then(() => true)]);
  const processedMB = (client.processed - from) / 1e6;
  const overLimitAfter = stopped ? (performance.now() - start) / 1000 : null;
  if (stopped || !run.ctrlC) return { overLimitAfter, processedMB, ctrlC: Number.NaN };
  const prompt = client.waitFor(PROMPT, CTRL_C_TIMEOUT_MS);
  const interrupted = performance.now();
  client.type('\x03');
  try {
    return { overLimitAfter, processedMB, ctrlC: ((await prompt) - interrupted) / 1000 };
  } catch (error) {
    if (error instanceof TimeoutError) return { overLimitAfter, processedMB, ctrlC: Number.POSITIVE_INFINITY };
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
