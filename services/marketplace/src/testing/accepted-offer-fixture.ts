import { randomInt } from 'node:crypto';
import type { ContractEventEnvelope } from '@bloxtr8/contracts';
import { decodeEnvelope, TOPICS } from '@bloxtr8/contracts';
import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import type { CreatedContract } from '../contracts/create-contract-for-accepted-offer.ts';
import { createContractForAcceptedOffer } from '../contracts/create-contract-for-accepted-offer.ts';
import type { FileStore } from '../files/file-store.ts';

export interface AcceptedOffer {
  readonly offerId: string;
  readonly listingId: string;
  readonly snapshotId: string;
  readonly universeId: string;
}

/**
 * A game snapshot, an ACTIVE listing and an ACCEPTED offer between two signed-up users, written
 * straight with SQL: what the offers flow leaves behind when an offer is accepted.
 */
export async function insertAcceptedOffer(
  db: Queryable,
  trade: { buyerId: string; sellerId: string; amountCents: bigint; gameName?: string },
): Promise<AcceptedOffer> {
  const ids = { offerId: newId(), listingId: newId(), snapshotId: newId() };
  const universeId = String(randomInt(1, 2 ** 47));
  await db.query(
    `insert into marketplace.game_snapshots (id, universe_id, root_place_id, name, description,
       visits, playing, game_created_at)
     values ($1, $2, $2, $3, 'Climb the tower before the lava does.', 987654, 321,
       '2020-01-02T03:04:05Z')`,
    [ids.snapshotId, universeId, trade.gameName ?? 'Tower of Trials'],
  );
  await db.query(
    `insert into marketplace.listings (id, seller_id, universe_id, snapshot_id, title, summary,
       price_minor, category, visibility)
     values ($1, $2, $3, $4, 'Whole game with group and revenue', 'A popular obby.', $5, 'Obby',
       'PUBLIC')`,
    [ids.listingId, trade.sellerId, universeId, ids.snapshotId, trade.amountCents],
  );
  await db.query(
    `insert into marketplace.offers (id, listing_id, buyer_id, seller_id, amount_minor, status,
       proposed_by, expires_at, decided_at)
     values ($1, $2, $3, $4, $5, 'ACCEPTED', $3, now() + interval '72 hours', now())`,
    [ids.offerId, ids.listingId, trade.buyerId, trade.sellerId, trade.amountCents],
  );
  return { ...ids, universeId };
}

/** An accepted offer and its contract, generated as the offers flow does it (one transaction). */
export async function insertContractFixture(
  db: Database,
  deps: { files: FileStore; clock: Clock },
  trade: { buyerId: string; sellerId: string; amountCents: bigint },
): Promise<AcceptedOffer & CreatedContract> {
  const offer = await insertAcceptedOffer(db, trade);
  const created = await db.transaction((tx) =>
    createContractForAcceptedOffer(tx, deps, offer.offerId),
  );
  return { ...offer, ...created };
}

/** The contract events on the marketplace outbox for one contract, decoded, in order. */
export async function contractEventsOf(
  db: Queryable,
  contractId: string,
): Promise<ContractEventEnvelope[]> {
  const { rows } = await db.query<{ payload: Uint8Array }>(
    `select payload from marketplace.outbox where topic = $1 and message_key = $2 order by id`,
    [TOPICS.contractEvents.name, contractId],
  );
  return rows.map((row) => {
    const decoded = decodeEnvelope(TOPICS.contractEvents, row.payload);
    if (!decoded.ok) throw new Error(`undecodable outbox row: ${decoded.error.message}`);
    return decoded.value.envelope;
  });
}
