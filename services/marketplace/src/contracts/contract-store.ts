import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';

export const CONTRACT_STATUSES = [
  'PENDING_SIGNATURE',
  'EXECUTING',
  'EXECUTED',
  'EXECUTION_FAILED',
  'VOID',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const SIGN_METHODS = ['QUICK_SIGN', 'WEB_SIGN'] as const;
export type SignMethod = (typeof SIGN_METHODS)[number];

/** A contract between the buyer and the seller of one accepted offer (marketplace.contracts). */
export interface Contract {
  readonly id: string;
  readonly offerId: string;
  readonly listingId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  /** In the rail's minor units: US cents on STRIPE, USDC base units on USDC_BASE. */
  readonly amountMinor: bigint;
  readonly currency: CurrencyCode;
  readonly rail: RailName;
  readonly templateVersion: string;
  readonly snapshotId: string;
  readonly pdfSha256: string;
  readonly pdfLocation: string;
  readonly status: ContractStatus;
  readonly escrowId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly executedAt: Date | null;
  readonly voidedAt: Date | null;
}

/** A signature as the parties and staff see it (IP and user agent stay in the table and audit). */
export interface ContractSignature {
  readonly id: string;
  readonly contractId: string;
  readonly userId: string;
  readonly method: SignMethod;
  readonly signedAt: Date;
  readonly pdfSha256: string;
}

interface ContractRow {
  id: string;
  offer_id: string;
  listing_id: string;
  buyer_id: string;
  seller_id: string;
  amount_minor: bigint;
  currency: CurrencyCode;
  rail: RailName;
  template_version: string;
  snapshot_id: string;
  pdf_sha256: string;
  pdf_location: string;
  status: ContractStatus;
  escrow_id: string | null;
  created_at: Date;
  expires_at: Date;
  executed_at: Date | null;
  voided_at: Date | null;
}

const CONTRACT_COLUMNS = `id, offer_id, listing_id, buyer_id, seller_id, amount_minor, currency, rail,
  template_version, snapshot_id, pdf_sha256, pdf_location, status, escrow_id, created_at,
  expires_at, executed_at, voided_at`;

function contractOf(row: ContractRow): Contract {
  return {
    id: row.id,
    offerId: row.offer_id,
    listingId: row.listing_id,
    buyerId: row.buyer_id,
    sellerId: row.seller_id,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    rail: row.rail,
    templateVersion: row.template_version,
    snapshotId: row.snapshot_id,
    pdfSha256: row.pdf_sha256,
    pdfLocation: row.pdf_location,
    status: row.status,
    escrowId: row.escrow_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    executedAt: row.executed_at,
    voidedAt: row.voided_at,
  };
}

async function selectContract(
  db: Queryable,
  condition: 'id = $1' | 'offer_id = $1' | 'id = $1 for update',
  value: string,
): Promise<Contract | undefined> {
  const { rows } = await db.query<ContractRow>(
    `select ${CONTRACT_COLUMNS} from marketplace.contracts where ${condition}`,
    [value],
  );
  return rows[0] === undefined ? undefined : contractOf(rows[0]);
}

export function findContract(db: Queryable, contractId: string): Promise<Contract | undefined> {
  return selectContract(db, 'id = $1', contractId);
}

export function findContractByOffer(db: Queryable, offerId: string): Promise<Contract | undefined> {
  return selectContract(db, 'offer_id = $1', offerId);
}

/**
 * Locks the contract's row for the rest of the transaction. Every change of a contract (a
 * signature, execution, voiding) happens under this lock, which is what makes execution happen
 * once even when both parties sign at the same instant.
 */
export function lockContract(tx: Queryable, contractId: string): Promise<Contract | undefined> {
  return selectContract(tx, 'id = $1 for update', contractId);
}

export async function insertContract(tx: Queryable, contract: Contract): Promise<boolean> {
  const { rows } = await tx.query(
    `insert into marketplace.contracts (id, offer_id, listing_id, buyer_id, seller_id,
       amount_minor, currency, rail, template_version, snapshot_id, pdf_sha256, pdf_location,
       status, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     on conflict (offer_id) do nothing returning id`,
    [
      contract.id,
      contract.offerId,
      contract.listingId,
      contract.buyerId,
      contract.sellerId,
      contract.amountMinor,
      contract.currency,
      contract.rail,
      contract.templateVersion,
      contract.snapshotId,
      contract.pdfSha256,
      contract.pdfLocation,
      contract.status,
      contract.createdAt,
      contract.expiresAt,
    ],
  );
  return rows.length > 0;
}

interface SignatureRow {
  id: string;
  contract_id: string;
  user_id: string;
  method: SignMethod;
  signed_at: Date;
  pdf_sha256: string;
}

function signatureOf(row: SignatureRow): ContractSignature {
  return {
    id: row.id,
    contractId: row.contract_id,
    userId: row.user_id,
    method: row.method,
    signedAt: row.signed_at,
    pdfSha256: row.pdf_sha256,
  };
}

export async function listSignatures(
  db: Queryable,
  contractId: string,
): Promise<ContractSignature[]> {
  const { rows } = await db.query<SignatureRow>(
    `select id, contract_id, user_id, method, signed_at, pdf_sha256 from marketplace.signatures
     where contract_id = $1 order by signed_at, id`,
    [contractId],
  );
  return rows.map(signatureOf);
}

export async function insertSignature(
  tx: Queryable,
  signature: ContractSignature & { readonly ip: string | null; readonly userAgent: string | null },
): Promise<void> {
  await tx.query(
    `insert into marketplace.signatures (id, contract_id, user_id, method, signed_at, ip,
       user_agent, pdf_sha256)
     values ($1, $2, $3, $4, $5, $6::inet, $7, $8)`,
    [
      signature.id,
      signature.contractId,
      signature.userId,
      signature.method,
      signature.signedAt,
      signature.ip,
      signature.userAgent,
      signature.pdfSha256,
    ],
  );
}

/** Marks a locked contract EXECUTED with the escrow id it opens. */
export async function markExecuted(
  tx: Queryable,
  contractId: string,
  escrowId: string,
  at: Date,
): Promise<void> {
  const { rowCount } = await tx.query(
    `update marketplace.contracts set status = 'EXECUTED', escrow_id = $2, executed_at = $3
     where id = $1 and status = 'PENDING_SIGNATURE'`,
    [contractId, escrowId, at],
  );
  // The caller holds the row lock and saw PENDING_SIGNATURE: anything else is a bug.
  if (rowCount !== 1) throw new Error(`contract ${contractId} was not pending at execution`);
}
