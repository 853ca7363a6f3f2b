import { PermanentError } from '@bloxtr8/bus';
import type { CreatePaymentIntent, EventMeta } from '@bloxtr8/contracts';
import { CURRENCIES, PaymentIntentCreatedSchema } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent, emitRailRefusal, metaAfter } from '../mapping/payment-events.ts';
import type { CreatedPayment, RailResult } from '../rails/payment-rail.ts';
import { transferGroupOf } from '../rails/stripe/stripe.rail.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import { saveStripeIntent } from '../store/stripe-details.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import { answerOf, railFor } from './payments-deps.ts';

export const createPaymentKey = (escrowId: string) => `${escrowId}:create-payment`;

export function prepareCreatePaymentIntent(
  command: CreatePaymentIntent,
  deps: PaymentsDeps,
): Promise<RailResult<CreatedPayment>> {
  const currency = CURRENCIES.toName(command.currency);
  if (currency === undefined)
    throw new PermanentError('MALFORMED_COMMAND', 'currency is missing or unknown');
  return railFor(deps, command.rail).createPayment({
    escrowId: command.escrowId,
    amountMinor: command.amountMinor,
    currency,
    idempotencyKey: createPaymentKey(command.escrowId),
  });
}

/** Records the buyer's payment object (and its client secret) and announces it. */
export async function handleCreatePaymentIntent(
  tx: Queryable,
  command: CreatePaymentIntent,
  cause: EventMeta,
  result: RailResult<CreatedPayment>,
  deps: PaymentsDeps,
): Promise<void> {
  const meta = metaAfter(cause, deps.clock.now());
  const answer = answerOf(result);
  if ('refusal' in answer) {
    await emitRailRefusal(tx, 'paymentFailed', meta, command, answer.refusal);
    return;
  }
  const created = answer.value;
  const currency = CURRENCIES.toName(command.currency) ?? 'USD';
  await saveStripeIntent(tx, {
    escrowId: command.escrowId,
    buyerId: command.buyerId,
    sellerId: command.sellerId,
    correlationId: meta.correlationId,
    amountMinor: command.amountMinor,
    paymentIntentId: created.providerPaymentId,
    transferGroup: transferGroupOf(command.escrowId),
    clientSecret: created.clientSecret,
  });
  await recordArtifact(tx, {
    escrowId: command.escrowId,
    rail: 'STRIPE',
    kind: 'PAYMENT_INTENT',
    providerId: created.providerPaymentId,
    amountMinor: command.amountMinor,
    currency,
    providerStatus: created.providerStatus,
    idempotencyKey: createPaymentKey(command.escrowId),
  });
  await emitPaymentEvent(tx, {
    case: 'paymentIntentCreated',
    value: create(PaymentIntentCreatedSchema, {
      meta,
      escrowId: command.escrowId,
      rail: command.rail,
      providerPaymentId: created.providerPaymentId,
      amountMinor: command.amountMinor,
      currency: command.currency,
      // The client secret stays in payments' table (findClientSecret): never on the bus.
      depositAddress: created.depositAddress,
    }),
  });
}
