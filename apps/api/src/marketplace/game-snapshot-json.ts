import { z } from 'zod';

/** A game as it was captured for a listing (marketplace.game_snapshots), as the API shows it. */
export const ZGameSnapshot = z.object({
  id: z.string(),
  universeId: z.string(),
  rootPlaceId: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  thumbnailUrl: z.string().nullable(),
  visits: z.number(),
  playing: z.number(),
  gameCreatedAt: z.string().nullable(),
  capturedAt: z.string(),
});
