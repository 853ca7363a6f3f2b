import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { ControlProblem } from './control-problem.ts';
import { notFound } from './control-problem.ts';
import type { DoubleContext } from './double-context.ts';
import { nowSeconds } from './double-context.ts';
import { send } from './http-io.ts';
import type { ConnectedAccount } from './object-store.ts';
import { matchPath } from './path-pattern.ts';

const PAGE_PATTERN = '/__sandbox/onboarding/:account';

/**
 * What the account's owner does on Stripe's hosted onboarding: details submitted, charges and
 * payouts enabled, and so the `transfers` capability active.
 */
export function completeOnboarding(
  context: DoubleContext,
  accountId: string,
): Result<ConnectedAccount, ControlProblem> {
  const account = context.store.accounts.get(accountId);
  if (account === undefined) return err(notFound('account', accountId));
  const onboarded: ConnectedAccount = {
    ...account,
    details_submitted: true,
    charges_enabled: true,
    payouts_enabled: true,
    transfers_enabled: true,
  };
  context.store.accounts.set(accountId, onboarded);
  return ok(onboarded);
}

/**
 * `GET|POST /__sandbox/onboarding/:account?link=…`: the stand-in for Stripe's hosted onboarding
 * when the platform runs on the sandbox. Opening the link onboards the account at once (there is
 * nothing to fill in) and sends the browser to the link's `return_url`; an expired link goes to
 * its `refresh_url`, as Stripe does. A link works once.
 */
export function serveOnboardingRequest(
  context: DoubleContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const isPageMethod = request.method === 'GET' || request.method === 'POST';
  const params = isPageMethod ? matchPath(PAGE_PATTERN, url.pathname) : null;
  const token = url.searchParams.get('link') ?? '';
  const link = context.store.accountLinks.get(token);
  if (params === null || link === undefined || link.account !== params.account) {
    send(response, 404, 'text/html; charset=utf-8', NOT_FOUND_PAGE);
    return;
  }
  context.store.accountLinks.delete(token);
  if (nowSeconds(context) > link.expiresAt) {
    redirect(response, link.refreshUrl);
    return;
  }
  const completed = completeOnboarding(context, link.account);
  redirect(response, completed.ok ? link.returnUrl : link.refreshUrl);
}

function redirect(response: ServerResponse, location: string): void {
  send(response, 303, 'text/plain; charset=utf-8', `SANDBOX onboarding: see ${location}`, {
    location,
  });
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>Onboarding link not found</title></head>
<body><p><strong>SANDBOX — no real money.</strong> This onboarding link is unknown, used or
belongs to another account. Ask the platform for a new one.</p></body></html>`;
