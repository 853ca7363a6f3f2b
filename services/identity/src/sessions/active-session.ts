import type { User } from '../users/user.ts';

/** A session that holds: who it belongs to, and the family its rotations share. */
export interface ActiveSession {
  readonly sessionId: string;
  /** The first session of the sign-in; CSRF tokens and sign-out are bound to it. */
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly user: User;
}

/** A session token handed to the client, with when it stops working. */
export interface IssuedSession {
  readonly token: string;
  readonly sessionId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
}
