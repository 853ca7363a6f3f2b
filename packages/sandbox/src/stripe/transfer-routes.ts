import { err, ok } from '@bloxtr8/platform';
import type { ApiCall, ApiOutcome, ApiRoute } from './api-route.ts';
import { failed, refused, succeeded } from './api-route.ts';
import { platformBalances, transferableFromCharge } from './balance.ts';
import type { TransferInput } from './build-transfer.ts';
import { buildTransfer } from './build-transfer.ts';
import type { DoubleContext } from './double-context.ts';
import { nowSeconds, publishEvent } from './double-context.ts';
import type { FormFields } from './form-body.ts';
import type { Read } from './request-params.ts';
import {
  findUnknownParameter,
  readCurrency,
  readMetadata,
  readRequiredAmount,
  readRequiredString,
  readString,
} from './request-params.ts';
import type { StripeFailure } from './stripe-errors.ts';
import {
  balanceInsufficient,
  destinationCannotReceiveTransfers,
  invalidParameter,
  noSuchDestination,
  resourceMissing,
  storageFull,
} from './stripe-errors.ts';

const CREATE_PARAMETERS = [
  'amount',
  'currency',
  'destination',
  'description',
  'metadata',
  'source_transaction',
  'transfer_group',
] as const;

function readTransferInput(params: FormFields): Read<TransferInput> {
  const unknown = findUnknownParameter(params, CREATE_PARAMETERS);
  if (unknown !== null) return err(unknown);
  const amount = readRequiredAmount(params);
  if (!amount.ok) return amount;
  const currency = readCurrency(params);
  if (!currency.ok) return currency;
  const destination = readRequiredString(params, 'destination');
  if (!destination.ok) return destination;
  const description = readString(params, 'description', 1000);
  if (!description.ok) return description;
  const sourceTransaction = readString(params, 'source_transaction');
  if (!sourceTransaction.ok) return sourceTransaction;
  const transferGroup = readString(params, 'transfer_group');
  if (!transferGroup.ok) return transferGroup;
  const metadata = readMetadata(params);
  if (!metadata.ok) return metadata;
  return ok({
    amount: amount.value,
    currency: currency.value,
    destination: destination.value,
    description: description.value,
    metadata: metadata.value,
    sourceTransaction: sourceTransaction.value,
    transferGroup: transferGroup.value,
  });
}

/**
 * Why Stripe would refuse to move this money, or `null` when it can go. Without a
 * `source_transaction` only the available balance may be spent (card funds are pending for days);
 * with one, the charge's own funds may, pending or not, up to what is left of the charge.
 */
function findTransferProblem(context: DoubleContext, input: TransferInput): StripeFailure | null {
  const account = context.store.accounts.get(input.destination);
  if (account === undefined) return noSuchDestination(input.destination);
  if (!account.transfers_enabled) return destinationCannotReceiveTransfers();
  if (input.sourceTransaction !== null) {
    return findSourceProblem(context, input, input.sourceTransaction);
  }
  const available = platformBalances(context).available.get(input.currency) ?? 0;
  return input.amount > available ? balanceInsufficient() : null;
}

function findSourceProblem(
  context: DoubleContext,
  input: TransferInput,
  chargeId: string,
): StripeFailure | null {
  const charge = context.store.charges.get(chargeId);
  if (charge === undefined || charge.status !== 'succeeded') {
    return resourceMissing('charge', chargeId, 'source_transaction', 400);
  }
  if (charge.currency !== input.currency) {
    return invalidParameter(
      'currency',
      `The currency of source_transaction's balance transaction (${charge.currency}) must be the same as the transfer currency (${input.currency})`,
    );
  }
  return input.amount > transferableFromCharge(context.store, charge)
    ? balanceInsufficient()
    : null;
}

function createTransfer(context: DoubleContext, call: ApiCall): ApiOutcome {
  const input = readTransferInput(call.params);
  if (!input.ok) return refused(input.error);
  if (context.store.isFull()) return refused(storageFull(context.store.objectsMax));
  const problem = findTransferProblem(context, input.value);
  if (problem !== null) return failed(problem);
  const transfer = buildTransfer(input.value, nowSeconds(context));
  context.store.transfers.set(transfer.id, transfer);
  publishEvent(context, 'transfer.created', transfer, call.origin);
  return succeeded(transfer);
}

function retrieveTransfer(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, []);
  if (unknown !== null) return refused(unknown);
  const id = call.pathParams.id ?? '';
  const transfer = context.store.transfers.get(id);
  return transfer === undefined
    ? failed(resourceMissing('transfer', id, 'id'))
    : succeeded(transfer);
}

export const TRANSFER_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/transfers', handle: createTransfer },
  { method: 'GET', pattern: '/v1/transfers/:id', handle: retrieveTransfer },
];
