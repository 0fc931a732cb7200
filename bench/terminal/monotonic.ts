// CLOCK_MONOTONIC, the one clock every process on the machine shares: V8 stamps CPU profile
// samples with it, and the hop probe inside a server (hop-probe.ts) stamps a keystroke's hops with
// it, to be set beside the times the benchmark took on its side.

/** CLOCK_MONOTONIC in ms. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** CLOCK_MONOTONIC in µs. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** performance.now() is CLOCK_MONOTONIC from another origin (the process's start). */
const performanceOrigin = monotonicMs() - performance.now();

/** A performance.now() time of this process, as CLOCK_MONOTONIC ms. */
export function performanceToMonotonic(time: number): number {
  return time + performanceOrigin;
}
