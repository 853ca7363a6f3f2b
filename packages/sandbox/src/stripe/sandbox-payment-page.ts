import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Stripe } from 'stripe';
import { formatAmount } from './currencies.ts';
import type { DoubleContext } from './double-context.ts';
import { send } from './http-io.ts';
import { matchPath } from './path-pattern.ts';

const PAGE_PATTERN = '/__sandbox/pay/:id';
const HTML = 'text/html; charset=utf-8';

/**
 * `GET /__sandbox/pay/:paymentIntentId?client_secret=…[&return_url=…]`: the page that stands in
 * for Stripe's checkout when the platform runs on the sandbox. It says plainly that no real money
 * moves, and its buttons drive the control API, which is what a buyer paying on Stripe would do.
 */
export function serveSandboxRequest(
  context: DoubleContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const params = request.method === 'GET' ? matchPath(PAGE_PATTERN, url.pathname) : null;
  const paymentIntent = context.store.paymentIntents.get(params?.id ?? '');
  // Like Stripe.js, the page needs the client secret: an id alone does not let anyone pay.
  const secret = url.searchParams.get('client_secret');
  if (paymentIntent === undefined || secret === null || secret !== paymentIntent.client_secret) {
    send(response, 404, HTML, page('Payment not found', '<p>No such payment.</p>'));
    return;
  }
  const returnUrl = loopbackUrlOrNull(url.searchParams.get('return_url'));
  send(response, 200, HTML, renderPaymentPage(paymentIntent, secret, returnUrl));
}

/** Only redirect back to this machine: the sandbox has no business sending a browser elsewhere. */
function loopbackUrlOrNull(text: string | null): string | null {
  if (text === null || !URL.canParse(text)) return null;
  const url = new URL(text);
  const isLoopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return isLoopback && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
}

function renderPaymentPage(
  paymentIntent: Stripe.PaymentIntent,
  clientSecret: string,
  returnUrl: string | null,
): string {
  const amount = formatAmount(paymentIntent.amount, paymentIntent.currency);
  const isPayable = paymentIntent.status === 'requires_payment_method';
  const data = { id: paymentIntent.id, clientSecret, returnUrl };
  const actions = isPayable
    ? `<button id="pay">Pay ${escapeHtml(amount)}</button> <button id="decline">Decline</button>`
    : `<p>This payment is <strong>${escapeHtml(paymentIntent.status)}</strong>.</p>`;
  const body = `
<p class="amount">${escapeHtml(amount)} <small>${escapeHtml(paymentIntent.currency.toUpperCase())}</small></p>
<p>${escapeHtml(paymentIntent.description ?? '')}</p>
<p><code>${escapeHtml(paymentIntent.id)}</code></p>
${actions}
<p id="result" role="status"></p>
<script type="application/json" id="sandbox-data">${jsonForScript(data)}</script>
<script>${PAGE_SCRIPT}</script>`;
  return page(`SANDBOX payment of ${amount}`, body);
}

const PAGE_SCRIPT = `
const data = JSON.parse(document.getElementById('sandbox-data').textContent);
const result = document.getElementById('result');
async function act(outcome) {
  for (const button of document.querySelectorAll('button')) button.disabled = true;
  const body = outcome === 'succeed'
    ? { clientSecret: data.clientSecret }
    : { clientSecret: data.clientSecret, declineCode: 'generic_decline' };
  const response = await fetch('/__control/payment_intents/' + encodeURIComponent(data.id) + '/' + outcome, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) { result.textContent = 'Failed: ' + answer.detail; return; }
  const status = answer.data.status;
  if (data.returnUrl !== null) {
    const next = new URL(data.returnUrl);
    next.searchParams.set('payment_intent', data.id);
    next.searchParams.set('payment_intent_client_secret', data.clientSecret);
    next.searchParams.set('redirect_status', status === 'succeeded' ? 'succeeded' : 'failed');
    window.location.assign(next.href);
    return;
  }
  result.textContent = status === 'succeeded' ? 'Paid (sandbox). You can close this page.' : 'Declined (sandbox).';
  if (status !== 'succeeded') for (const button of document.querySelectorAll('button')) button.disabled = false;
}
document.getElementById('pay')?.addEventListener('click', () => act('succeed'));
document.getElementById('decline')?.addEventListener('click', () => act('fail'));
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; }
.banner { background: #b00020; color: #fff; padding: 1rem; font-weight: 700; text-align: center; }
.amount { font-size: 2rem; margin: 1rem 0; }
button { font-size: 1rem; padding: .6rem 1.2rem; }
</style>
</head>
<body>
<div class="banner">SANDBOX — no real money. This is a test double of Stripe.</div>
${body}
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** JSON inside a `<script>` element: `<` escaped so no value can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}
