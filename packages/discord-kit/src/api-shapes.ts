/**
 * The parts of the gateway's JSON answers that the bot and the notifications show. Money is a
 * decimal string of integer cents, as the API sends it.
 */
export interface GameSnapshotJson {
  readonly name: string;
  readonly thumbnailUrl: string | null;
  readonly visits: number;
  readonly playing: number;
}

export interface ListingJson {
  readonly id: string;
  readonly sellerId: string;
  readonly universeId: string;
  readonly title: string;
  readonly summary: string;
  readonly priceMinor: string;
  readonly category: string;
  readonly visibility: 'PUBLIC' | 'PRIVATE';
  readonly guildId: string | null;
  readonly status: 'ACTIVE' | 'INACTIVE' | 'SOLD';
  readonly snapshot: GameSnapshotJson;
}

export interface OfferJson {
  readonly id: string;
  readonly listingId: string;
  readonly amountMinor: string;
  readonly status: string;
  readonly proposedBy: string;
  readonly message: string | null;
  readonly expiresAt: string;
}

export interface ContractJson {
  readonly id: string;
  readonly amountMinor: string;
  readonly currency: string;
  readonly rail: string;
  readonly pdfSha256: string;
  readonly status: string;
  readonly escrowId: string | null;
  readonly expiresAt?: string;
  readonly signatures?: ReadonlyArray<{ readonly userId: string; readonly method: string }>;
}

export interface EscrowJson {
  readonly escrowId?: string;
  readonly id?: string;
  readonly yourCapacity: 'BUYER' | 'SELLER' | 'STAFF';
  readonly state: string | null;
  readonly amountMinor: string | null;
  readonly currency: string | null;
  readonly rail: string | null;
  readonly payment: {
    readonly providerPaymentId: string | null;
    readonly clientSecret: string | null;
    readonly depositAddress: string | null;
    readonly fundingDeadlineAt: string | null;
  };
  readonly autoReleaseAt: string | null;
  readonly payoutMinor: string | null;
  readonly feeMinor: string | null;
}

export interface DisputeJson {
  readonly escrowId: string;
  readonly amountMinor: string | null;
  readonly reason: string | null;
  readonly detail: string;
  readonly stale: boolean;
}
