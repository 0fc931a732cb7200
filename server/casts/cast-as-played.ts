// How a pane plays its recording: which of a cast's markers are its steps, for a demo's
// session.cast and for a file named by cast= (used by the site's replays, the screen cache and the
// print page alike, so all three count the same steps).

import { castMarkers, type Cast } from '../../common/asciicast.js';
import { isStepMarkLabel } from '../../common/steps.js';

/** What a pane's recording is: a demo's session.cast, or a file named by cast=. */
export type CastUse = 'demo' | 'file';

/** A recording as a pane plays it. A demo's steps are its step markers ("3: caption"): the slide
 * markers a live class adds ("slide 8/18: ...") are left out, so a live recording can stand in for
 * `livedeck record`'s. A cast= file's steps are all its markers; without any, it is one step that
 * plays it all: a marker at its start, so its steps' screens are the start (blank) and the end. */
export function castAsPlayed(cast: Cast, use: CastUse): Cast {
  if (use === 'demo') return { header: cast.header, events: cast.events.filter((event) => event.code !== 'm' || isStepMarkLabel(event.data)) };
  if (castMarkers(cast).length > 0) return cast;
  return { header: cast.header, events: [{ time: 0, code: 'm', data: '' }, ...cast.events] };
}
