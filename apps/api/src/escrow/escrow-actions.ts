import type { EscrowCommandEnvelope } from '@bloxtr8/contracts';
import {
  CancelReason,
  DisputeOutcome,
  DisputeReason,
  RefundReason,
  ReleaseReason,
} from '@bloxtr8/contracts';
import { z } from 'zod';
import type { EscrowCapacity } from './escrow-capacity.ts';

type CommandCase = Exclude<NonNullable<EscrowCommandEnvelope['command']['case']>, 'createEscrow'>;

/** One thing a caller may ask of an escrow through `POST /api/escrow/:id/<name>`. */
export interface EscrowAction<Body extends Record<string, unknown>> {
  readonly name: string;
  readonly summary: string;
  readonly commandCase: CommandCase;
  /** Who may ask (SPEC §4): the escrow's buyer, its seller, or a moderator/admin. */
  readonly allowed: ReadonlySet<EscrowCapacity>;
  /** Settles a dispute: staff may ask through the Discord bot too (ADR 0016). */
  readonly handlesDispute?: boolean;
  readonly body: z.ZodType<Body>;
  /** The command's own fields (besides meta, escrow id and actor) for a validated body. */
  fields(body: Body): Record<string, unknown>;
}

const note = z.string().trim().min(1).max(2_000);

const DISPUTE_REASONS = {
  NOT_DELIVERED: DisputeReason.NOT_DELIVERED,
  NOT_AS_DESCRIBED: DisputeReason.NOT_AS_DESCRIBED,
  BUYER_UNRESPONSIVE: DisputeReason.BUYER_UNRESPONSIVE,
  OTHER: DisputeReason.OTHER,
} as const;

const REFUND_REASONS = {
  CANCELLED_AFTER_FUNDING: RefundReason.CANCELLED_AFTER_FUNDING,
  AML_FAILURE: RefundReason.AML_FAILURE,
} as const;

const OUTCOMES = { RELEASE: DisputeOutcome.RELEASE, REFUND: DisputeOutcome.REFUND } as const;

const deliver: EscrowAction<{ note?: string | undefined }> = {
  name: 'deliver',
  summary: 'The seller says the game has been handed over',
  commandCase: 'markDelivered',
  allowed: new Set(['SELLER']),
  body: z.strictObject({ note: note.max(500).optional() }),
  fields: (body) => ({ note: body.note ?? '' }),
};

const release: EscrowAction<Record<string, never>> = {
  name: 'release',
  summary: 'The buyer confirms the delivery; the funds go to the seller',
  commandCase: 'releaseFunds',
  allowed: new Set(['BUYER']),
  body: z.strictObject({}),
  fields: () => ({ reason: ReleaseReason.BUYER_CONFIRMED }),
};

const dispute: EscrowAction<{ reason: keyof typeof DISPUTE_REASONS; detail: string }> = {
  name: 'dispute',
  summary: 'A party contests the trade; a moderator will decide',
  commandCase: 'raiseDispute',
  allowed: new Set(['BUYER', 'SELLER']),
  body: z.strictObject({
    reason: z.enum(Object.keys(DISPUTE_REASONS) as [keyof typeof DISPUTE_REASONS]),
    detail: note,
  }),
  fields: (body) => ({ reason: DISPUTE_REASONS[body.reason], detail: body.detail }),
};

const cancel: EscrowAction<Record<string, never>> = {
  name: 'cancel',
  summary: 'Cancels an escrow that has not been funded',
  commandCase: 'cancelEscrow',
  allowed: new Set(['BUYER', 'SELLER', 'STAFF']),
  body: z.strictObject({}),
  fields: () => ({ reason: CancelReason.MANUAL }),
};

const resolve: EscrowAction<{ outcome: keyof typeof OUTCOMES; note: string }> = {
  name: 'resolve',
  summary: 'A moderator settles a dispute: pay the seller or refund the buyer',
  commandCase: 'resolveDispute',
  allowed: new Set(['STAFF']),
  handlesDispute: true,
  body: z.strictObject({
    outcome: z.enum(Object.keys(OUTCOMES) as [keyof typeof OUTCOMES]),
    note,
  }),
  fields: (body) => ({ outcome: OUTCOMES[body.outcome], note: body.note }),
};

const refund: EscrowAction<{ reason: keyof typeof REFUND_REASONS; note: string }> = {
  name: 'refund',
  summary: 'A moderator returns funded money to the buyer outside a dispute',
  commandCase: 'refundEscrow',
  allowed: new Set(['STAFF']),
  body: z.strictObject({
    reason: z.enum(Object.keys(REFUND_REASONS) as [keyof typeof REFUND_REASONS]),
    note,
  }),
  fields: (body) => ({ reason: REFUND_REASONS[body.reason], note: body.note }),
};

// biome-ignore lint/suspicious/noExplicitAny: a table of actions with different bodies
export type AnyEscrowAction = EscrowAction<any>;

/** Every escrow mutation the gateway offers, in the order the docs list them. */
export const ESCROW_ACTIONS: readonly AnyEscrowAction[] = [
  deliver,
  release,
  dispute,
  cancel,
  resolve,
  refund,
];
