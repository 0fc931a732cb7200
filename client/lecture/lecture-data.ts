// A lecture site's data for its player: lecture/lecture.js, a classic script (a page opened from
// file:// cannot fetch(), but can load a <script src>) that sets globalThis[LECTURE_GLOBAL]. The
// page usually loads it before the runtime; otherwise it is loaded here.

import { LECTURE_DATA_SCRIPT, LECTURE_GLOBAL, type LecturePageRef, type LectureSiteData } from '../../common/lecture-site.js';

/** The site's root folder as seen from this page ("" for index.html, "../" for a page one folder
 * down): the data script's path without its own. */
export function siteRoot(ref: LecturePageRef): string {
  return ref.data.endsWith(LECTURE_DATA_SCRIPT) ? ref.data.slice(0, -LECTURE_DATA_SCRIPT.length) : '';
}

/** Loads a classic script once; rejects with its URL when it does not load. */
export function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`livedeck: cannot load ${src}`));
    document.head.append(script);
  });
}

/** The global a classic script of the site set, or undefined. */
export function siteGlobal(name: string): unknown {
  return (globalThis as Record<string, unknown>)[name];
}

export async function loadLectureData(ref: LecturePageRef): Promise<LectureSiteData> {
  if (siteGlobal(LECTURE_GLOBAL) === undefined) await loadScript(ref.data);
  const data = siteGlobal(LECTURE_GLOBAL);
  if (typeof data !== 'object' || data === null || !Array.isArray((data as LectureSiteData).positions)) {
    throw new Error(`livedeck: ${ref.data} did not set the lecture's data`);
  }
  return data as LectureSiteData;
}
