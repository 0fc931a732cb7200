// Who may read the pages of `livedeck dev` (the deck, the presenter view, the reload events, the
// deck's figures): a request proves a role with the `?token=` of the URL printed at start, or
// with the cookie that such a request sets. The cookie is what lets a reload, the presenter
// view's frames and the page's own requests (figures, the event stream) work once the page has
// taken the token out of the address bar. HttpOnly: the page's scripts never read it;
// SameSite=Strict: another site's page cannot make the browser send it.

import type { IncomingMessage } from 'node:http';
import type { Role } from '../../common/protocol.js';
import type { AccessTokens } from '../access/access-tokens.js';

export interface PageAccessResult {
  /** The role the request proves, or null. */
  role: Role | null;
  /** A Set-Cookie header value to send with the answer, or null. */
  setCookie: string | null;
}

/** The cookie's name has the port in it: cookies do not tell ports apart, and two servers on one
 * machine (two decks) must not overwrite each other's. */
export function pageCookieName(port: number): string {
  return `livedeck-${port}`;
}

export function checkPageAccess(req: IncomingMessage, tokens: AccessTokens, cookieName: string): PageAccessResult {
  const cookie = readCookie(req.headers.cookie, cookieName);
  const cookieRole = cookie === null ? null : tokens.role(cookie);
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('token');
  const queryRole = query === null || query === '' ? null : tokens.role(query);
  if (queryRole === null) return { role: cookieRole, setCookie: null };
  // A presenter who opens the audience URL in the same browser keeps the presenter's cookie.
  const keep = cookieRole === 'presenter' && queryRole === 'viewer';
  return { role: queryRole, setCookie: keep ? null : `${cookieName}=${query}; HttpOnly; SameSite=Strict; Path=/` };
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}
