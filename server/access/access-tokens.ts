// The two secrets of a launch: the presenter token (read-write) and the audience token
// (read-only). Every socket (`/term`, `/sync`) presents one in its hello; this says which role it
// grants, without the comparison time saying anything about the tokens.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../common/protocol.js';

export interface TokenPair {
  presenter: string;
  audience: string;
}

export class AccessTokens {
  private readonly presenter: Buffer;
  private readonly audience: Buffer;

  constructor(tokens: TokenPair) {
    this.presenter = digest(tokens.presenter);
    this.audience = digest(tokens.audience);
  }

  /** The role `token` grants, or null. Digests have one length whatever the token, so
   * timingSafeEqual applies; both are always compared. */
  role(token: string): Role | null {
    const given = digest(token);
    const presenter = timingSafeEqual(given, this.presenter);
    const audience = timingSafeEqual(given, this.audience);
    return presenter ? 'presenter' : audience ? 'viewer' : null;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
