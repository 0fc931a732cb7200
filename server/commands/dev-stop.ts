// How `livedeck dev` stops, whatever stops it: SIGINT (Ctrl-C), SIGTERM, SIGHUP (the terminal
// window running it was closed) end every shell and exit; the same signal again while that runs
// (Ctrl-C twice) kills every shell at once and exits; an uncaught exception ends the shells too,
// then exits 1. SIGKILL cannot be caught: the launch's watchdog cleans up then (containment.ts).

import { killEverySession } from '../terminal/containment.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** A crashed server gives its shells this long to end with a grace, then kills them. */
const CRASH_CLEANUP_MS = 3000;

/** Resolves with the exit code once the server has stopped (`stop` resolved) after a signal.
 * Forced stops and crashes exit the process themselves, when every shell is gone. */
export function untilStopped(stop: () => Promise<void>, log: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const force = (code: number) => {
      void killEverySession().finally(() => process.exit(code));
    };
    const onSignal = (signal: NodeJS.Signals) => {
      // Closed terminal: writing to it fails (EIO), which must not become a crash now.
      if (signal === 'SIGHUP') ignoreOutputErrors();
      if (stopping) {
        log(`${signal} again: killing every shell now`);
        return force(130);
      }
      stopping = true;
      if (signal === 'SIGINT') log('stopping the shells (Ctrl-C again: at once)');
      void stop().then(() => resolve(0), () => force(1));
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    process.on('uncaughtException', (error) => {
      ignoreOutputErrors();
      log(`livedeck dev crashed, stopping every shell: ${error.stack ?? String(error)}`);
      if (stopping) return force(1);
      stopping = true;
      const deadline = setTimeout(() => force(1), CRASH_CLEANUP_MS);
      void stop().finally(() => {
        clearTimeout(deadline);
        force(1);
      });
    });
  });
}

function ignoreOutputErrors(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}
