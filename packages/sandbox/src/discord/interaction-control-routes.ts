import type { ServerResponse } from 'node:http';
import { sendJson } from '../stripe/http-io.ts';
import type { DiscordRestState } from './discord-rest-state.ts';
import { channelJson } from './discord-rest-state.ts';
import type { InteractionRequest } from './interaction-sender.ts';
import { sendInteraction } from './interaction-sender.ts';
import type { InteractionSigner } from './interaction-signer.ts';

/** What the interaction side of the double needs to serve its control API. */
export interface InteractionSide {
  readonly rest: DiscordRestState;
  readonly signer: InteractionSigner;
  /** Signs "forged" interactions: a key Discord never had. */
  readonly forger: InteractionSigner;
  /** Where interactions are POSTed (the application's Interactions Endpoint URL). */
  interactionsUrl: string | undefined;
}

type Json = Record<string, unknown>;

/**
 * The control API of the interaction side (`/__control/…`): send an interaction as a person's
 * command, click or modal submit would; read what the bot answered, the DMs a user got and the
 * messages of a channel; arm faults (429, 5xx) and close a user's DMs. Answers undefined for a
 * path it does not serve.
 */
export async function serveInteractionControl(
  side: InteractionSide,
  method: string,
  path: string,
  body: Json,
  response: ServerResponse,
): Promise<boolean> {
  const answer = await answerControl(side, method, path, body);
  if (answer === undefined) return false;
  sendJson(response, answer.status, JSON.stringify(answer.body));
  return true;
}

async function answerControl(
  side: InteractionSide,
  method: string,
  path: string,
  body: Json,
): Promise<{ status: number; body: unknown } | undefined> {
  const { rest } = side;
  const done = (value: unknown = { ok: true }) => ({ status: 200, body: value });
  if (method === 'POST' && path === '/__control/interactions-url') {
    side.interactionsUrl = String(body.url);
    return done();
  }
  if (method === 'POST' && path === '/__control/interactions') {
    if (side.interactionsUrl === undefined) {
      return { status: 409, body: { message: 'no interactions URL set' } };
    }
    const request = body as unknown as InteractionRequest;
    return done(
      await sendInteraction(rest, side.signer, side.forger, side.interactionsUrl, request),
    );
  }
  const interaction = /^\/__control\/interactions\/(\d+)$/.exec(path);
  if (method === 'GET' && interaction !== null) {
    const record = rest.interactions.get(interaction[1] ?? '');
    return record === undefined
      ? { status: 404, body: { message: 'unknown interaction' } }
      : done(record);
  }
  const dms = /^\/__control\/dms\/(\d+)$/.exec(path);
  if (method === 'GET' && dms !== null) return done(rest.dmsOf(dms[1] ?? ''));
  const dmSwitch = /^\/__control\/(close|open)-dms\/(\d+)$/.exec(path);
  if (method === 'POST' && dmSwitch !== null) {
    const userId = dmSwitch[2] ?? '';
    if (dmSwitch[1] === 'close') rest.closedDms.add(userId);
    else rest.closedDms.delete(userId);
    return done();
  }
  const channelMessages = /^\/__control\/channels\/(\d+)\/messages$/.exec(path);
  if (method === 'GET' && channelMessages !== null) {
    return done(rest.messagesIn(channelMessages[1] ?? ''));
  }
  if (method === 'GET' && path === '/__control/channels') {
    return done([...rest.channels.values()].map(channelJson));
  }
  const commands = /^\/__control\/commands(?:\/(\d+))?$/.exec(path);
  if (method === 'GET' && commands !== null)
    return done(rest.commands.get(commands[1] ?? 'global') ?? []);
  if (method === 'POST' && path === '/__control/faults') {
    const count = Math.min(Number(body.count ?? 1), 100);
    const fault = {
      status: Number(body.status ?? 500),
      retryAfterMs: Number(body.retryAfterMs ?? 100),
    };
    rest.faults.push(...Array.from({ length: count }, () => fault));
    return done();
  }
  if (method === 'GET' && path === '/__control/calls') return done(rest.calls);
  return undefined;
}
