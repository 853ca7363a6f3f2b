/** What a user may do on the platform (identity.users.role). */
export const ROLES = ['USER', 'MODERATOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** KYC tiers (SPEC §2): TIER_0 browses; TIER_1 (Roblox linked) trades; TIER_2 is a verified seller. */
export const KYC_TIER_ORDER = ['TIER_0', 'TIER_1', 'TIER_2'] as const;
export type KycTierName = (typeof KYC_TIER_ORDER)[number];

/** Who is calling, as the gateway authenticated them. */
export interface Principal {
  /** identity.users.id */
  readonly userId: string;
  readonly discordUserId: string;
  readonly role: Role;
  readonly tier: KycTierName;
  /**
   * How the caller proved it: a browser session (HTTP-only cookie; mutations need the CSRF
   * header), or the Discord bot calling as a trusted service on behalf of a Discord user.
   */
  readonly via: 'session' | 'bot';
  /** The session, when `via` is `session`. */
  readonly sessionId: string | null;
}

export function hasTier(principal: Principal, minimum: KycTierName): boolean {
  return KYC_TIER_ORDER.indexOf(principal.tier) >= KYC_TIER_ORDER.indexOf(minimum);
}

/** Moderators and admins settle disputes and refunds (SPEC §4 access matrix: "admin"). */
export function isStaff(principal: Principal): boolean {
  return principal.role === 'MODERATOR' || principal.role === 'ADMIN';
}
