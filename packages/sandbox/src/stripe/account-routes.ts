import { err, ok } from '@bloxtr8/platform';
import type { ApiCall, ApiOutcome, ApiRoute } from './api-route.ts';
import { failed, refused, succeeded } from './api-route.ts';
import { isSupportedCurrency } from './currencies.ts';
import type { DoubleContext } from './double-context.ts';
import { nowSeconds } from './double-context.ts';
import type { FormFields } from './form-body.ts';
import { newAccountId, newStripeId } from './ids.ts';
import type { ConnectedAccount } from './object-store.ts';
import type { Read } from './request-params.ts';
import {
  findUnknownParameter,
  readBoolean,
  readEnum,
  readMetadata,
  readRequiredString,
  readString,
} from './request-params.ts';
import {
  invalidParameter,
  notModelled,
  resourceMissing,
  storageFull,
  unknownParameter,
} from './stripe-errors.ts';

const CREATE_PARAMETERS = [
  'type',
  'country',
  'email',
  'default_currency',
  'capabilities',
  'metadata',
] as const;
const CAPABILITIES = ['transfers', 'card_payments'] as const;
const LINK_PARAMETERS = ['account', 'type', 'refresh_url', 'return_url'] as const;
/** Stripe's onboarding links expire a few minutes after they are made. */
const LINK_LIFETIME_SECONDS = 300;

/**
 * What the Stripe API shows of a connected account: the double's record with its `transfers`
 * capability in Stripe's shape.
 */
export function accountObject(account: ConnectedAccount): object {
  const { transfers_enabled: transfersEnabled, ...shown } = account;
  return { ...shown, capabilities: { transfers: transfersEnabled ? 'active' : 'inactive' } };
}

/** `capabilities[transfers][requested]=true`: checked for shape; onboarding activates transfers. */
function checkCapabilities(params: FormFields): Read<null> {
  const value = params.capabilities;
  if (value === undefined) return ok(null);
  if (typeof value === 'string') return err(invalidParameter('capabilities', 'Invalid hash'));
  for (const [name, capability] of Object.entries(value)) {
    if (!(CAPABILITIES as readonly string[]).includes(name)) {
      return err(unknownParameter(`capabilities[${name}]`));
    }
    if (typeof capability === 'string') {
      return err(invalidParameter(`capabilities[${name}]`, 'Invalid hash'));
    }
    const unknown = findUnknownParameter(capability, ['requested']);
    if (unknown !== null) return err(unknown);
    const requested = readBoolean(capability, 'requested');
    if (!requested.ok) return requested;
  }
  return ok(null);
}

function readAccountInput(context: DoubleContext, params: FormFields): Read<ConnectedAccount> {
  const unknown = findUnknownParameter(params, CREATE_PARAMETERS);
  if (unknown !== null) return err(unknown);
  const type = readEnum(params, 'type', ['express', 'standard', 'custom'] as const);
  if (!type.ok) return type;
  if (type.value !== 'express') return err(notModelled('accounts other than type=express'));
  const country = readString(params, 'country', 2);
  if (!country.ok) return country;
  const email = readString(params, 'email', 800);
  if (!email.ok) return email;
  const currency = readString(params, 'default_currency', 3);
  if (!currency.ok) return currency;
  if (currency.value !== null && !isSupportedCurrency(currency.value)) {
    return err(invalidParameter('default_currency', `Invalid currency: ${currency.value}`));
  }
  const capabilities = checkCapabilities(params);
  if (!capabilities.ok) return capabilities;
  const metadata = readMetadata(params);
  if (!metadata.ok) return metadata;
  // An Express account starts restricted: nothing works until its owner finishes onboarding.
  return ok({
    id: newAccountId(),
    object: 'account',
    type: 'express',
    country: country.value?.toUpperCase() ?? 'US',
    default_currency: currency.value ?? 'usd',
    email: email.value,
    metadata: metadata.value,
    transfers_enabled: false,
    charges_enabled: false,
    payouts_enabled: false,
    details_submitted: false,
    created: nowSeconds(context),
  });
}

function createAccount(context: DoubleContext, call: ApiCall): ApiOutcome {
  const account = readAccountInput(context, call.params);
  if (!account.ok) return refused(account.error);
  if (context.store.isFull()) return refused(storageFull(context.store.objectsMax));
  context.store.accounts.set(account.value.id, account.value);
  return succeeded(accountObject(account.value));
}

function retrieveAccount(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, []);
  if (unknown !== null) return refused(unknown);
  const id = call.pathParams.id ?? '';
  const account = context.store.accounts.get(id);
  return account === undefined
    ? failed(resourceMissing('account', id, 'account'))
    : succeeded(accountObject(account));
}

function readUrl(params: FormFields, name: string): Read<string> {
  const read = readRequiredString(params, name);
  if (!read.ok) return read;
  const isWebUrl = URL.canParse(read.value) && /^https?:$/.test(new URL(read.value).protocol);
  return isWebUrl ? read : err(invalidParameter(name, `Not a valid URL: ${name}`));
}

function createAccountLink(context: DoubleContext, call: ApiCall): ApiOutcome {
  const { params } = call;
  const unknown = findUnknownParameter(params, LINK_PARAMETERS);
  if (unknown !== null) return refused(unknown);
  const account = readRequiredString(params, 'account');
  if (!account.ok) return refused(account.error);
  const type = readRequiredString(params, 'type');
  if (!type.ok) return refused(type.error);
  if (type.value !== 'account_onboarding') {
    return refused(notModelled('account links other than type=account_onboarding'));
  }
  const refreshUrl = readUrl(params, 'refresh_url');
  if (!refreshUrl.ok) return refused(refreshUrl.error);
  const returnUrl = readUrl(params, 'return_url');
  if (!returnUrl.ok) return refused(returnUrl.error);
  if (!context.store.accounts.has(account.value)) {
    return failed(resourceMissing('account', account.value, 'account', 400));
  }
  if (context.store.isFull()) return refused(storageFull(context.store.objectsMax));
  const created = nowSeconds(context);
  const expiresAt = created + LINK_LIFETIME_SECONDS;
  // The token makes the link unguessable: an account id alone must not complete onboarding.
  const token = newStripeId('link');
  context.store.accountLinks.set(token, {
    account: account.value,
    refreshUrl: refreshUrl.value,
    returnUrl: returnUrl.value,
    expiresAt,
  });
  const url = `${context.baseUrl}/__sandbox/onboarding/${account.value}?link=${token}`;
  return succeeded({ object: 'account_link', created, expires_at: expiresAt, url });
}

export const ACCOUNT_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/accounts', handle: createAccount },
  { method: 'GET', pattern: '/v1/accounts/:id', handle: retrieveAccount },
  { method: 'POST', pattern: '/v1/account_links', handle: createAccountLink },
];
