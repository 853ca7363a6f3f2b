import type { Database } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { MarketplaceActor } from '../listings/marketplace-actor.ts';
import { auditActor } from '../listings/marketplace-actor.ts';

/** SPEC §3.4: a draft outlives a multi-step Discord flow, not much more. */
export const OFFER_DRAFT_TTL_MS = 30 * 60_000;
/** Drafts hold what a user typed in a few modal fields; 4 KB of JSON is plenty. */
export const OFFER_DRAFT_BYTES_MAX = 4_096;

export interface OfferDraft {
  readonly userId: string;
  readonly listingId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly updatedAt: Date;
  readonly expiresAt: Date;
}

interface DraftRow {
  user_id: string;
  listing_id: string;
  data: Record<string, unknown>;
  updated_at: Date;
  expires_at: Date;
}

function draftOf(row: DraftRow): OfferDraft {
  return {
    userId: row.user_id,
    listingId: row.listing_id,
    data: row.data,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Saves (replacing) the actor's draft for the listing, alive for 30 minutes from now.
 * DRAFT_TOO_LARGE: more than 4 KB of JSON. LISTING_NOT_FOUND: no such listing.
 */
export async function saveOfferDraft(
  db: Database,
  clock: Clock,
  options: {
    readonly listingId: string;
    readonly actor: MarketplaceActor;
    readonly data: Readonly<Record<string, unknown>>;
    readonly ttlMs?: number;
  },
): Promise<Result<OfferDraft, 'DRAFT_TOO_LARGE' | 'LISTING_NOT_FOUND'>> {
  const { listingId, actor } = options;
  const json = JSON.stringify(options.data);
  if (Buffer.byteLength(json, 'utf8') > OFFER_DRAFT_BYTES_MAX) return err('DRAFT_TOO_LARGE');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? OFFER_DRAFT_TTL_MS));
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<DraftRow>(
      `insert into marketplace.offer_drafts (user_id, listing_id, data, updated_at, expires_at)
       select $1::uuid, l.id, $3::jsonb, $4::timestamptz, $5::timestamptz from marketplace.listings l where l.id = $2
       on conflict (user_id, listing_id) do update set data = excluded.data,
         updated_at = excluded.updated_at, expires_at = excluded.expires_at
       returning user_id, listing_id, data, updated_at, expires_at`,
      [actor.userId, listingId, json, now, expiresAt],
    );
    if (rows[0] === undefined) return err('LISTING_NOT_FOUND');
    await auditActor(tx, actor, draftAudit('save', listingId));
    return ok(draftOf(rows[0]));
  });
}

/** The user's draft for the listing while it is alive; an expired draft is as good as none. */
export async function findOfferDraft(
  db: Database,
  clock: Clock,
  options: { readonly userId: string; readonly listingId: string },
): Promise<OfferDraft | undefined> {
  const { rows } = await db.query<DraftRow>(
    `select user_id, listing_id, data, updated_at, expires_at from marketplace.offer_drafts
     where user_id = $1 and listing_id = $2 and expires_at > $3`,
    [options.userId, options.listingId, clock.now()],
  );
  return rows[0] === undefined ? undefined : draftOf(rows[0]);
}

/** Forgets the actor's draft for the listing; true when there was one. */
export async function deleteOfferDraft(
  db: Database,
  options: { readonly listingId: string; readonly actor: MarketplaceActor },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      'delete from marketplace.offer_drafts where user_id = $1 and listing_id = $2',
      [options.actor.userId, options.listingId],
    );
    if (rowCount === 0) return false;
    await auditActor(tx, options.actor, draftAudit('delete', options.listingId));
    return true;
  });
}

function draftAudit(verb: 'save' | 'delete', listingId: string) {
  return {
    action: `marketplace.offer_draft.${verb}`,
    subjectType: 'listing',
    subjectId: listingId,
    detail: {},
  };
}

/**
 * Deletes up to `limit` drafts that expired (nobody can read them any more). Drafts are scratch
 * data, not records: nothing is audited.
 */
export async function purgeExpiredOfferDrafts(
  db: Database,
  clock: Clock,
  options: { readonly limit: number },
): Promise<number> {
  const { rowCount } = await db.query(
    `delete from marketplace.offer_drafts where (user_id, listing_id) in (
       select user_id, listing_id from marketplace.offer_drafts where expires_at <= $1 limit $2)`,
    [clock.now(), options.limit],
  );
  return rowCount;
}
