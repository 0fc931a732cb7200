// The cast= panes of a lecture's deck versions: each replays the recording its snapshot stored
// (DeckSnapshot.casts), following the slides' steps as in a built site: what the teacher did with
// such a pane in class is showing its steps, which the timeline has as fragments. One copy of each
// recording, named by its content, serves every version that shows it (lecture/replays/).

import type { Cast } from '../../common/asciicast.js';
import type { PaneCast } from '../../common/deck.js';
import { SCREEN_CACHE_DIR } from '../casts/screen-cache.js';
import { addScreens, storedCastFile, type SiteCast } from '../casts/site-casts.js';
import { snapshotFile, type DeckSnapshot } from '../lecture/deck-snapshot.js';

const REPLAYS_DIR = 'lecture/replays';

export interface LectureReplays {
  /** A pane's recording in the version `snapshot` shows, or null when it stored none. */
  castOf(snapshot: DeckSnapshot, castFile: string): PaneCast | null;
  /** That recording as it plays (its markers are its steps), or null. */
  recordingOf(snapshot: DeckSnapshot, castFile: string): Cast | null;
  /** The site's files for them: each cast and its segments' scripts, by path. */
  files: Map<string, string>;
}

/** Reads, checks and wraps the cast= recordings the snapshots of the lecture in `dir` stored. */
export async function lectureReplays(dir: string, snapshots: Iterable<DeckSnapshot>): Promise<LectureReplays> {
  const casts = new Map<string, SiteCast>();
  for (const snapshot of snapshots) {
    for (const [castFile, hash] of Object.entries(snapshot.casts ?? {})) {
      if (casts.has(hash)) continue;
      casts.set(hash, storedCastFile(hash, snapshotFile(dir, hash), REPLAYS_DIR, `the lecture's copy of ${castFile} is damaged: restore the lecture's folder`));
    }
  }
  await addScreens(casts, SCREEN_CACHE_DIR);
  const files = new Map<string, string>();
  for (const cast of casts.values()) {
    files.set(cast.ref.file, cast.text);
    for (const [path, script] of cast.scripts) files.set(path, script);
  }
  const stored = (snapshot: DeckSnapshot, castFile: string) => {
    // Own keys only: a pane's file may be named like an Object method.
    const hash = snapshot.casts && Object.hasOwn(snapshot.casts, castFile) ? snapshot.casts[castFile]! : undefined;
    return hash === undefined ? null : casts.get(hash)!;
  };
  return {
    castOf: (snapshot, castFile) => stored(snapshot, castFile)?.ref ?? null,
    recordingOf: (snapshot, castFile) => stored(snapshot, castFile)?.played ?? null,
    files,
  };
}
