import { chooseRail } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { findLinkedRobloxAccount, findUserById } from '@bloxtr8/identity';
import type { Clock } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import { appendContractCreated } from '../events/marketplace-events.ts';
import type { FileStore } from '../files/file-store.ts';
import { findGameSnapshot } from '../verification/game-snapshot.ts';
import { auditContract, PLATFORM_ACTOR } from './contract-audit.ts';
import type { ContractDocument, ContractParty } from './contract-document.ts';
import type { Contract } from './contract-store.ts';
import { findContractByOffer, insertContract } from './contract-store.ts';
import { renderContractPdf } from './render-contract-pdf.ts';

/** SPEC §3.5: a contract not signed by both parties within 72 hours is voided. */
export const CONTRACT_SIGNING_WINDOW_MS = 72 * 3_600_000;

export interface CreateContractDependencies {
  readonly files: FileStore;
  readonly clock: Clock;
}

export interface CreatedContract {
  readonly contractId: string;
  readonly pdfSha256: string;
}

interface AcceptedOfferRow {
  id: string;
  status: string;
  listing_id: string;
  buyer_id: string;
  seller_id: string;
  amount_minor: bigint;
  title: string;
  snapshot_id: string;
}

/**
 * Generates the contract of an accepted offer, inside the caller's transaction (the offer's
 * acceptance): renders the PDF from the current template, stores it in the FileStore and records
 * the contract, PENDING_SIGNATURE for 72 hours. Idempotent: the offer's existing contract answers
 * a second call. The PDF is stored before the transaction commits; if it rolls back, the file is
 * an orphan under its own hash, harmless. Throws when the offer is missing or not ACCEPTED (the
 * caller accepts it first: anything else is a bug).
 */
export async function createContractForAcceptedOffer(
  tx: Queryable,
  deps: CreateContractDependencies,
  offerId: string,
): Promise<CreatedContract> {
  const existing = await findContractByOffer(tx, offerId);
  if (existing !== undefined) return { contractId: existing.id, pdfSha256: existing.pdfSha256 };
  const offer = await findAcceptedOffer(tx, offerId);
  const priceCents = BigInt(offer.amount_minor);
  const route = chooseRail(priceCents);
  const template = await currentTemplate(tx);
  const createdAt = deps.clock.now();
  const document: ContractDocument = {
    contractId: newId(),
    offerId,
    listingId: offer.listing_id,
    listingTitle: offer.title,
    templateVersion: template.version,
    templateBody: template.body,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + CONTRACT_SIGNING_WINDOW_MS),
    buyer: await partyOf(tx, offer.buyer_id),
    seller: await partyOf(tx, offer.seller_id),
    priceCents,
    rail: route.rail,
    game: await snapshotOf(tx, offer.snapshot_id),
  };
  const stored = await deps.files.put(await renderContractPdf(document));
  const contract: Contract = {
    id: document.contractId,
    offerId,
    listingId: offer.listing_id,
    buyerId: offer.buyer_id,
    sellerId: offer.seller_id,
    amountMinor: route.amountMinor,
    currency: route.currency,
    rail: route.rail,
    templateVersion: template.version,
    snapshotId: offer.snapshot_id,
    pdfSha256: stored.sha256,
    pdfLocation: stored.location,
    status: 'PENDING_SIGNATURE',
    escrowId: null,
    createdAt,
    expiresAt: document.expiresAt,
    executedAt: null,
    voidedAt: null,
  };
  if (!(await insertContract(tx, contract))) {
    // Another transaction made this offer's contract meanwhile (offer_id is unique).
    const winner = await findContractByOffer(tx, offerId);
    if (winner === undefined)
      throw new Error(`contract of offer ${offerId} conflicted yet is gone`);
    return { contractId: winner.id, pdfSha256: winner.pdfSha256 };
  }
  await appendContractCreated(tx, contract, createdAt);
  await auditContract(tx, 'contract.create', contract.id, PLATFORM_ACTOR, {
    offerId,
    templateVersion: contract.templateVersion,
    pdfSha256: contract.pdfSha256,
    rail: contract.rail,
  });
  return { contractId: contract.id, pdfSha256: contract.pdfSha256 };
}

async function findAcceptedOffer(tx: Queryable, offerId: string): Promise<AcceptedOfferRow> {
  const { rows } = await tx.query<AcceptedOfferRow>(
    `select o.id, o.status, o.listing_id, o.buyer_id, o.seller_id, o.amount_minor, l.title,
       l.snapshot_id
     from marketplace.offers o join marketplace.listings l on l.id = o.listing_id
     where o.id = $1`,
    [offerId],
  );
  const offer = rows[0];
  if (offer === undefined) throw new Error(`no offer ${offerId}`);
  if (offer.status !== 'ACCEPTED') throw new Error(`offer ${offerId} is ${offer.status}`);
  return offer;
}

/** The template of the highest version (compared numerically, part by part). */
async function currentTemplate(tx: Queryable): Promise<{ version: string; body: string }> {
  const { rows } = await tx.query<{ version: string; body: string }>(
    `select version, body from marketplace.contract_templates
     order by string_to_array(version, '.')::int[] desc limit 1`,
  );
  if (rows[0] === undefined) throw new Error('no contract template (migration 0014 missing?)');
  return rows[0];
}

async function partyOf(tx: Queryable, userId: string): Promise<ContractParty> {
  const user = await findUserById(tx, userId);
  if (user === undefined) throw new Error(`no user ${userId}`);
  const roblox = await findLinkedRobloxAccount(tx, userId);
  return { userId, username: user.discordUsername, robloxUsername: roblox?.robloxUsername ?? null };
}

async function snapshotOf(tx: Queryable, snapshotId: string) {
  const snapshot = await findGameSnapshot(tx, snapshotId);
  if (snapshot === undefined) throw new Error(`no game snapshot ${snapshotId}`);
  return snapshot;
}
