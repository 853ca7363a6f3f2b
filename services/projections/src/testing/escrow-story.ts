import type {
  EscrowCommandEnvelope,
  EscrowEventEnvelope,
  EventMeta,
  PaymentEventEnvelope,
} from '@bloxtr8/contracts';
import {
  ActorRole,
  CancelReason,
  Currency,
  createMeta,
  DisputeOutcome,
  DisputeReason,
  EscrowCommandEnvelopeSchema,
  EscrowEventEnvelopeSchema,
  EscrowState,
  Network,
  PaymentEventEnvelopeSchema,
  Rail,
  RefundReason,
  ReleaseReason,
  SettlementKind,
} from '@bloxtr8/contracts';
import { newId, newTraceId } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';

/** One message of a story, with the topic family it travels on. */
export type StoryMessage =
  | { readonly kind: 'escrowEvent'; readonly envelope: EscrowEventEnvelope }
  | { readonly kind: 'paymentEvent'; readonly envelope: PaymentEventEnvelope }
  | { readonly kind: 'escrowCommand'; readonly envelope: EscrowCommandEnvelope };

type EscrowEventInit = EscrowEventEnvelope['event'];
type PaymentEventInit = PaymentEventEnvelope['event'];
type CommandInit = EscrowCommandEnvelope['command'];

/**
 * Writes the messages one escrow's life puts on the bus, as the escrow and payments services
 * would, with a clock that moves one second per message unless told otherwise. Tests then
 * deliver them in whatever order they want to prove does not matter.
 */
export class EscrowStory {
  readonly escrowId = newId();
  readonly buyerId: string;
  readonly sellerId: string;
  readonly moderatorId = newId();
  readonly contractId = newId();
  readonly amountMinor: bigint;
  readonly feeMinor: bigint;
  readonly messages: StoryMessage[] = [];
  readonly #traceId = newTraceId();
  #escrowVersion = 0;
  #nowMs: number;

  constructor(
    options: {
      readonly startAt?: Date;
      readonly amountMinor?: bigint;
      readonly buyerId?: string;
      readonly sellerId?: string;
    } = {},
  ) {
    this.buyerId = options.buyerId ?? newId();
    this.sellerId = options.sellerId ?? newId();
    this.#nowMs = (options.startAt ?? new Date('2026-03-01T12:00:00.000Z')).getTime();
    this.amountMinor = options.amountMinor ?? 450_000n;
    this.feeMinor = (this.amountMinor * 500n) / 10_000n;
  }

  /** Moves the story's clock; `0` makes the next message happen at the same instant. */
  advance(ms: number): this {
    this.#nowMs += ms;
    return this;
  }

  meta(causationId?: string, tickMs = 1_000): EventMeta {
    this.#nowMs += tickMs;
    return createMeta({
      eventId: newId(),
      occurredAt: new Date(this.#nowMs),
      traceId: this.#traceId,
      correlationId: `trade-${this.contractId}`,
      ...(causationId === undefined ? {} : { causationId }),
    });
  }

  /** Appends an escrow event (its meta is added) and returns its event id. */
  escrowEvent(event: EscrowEventInit, causationId?: string, tickMs?: number): string {
    const meta = this.meta(causationId, tickMs);
    // Transitions are numbered as the escrow service numbers them; refusals are not transitions.
    const escrowVersion =
      event.case === 'escrowCommandRejected' ? undefined : ++this.#escrowVersion;
    const value = {
      ...event.value,
      meta,
      ...(escrowVersion === undefined ? {} : { escrowVersion }),
    } as NonNullable<EscrowEventInit['value']>;
    const envelope = create(EscrowEventEnvelopeSchema, {
      event: { ...event, value } as EscrowEventInit,
    });
    this.messages.push({ kind: 'escrowEvent', envelope });
    return meta.eventId;
  }

  paymentEvent(event: PaymentEventInit, causationId?: string): string {
    const meta = this.meta(causationId);
    const value = { ...event.value, meta } as NonNullable<PaymentEventInit['value']>;
    const envelope = create(PaymentEventEnvelopeSchema, {
      event: { ...event, value } as PaymentEventInit,
    });
    this.messages.push({ kind: 'paymentEvent', envelope });
    return meta.eventId;
  }

  command(command: CommandInit): string {
    const meta = this.meta();
    const value = { ...command.value, meta } as NonNullable<CommandInit['value']>;
    const envelope = create(EscrowCommandEnvelopeSchema, {
      command: { ...command, value } as CommandInit,
    });
    this.messages.push({ kind: 'escrowCommand', envelope });
    return meta.eventId;
  }

  /** A command from one of the trade's people (the value's meta is filled in). */
  commandBy(
    who: 'buyer' | 'seller' | 'moderator',
    command: Exclude<CommandInit['case'], 'createEscrow' | undefined>,
    fields: Record<string, unknown> = {},
  ): string {
    const actorId =
      who === 'buyer' ? this.buyerId : who === 'seller' ? this.sellerId : this.moderatorId;
    const actorRole = who === 'moderator' ? ActorRole.ADMIN : ActorRole.USER;
    return this.command({
      case: command,
      value: { escrowId: this.escrowId, actorId, actorRole, ...fields },
    } as unknown as CommandInit);
  }

  /** The escrow opens: EscrowCreated and EscrowAwaitFunds at one instant, then the intent. */
  open(createCommandId: string = newId()): this {
    this.escrowEvent(
      {
        case: 'escrowCreated',
        value: {
          escrowId: this.escrowId,
          contractId: this.contractId,
          offerId: newId(),
          listingId: newId(),
          buyerId: this.buyerId,
          sellerId: this.sellerId,
          amountMinor: this.amountMinor,
          currency: Currency.USD,
          rail: Rail.STRIPE,
          network: Network.UNSPECIFIED,
        },
      } as EscrowEventInit,
      createCommandId,
    );
    const awaitId = this.escrowEvent(
      {
        case: 'escrowAwaitFunds',
        value: {
          escrowId: this.escrowId,
          fundingDeadlineAt: new Date(this.#nowMs + 72 * 3_600_000).toISOString(),
        },
      } as EscrowEventInit,
      createCommandId,
      0,
    );
    this.paymentEvent(
      {
        case: 'paymentIntentCreated',
        value: {
          escrowId: this.escrowId,
          rail: Rail.STRIPE,
          providerPaymentId: `pi_${this.escrowId.slice(0, 8)}`,
          amountMinor: this.amountMinor,
          currency: Currency.USD,
        },
      } as PaymentEventInit,
      awaitId,
    );
    return this;
  }

  /** The buyer pays; the escrow holds the funds. */
  fund(): this {
    const paid = this.paymentEvent({
      case: 'paymentSucceeded',
      value: {
        escrowId: this.escrowId,
        rail: Rail.STRIPE,
        providerPaymentId: `pi_${this.escrowId.slice(0, 8)}`,
        amountMinor: this.amountMinor,
        currency: Currency.USD,
      },
    } as PaymentEventInit);
    this.escrowEvent(
      {
        case: 'escrowFundsHeld',
        value: {
          escrowId: this.escrowId,
          providerPaymentId: `pi_${this.escrowId.slice(0, 8)}`,
          amountMinor: this.amountMinor,
          currency: Currency.USD,
        },
      } as EscrowEventInit,
      paid,
    );
    return this;
  }

  deliver(): this {
    const command = this.commandBy('seller', 'markDelivered', { note: 'keys sent in DM' });
    this.escrowEvent(
      {
        case: 'escrowDelivered',
        value: {
          escrowId: this.escrowId,
          actorId: this.sellerId,
          note: 'keys sent in DM',
          autoReleaseAt: new Date(this.#nowMs + 7 * 86_400_000).toISOString(),
        },
      } as EscrowEventInit,
      command,
    );
    return this;
  }

  /** A command the escrow refuses; returns the command's id. */
  refuse(
    who: 'buyer' | 'seller' | 'moderator',
    command: Exclude<CommandInit['case'], 'createEscrow' | undefined>,
    reasonCode: string,
    commandType: string,
  ): string {
    const commandId = this.commandBy(who, command, { reason: ReleaseReason.BUYER_CONFIRMED });
    this.escrowEvent(
      {
        case: 'escrowCommandRejected',
        value: {
          escrowId: this.escrowId,
          commandEventId: commandId,
          commandType,
          reasonCode,
          detail: `refused: ${reasonCode}`,
        },
      } as EscrowEventInit,
      commandId,
    );
    return commandId;
  }

  /** The buyer confirms; the transfer succeeds. Returns the release command's id. */
  release(): string {
    const command = this.commandBy('buyer', 'releaseFunds', {
      reason: ReleaseReason.BUYER_CONFIRMED,
    });
    this.startSettlement(command, SettlementKind.RELEASE, EscrowState.DELIVERED, {
      actorId: this.buyerId,
      releaseReason: ReleaseReason.BUYER_CONFIRMED,
    });
    this.completeRelease(ReleaseReason.BUYER_CONFIRMED);
    return command;
  }

  /**
   * The buyer confirms while the seller has no payout account: the release is held, then paid once
   * the seller set one up. Returns the release command's id.
   */
  releaseAfterHold(): string {
    const command = this.commandBy('buyer', 'releaseFunds', {
      reason: ReleaseReason.BUYER_CONFIRMED,
    });
    this.startSettlement(command, SettlementKind.RELEASE, EscrowState.DELIVERED, {
      actorId: this.buyerId,
      releaseReason: ReleaseReason.BUYER_CONFIRMED,
    });
    this.paymentEvent(
      {
        case: 'transferHeld',
        value: {
          escrowId: this.escrowId,
          rail: Rail.STRIPE,
          sellerId: this.sellerId,
          reason: 'PAYOUT_ACCOUNT_MISSING',
          reasonMessage: 'payout account required',
          attempt: 1,
        },
      } as PaymentEventInit,
      command,
    );
    this.completeRelease(ReleaseReason.BUYER_CONFIRMED);
    return command;
  }

  startSettlement(
    causationId: string,
    kind: SettlementKind,
    returnState: EscrowState,
    fields: Record<string, unknown>,
    attempt = 1,
  ): string {
    return this.escrowEvent(
      {
        case: 'escrowSettlementStarted',
        value: {
          escrowId: this.escrowId,
          kind,
          returnState,
          attempt,
          feeMinor: kind === SettlementKind.RELEASE ? this.feeMinor : 0n,
          ...fields,
        },
      } as EscrowEventInit,
      causationId,
    );
  }

  completeRelease(reason: ReleaseReason): this {
    const transfer = this.paymentEvent({
      case: 'transferSucceeded',
      value: {
        escrowId: this.escrowId,
        rail: Rail.STRIPE,
        providerTransferId: `tr_${this.escrowId.slice(0, 8)}`,
        amountMinor: this.amountMinor - this.feeMinor,
        feeMinor: this.feeMinor,
        currency: Currency.USD,
      },
    } as PaymentEventInit);
    this.escrowEvent(
      {
        case: 'escrowReleased',
        value: {
          escrowId: this.escrowId,
          providerTransferId: `tr_${this.escrowId.slice(0, 8)}`,
          amountMinor: this.amountMinor,
          feeMinor: this.feeMinor,
          payoutMinor: this.amountMinor - this.feeMinor,
          reason,
        },
      } as EscrowEventInit,
      transfer,
    );
    return this;
  }

  /** The buyer disputes a delivered escrow. */
  dispute(): this {
    const command = this.commandBy('buyer', 'raiseDispute', {
      reason: DisputeReason.NOT_AS_DESCRIBED,
      detail: 'the game has no place files',
    });
    this.escrowEvent(
      {
        case: 'escrowDisputed',
        value: {
          escrowId: this.escrowId,
          actorId: this.buyerId,
          reason: DisputeReason.NOT_AS_DESCRIBED,
          detail: 'the game has no place files',
          disputedFrom: EscrowState.DELIVERED,
        },
      } as EscrowEventInit,
      command,
    );
    return this;
  }

  flagStale(): this {
    this.escrowEvent(
      { case: 'escrowDisputeStale', value: { escrowId: this.escrowId } } as EscrowEventInit,
      newId(),
    );
    return this;
  }

  /** A moderator refunds the dispute; the first refund fails, the second succeeds. */
  resolveByRefundAfterOneFailure(): this {
    const first = this.commandBy('moderator', 'resolveDispute', {
      outcome: DisputeOutcome.REFUND,
      note: 'refund',
    });
    const fields = { actorId: this.moderatorId, refundReason: RefundReason.DISPUTE_RESOLVED };
    this.startSettlement(first, SettlementKind.REFUND, EscrowState.DISPUTED, fields);
    const failed = this.paymentEvent({
      case: 'refundFailed',
      value: { escrowId: this.escrowId, rail: Rail.STRIPE, failureCode: 'card_expired' },
    } as PaymentEventInit);
    this.escrowEvent(
      {
        case: 'escrowSettlementFailed',
        value: {
          escrowId: this.escrowId,
          kind: SettlementKind.REFUND,
          returnState: EscrowState.DISPUTED,
          failureCode: 'card_expired',
          failureMessage: 'The card has expired',
        },
      } as EscrowEventInit,
      failed,
    );
    const second = this.commandBy('moderator', 'resolveDispute', {
      outcome: DisputeOutcome.REFUND,
      note: 'refund again',
    });
    this.startSettlement(second, SettlementKind.REFUND, EscrowState.DISPUTED, fields, 2);
    const refunded = this.paymentEvent({
      case: 'refundSucceeded',
      value: {
        escrowId: this.escrowId,
        rail: Rail.STRIPE,
        providerRefundId: `re_${this.escrowId.slice(0, 8)}`,
        amountMinor: this.amountMinor,
        currency: Currency.USD,
      },
    } as PaymentEventInit);
    this.escrowEvent(
      {
        case: 'escrowRefunded',
        value: {
          escrowId: this.escrowId,
          providerRefundId: `re_${this.escrowId.slice(0, 8)}`,
          amountMinor: this.amountMinor,
          reason: RefundReason.DISPUTE_RESOLVED,
        },
      } as EscrowEventInit,
      refunded,
    );
    return this;
  }

  cancel(): this {
    const command = this.commandBy('buyer', 'cancelEscrow', { reason: CancelReason.MANUAL });
    this.escrowEvent(
      {
        case: 'escrowCancelled',
        value: { escrowId: this.escrowId, actorId: this.buyerId, reason: CancelReason.MANUAL },
      } as EscrowEventInit,
      command,
    );
    return this;
  }

  /** Only the messages of one kind, in story order (the order their topic would carry them). */
  of(kind: StoryMessage['kind']): StoryMessage[] {
    return this.messages.filter((message) => message.kind === kind);
  }
}
