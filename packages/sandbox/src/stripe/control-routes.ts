import { err, ok } from '@bloxtr8/platform';
import { totalBalances } from './balance.ts';
import { controlProblem } from './control-problem.ts';
import {
  ZDeclinePayment,
  ZFailRefund,
  ZFaultSpec,
  ZRegisterAccount,
  ZReverseTransfer,
  ZSettings,
  ZSucceedPayment,
} from './control-schemas.ts';
import type {
  ControlDependencies,
  ControlInput,
  ControlResult,
  ControlRoute,
} from './control-support.ts';
import { parseControlBody } from './control-support.ts';
import { nowSeconds } from './double-context.ts';
import { newAccountId } from './ids.ts';
import { failRefund, reverseTransfer, settleRefund } from './money-lifecycle.ts';
import type { ConnectedAccount } from './object-store.ts';
import { failPaymentIntent, succeedPaymentIntent } from './pay-payment-intent.ts';
import { completeOnboarding } from './sandbox-onboarding-page.ts';
import type { StripeFailure } from './stripe-errors.ts';
import { WEBHOOK_CONTROL_ROUTES } from './webhook-control-routes.ts';

/** Registers (or updates) a connected account the platform may transfer to. */
function registerAccount(dependencies: ControlDependencies, input: ControlInput): ControlResult {
  const spec = parseControlBody(ZRegisterAccount, input.body);
  if (!spec.ok) return spec;
  const { context } = dependencies;
  if (context.store.isFull()) return err(controlProblem(507, 'STORAGE_FULL', 'reset the double'));
  const transfersEnabled = spec.value.transfersEnabled ?? true;
  const account: ConnectedAccount = {
    id: spec.value.id ?? newAccountId(),
    object: 'account',
    country: spec.value.country ?? 'US',
    default_currency: spec.value.defaultCurrency ?? 'usd',
    type: 'express',
    email: null,
    metadata: {},
    transfers_enabled: transfersEnabled,
    // A registered account is one whose owner finished onboarding long ago.
    charges_enabled: transfersEnabled,
    payouts_enabled: transfersEnabled,
    details_submitted: true,
    created: nowSeconds(context),
  };
  context.store.accounts.set(account.id, account);
  return ok(account);
}

function succeedPayment({ context }: ControlDependencies, input: ControlInput): ControlResult {
  const options = parseControlBody(ZSucceedPayment, input.body);
  if (!options.ok) return options;
  return succeedPaymentIntent(context, input.pathParams.id ?? '', options.value);
}

function declinePayment({ context }: ControlDependencies, input: ControlInput): ControlResult {
  const options = parseControlBody(ZDeclinePayment, input.body);
  if (!options.ok) return options;
  return failPaymentIntent(context, input.pathParams.id ?? '', options.value);
}

function reverse({ context }: ControlDependencies, input: ControlInput): ControlResult {
  const options = parseControlBody(ZReverseTransfer, input.body);
  if (!options.ok) return options;
  return reverseTransfer(context, input.pathParams.id ?? '', options.value.amount);
}

function failRefundNow({ context }: ControlDependencies, input: ControlInput): ControlResult {
  const options = parseControlBody(ZFailRefund, input.body);
  if (!options.ok) return options;
  return failRefund(context, input.pathParams.id ?? '', options.value.failureReason ?? 'unknown');
}

function changeSettings({ context }: ControlDependencies, input: ControlInput): ControlResult {
  const settings = parseControlBody(ZSettings, input.body);
  if (!settings.ok) return settings;
  const { refundsStartPending, searchIndexLagMs, fundsPendingSeconds } = settings.value;
  if (refundsStartPending !== undefined) context.settings.refundsStartPending = refundsStartPending;
  if (searchIndexLagMs !== undefined) context.settings.searchIndexLagMs = searchIndexLagMs;
  if (fundsPendingSeconds !== undefined) context.settings.fundsPendingSeconds = fundsPendingSeconds;
  return ok({ ...context.settings });
}

function armFault({ faults }: ControlDependencies, input: ControlInput): ControlResult {
  const spec = parseControlBody(ZFaultSpec, input.body);
  if (!spec.ok) return spec;
  const { failure } = spec.value;
  // JSON has no `undefined`: a round trip drops the optional keys zod left undefined.
  const stripeFailure =
    failure === undefined ? undefined : (JSON.parse(JSON.stringify(failure)) as StripeFailure);
  return ok({ id: faults.arm({ ...spec.value, failure: stripeFailure }).id });
}

/** Everything the double holds, oldest first, for "exactly one charge" style assertions. */
function listObjects({ context }: ControlDependencies): ControlResult {
  const { store } = context;
  return ok({
    paymentIntents: [...store.paymentIntents.values()],
    charges: [...store.charges.values()],
    transfers: [...store.transfers.values()],
    refunds: [...store.refunds.values()],
    accounts: [...store.accounts.values()],
  });
}

export const CONTROL_ROUTES: readonly ControlRoute[] = [
  {
    method: 'POST',
    pattern: '/__control/reset',
    handle: async ({ reset }) => ok(await reset()),
  },
  { method: 'POST', pattern: '/__control/accounts', handle: registerAccount },
  {
    method: 'POST',
    pattern: '/__control/accounts/:id/complete_onboarding',
    handle: ({ context }, input) => completeOnboarding(context, input.pathParams.id ?? ''),
  },
  { method: 'POST', pattern: '/__control/payment_intents/:id/succeed', handle: succeedPayment },
  { method: 'POST', pattern: '/__control/payment_intents/:id/fail', handle: declinePayment },
  { method: 'POST', pattern: '/__control/transfers/:id/reverse', handle: reverse },
  { method: 'POST', pattern: '/__control/refunds/:id/fail', handle: failRefundNow },
  {
    method: 'POST',
    pattern: '/__control/refunds/:id/settle',
    handle: ({ context }, input) => settleRefund(context, input.pathParams.id ?? ''),
  },
  { method: 'PUT', pattern: '/__control/settings', handle: changeSettings },
  { method: 'POST', pattern: '/__control/faults', handle: armFault },
  {
    method: 'DELETE',
    pattern: '/__control/faults',
    handle: ({ faults }) => ok(faults.clear()),
  },
  { method: 'GET', pattern: '/__control/objects', handle: listObjects },
  {
    method: 'GET',
    pattern: '/__control/events',
    handle: ({ context }) => ok([...context.store.events.values()]),
  },
  {
    method: 'GET',
    pattern: '/__control/calls',
    handle: ({ calls }) => ok(calls.entries()),
  },
  {
    method: 'GET',
    pattern: '/__control/balance',
    handle: ({ context }) => ok(Object.fromEntries(totalBalances(context))),
  },
  ...WEBHOOK_CONTROL_ROUTES,
];
