import { err, ok } from '@bloxtr8/platform';
import { controlProblem, notFound } from './control-problem.ts';
import {
  ZDeliverEvents,
  ZFlushWebhooks,
  ZForgeEvent,
  ZRedeliverEvent,
  ZReleaseWebhooks,
  ZWebhookEndpoint,
} from './control-schemas.ts';
import type {
  ControlDependencies,
  ControlInput,
  ControlResult,
  ControlRoute,
} from './control-support.ts';
import { parseControlBody } from './control-support.ts';
import type { StripeEvent } from './object-store.ts';

function setEndpoint({ context }: ControlDependencies, input: ControlInput): ControlResult {
  const spec = parseControlBody(ZWebhookEndpoint, input.body);
  if (!spec.ok) return spec;
  return ok(context.webhooks.setEndpoint(spec.value.url, spec.value.secret));
}

async function release(
  { context }: ControlDependencies,
  input: ControlInput,
): Promise<ControlResult> {
  const options = parseControlBody(ZReleaseWebhooks, input.body);
  if (!options.ok) return options;
  return ok(await context.webhooks.release(options.value.order ?? 'created'));
}

async function deliver(
  { context }: ControlDependencies,
  input: ControlInput,
): Promise<ControlResult> {
  const options = parseControlBody(ZDeliverEvents, input.body);
  if (!options.ok) return options;
  const events: StripeEvent[] = [];
  for (const id of options.value.eventIds) {
    const event = context.store.events.get(id);
    if (event === undefined) return err(notFound('event', id));
    events.push(event);
  }
  return ok(await context.webhooks.deliverInOrder(events));
}

async function redeliver(
  { context }: ControlDependencies,
  input: ControlInput,
): Promise<ControlResult> {
  const options = parseControlBody(ZRedeliverEvent, input.body);
  if (!options.ok) return options;
  const event = context.store.events.get(options.value.eventId);
  if (event === undefined) return err(notFound('event', options.value.eventId));
  return ok(await context.webhooks.redeliver(event, options.value.times ?? 2));
}

async function forge(
  { context }: ControlDependencies,
  input: ControlInput,
): Promise<ControlResult> {
  const options = parseControlBody(ZForgeEvent, input.body);
  if (!options.ok) return options;
  const event = context.store.events.get(options.value.eventId);
  if (event === undefined) return err(notFound('event', options.value.eventId));
  // Ten minutes is twice the SDK's default tolerance of five.
  const ageSeconds = options.value.ageSeconds ?? 600;
  return ok(await context.webhooks.sendForged(event, options.value.forgery, ageSeconds));
}

async function flush(
  { context }: ControlDependencies,
  input: ControlInput,
): Promise<ControlResult> {
  const options = parseControlBody(ZFlushWebhooks, input.body);
  if (!options.ok) return options;
  const timeoutMs = options.value.timeoutMs ?? 10_000;
  try {
    await context.webhooks.idle(timeoutMs);
    return ok(null);
  } catch {
    return err(controlProblem(504, 'TIMEOUT', `webhooks still in flight after ${timeoutMs} ms`));
  }
}

export const WEBHOOK_CONTROL_ROUTES: readonly ControlRoute[] = [
  { method: 'PUT', pattern: '/__control/webhooks/endpoint', handle: setEndpoint },
  {
    method: 'POST',
    pattern: '/__control/webhooks/hold',
    handle: ({ context }) => ok(context.webhooks.hold()),
  },
  { method: 'POST', pattern: '/__control/webhooks/release', handle: release },
  { method: 'POST', pattern: '/__control/webhooks/deliver', handle: deliver },
  { method: 'POST', pattern: '/__control/webhooks/redeliver', handle: redeliver },
  { method: 'POST', pattern: '/__control/webhooks/forge', handle: forge },
  { method: 'POST', pattern: '/__control/webhooks/flush', handle: flush },
  {
    method: 'GET',
    pattern: '/__control/webhooks/deliveries',
    handle: ({ context }) => ok(context.webhooks.attempts()),
  },
];
