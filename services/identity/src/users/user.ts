/** What a user may do on the platform (identity.users.role). */
export const USER_ROLES = ['USER', 'MODERATOR', 'ADMIN'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** KYC tiers (SPEC §2): TIER_0 browses; TIER_1 (Roblox linked) trades; TIER_2 verified seller. */
export const KYC_TIERS = ['TIER_0', 'TIER_1', 'TIER_2'] as const;
export type KycTier = (typeof KYC_TIERS)[number];

export interface User {
  readonly id: string;
  readonly discordUserId: string;
  readonly discordUsername: string;
  readonly role: UserRole;
  readonly tier: KycTier;
  readonly termsAcceptedAt: Date;
  readonly createdAt: Date;
}

/** Discord snowflakes are decimal integers (the table checks 5 to 25 digits). */
export const DISCORD_SNOWFLAKE = /^[0-9]{5,25}$/;

/** Who did something and from where: the audit log's context of an action. */
export interface RequestContext {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

export const NO_REQUEST_CONTEXT: RequestContext = { ip: null, userAgent: null, requestId: null };
