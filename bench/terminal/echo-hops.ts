// Where a keystroke's echo spends its time: each sample the benchmark took (typed at `start`, echo
// processed at `end`, CLOCK_MONOTONIC) is cut at the hops the server stamped meanwhile
// (hop-probe.ts): to the server, into the pty, the shell's answer (the shell and the scheduler
// waking it and the server), out to the socket, and to the client. Only the second and the fourth
// are the server's own code alone (the first also holds its routing of the message); the third is
// the same bash for every server. The samples must come from an idle prompt: on a terminal that
// prints meanwhile, the first output after the keys may be the program's, not their echo.

import { readFileSync } from 'node:fs';
import type { TerminalHop } from '../../server/terminal/diagnostics.js';
import { percentile } from '../stats.js';

/** Where hop-probe.ts, loaded into a server, writes its trace (server-process.ts sets it). */
export const HOPS_FILE_VARIABLE = 'LIVEDECK_BENCH_HOPS';

/** One echo sample, CLOCK_MONOTONIC ms. */
export interface EchoSample {
  start: number;
  end: number;
}

export interface HopTrace {
  hops: TerminalHop[];
  times: number[];
}

/** The parts of a sample, in order. */
export const ECHO_LEGS = ['client to server', 'into the pty', 'the shell answers', 'server to socket', 'socket to client'] as const;

export interface EchoHops {
  /** Per leg (ECHO_LEGS order), ms. */
  p50: number[];
  p99: number[];
  /** Samples slower than the threshold, and for each leg how many of them it was the longest part of. */
  slow: number;
  slowestLeg: number[];
}

export function readHopTrace(file: string): HopTrace {
  let trace: HopTrace;
  try {
    trace = JSON.parse(readFileSync(file, 'utf8')) as HopTrace;
  } catch (error) {
    throw new Error(`the server under test left no readable hop trace at ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(trace.hops) || !Array.isArray(trace.times) || trace.hops.length !== trace.times.length) {
    throw new Error(`hop trace ${file} is malformed: expected { hops: [], times: [] } of equal length`);
  }
  return trace;
}

/** Cuts each sample at its hops: the first `input` stamped after the sample's start, and the
 * `written`, `output` and `sent` that follow it. `slowMs`: what counts as a slow sample. */
export function echoHops(samples: EchoSample[], trace: HopTrace, slowMs: number): EchoHops {
  const legs: number[][] = ECHO_LEGS.map(() => []);
  const slowestLeg = ECHO_LEGS.map(() => 0);
  let slow = 0;
  let at = 0;
  const next = (hop: TerminalHop, from: number, sample: number, after = -Infinity): number => {
    let i = from;
    while (i < trace.hops.length && !(trace.hops[i] === hop && trace.times[i]! >= after)) i++;
    if (i === trace.hops.length) throw new Error(`hop trace has no '${hop}' for echo sample ${sample} (${trace.hops.length} hops in all)`);
    return i;
  };
  for (const [n, sample] of samples.entries()) {
    const input = next('input', at, n, sample.start);
    const written = next('written', input, n);
    const output = next('output', written, n);
    const sent = next('sent', output, n);
    at = sent;
    const stamps = [sample.start, trace.times[input]!, trace.times[written]!, trace.times[output]!, trace.times[sent]!, sample.end];
    const parts = ECHO_LEGS.map((_, leg) => stamps[leg + 1]! - stamps[leg]!);
    parts.forEach((part, leg) => legs[leg]!.push(part));
    if (sample.end - sample.start > slowMs) {
      slow++;
      slowestLeg[parts.indexOf(Math.max(...parts))]!++;
    }
  }
  return {
    p50: legs.map((times) => percentile(times, 50)),
    p99: legs.map((times) => percentile(times, 99)),
    slow,
    slowestLeg,
  };
}
