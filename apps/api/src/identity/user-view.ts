import type { User } from '@bloxtr8/identity';
import { KYC_TIERS, USER_ROLES } from '@bloxtr8/identity';
import { z } from 'zod';

export const ZUserView = z.object({
  id: z.string(),
  discordUserId: z.string(),
  discordUsername: z.string(),
  role: z.enum(USER_ROLES),
  tier: z.enum(KYC_TIERS),
  termsAcceptedAt: z.string(),
  createdAt: z.string(),
});

export type TUserView = z.infer<typeof ZUserView>;

export function userView(user: User): TUserView {
  return {
    id: user.id,
    discordUserId: user.discordUserId,
    discordUsername: user.discordUsername,
    role: user.role,
    tier: user.tier,
    termsAcceptedAt: user.termsAcceptedAt.toISOString(),
    createdAt: user.createdAt.toISOString(),
  };
}
