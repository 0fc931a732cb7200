// What a launch of `livedeck dev` writes down about itself, so that its watchdog, or the next
// start's sweep, can end what it left running (containment.ts, watchdog.ts).

/** What a state file records about a launch, for whoever sweeps after it. */
export interface LaunchRecord {
  pid: number;
  /** The process's start time (see processStartTime): a pid reused later is not it. */
  startTime: string;
  /** Its pid namespace (/proc/self/ns/pid): a launch in another container sharing the temp dir
   * is none of ours to judge. */
  pidNamespace: string;
  /** Every marker of the launch starts with this. */
  markerPrefix: string;
  cgroup: string | null;
  workDir: string;
}
