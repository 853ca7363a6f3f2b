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

type Answer = { status: number; body: unknown };
type ControlRoute = (
  side: InteractionSide,
  match: RegExpExecArray,
  body: Json,
) => Answer | Promise<Answer>;

const done = (value: unknown = { ok: true }): Answer => ({ status: 200, body: value });

/** The control API, one entry per method and path. */
const CONTROL_ROUTES: ReadonlyArray<readonly [string, RegExp, ControlRoute]> = [
  [
    'POST',
    /^\/__control\/interactions-url$/,
    (side, _match, body) => {
      side.interactionsUrl = String(body.url);
      return done();
    },
  ],
  [
    'POST',
    /^\/__control\/interactions$/,
    async (side, _match, body) => {
      if (side.interactionsUrl === undefined)
        return { status: 409, body: { message: 'no interactions URL set' } };
      const request = body as unknown as InteractionRequest;
      return done(
        await sendInteraction(side.rest, side.signer, side.forger, side.interactionsUrl, request),
      );
    },
  ],
  [
    'GET',
    /^\/__control\/interactions\/(\d+)$/,
    (side, match) => {
      const record = side.rest.interactions.get(match[1] ?? '');
      return record === undefined
        ? { status: 404, body: { message: 'unknown interaction' } }
        : done(record);
    },
  ],
  ['GET', /^\/__control\/dms\/(\d+)$/, (side, match) => done(side.rest.dmsOf(match[1] ?? ''))],
  [
    'POST',
    /^\/__control\/(close|open)-dms\/(\d+)$/,
    (side, match) => {
      const userId = match[2] ?? '';
      if (match[1] === 'close') side.rest.closedDms.add(userId);
      else side.rest.closedDms.delete(userId);
      return done();
    },
  ],
  [
    'GET',
    /^\/__control\/channels\/(\d+)\/messages$/,
    (side, match) => done(side.rest.messagesIn(match[1] ?? '')),
  ],
  [
    'GET',
    /^\/__control\/channels$/,
    (side) => done([...side.rest.channels.values()].map(channelJson)),
  ],
  [
    'GET',
    /^\/__control\/commands(?:\/(\d+))?$/,
    (side, match) => done(side.rest.commands.get(match[1] ?? 'global') ?? []),
  ],
  [
    'POST',
    /^\/__control\/faults$/,
    (side, _match, body) => {
      const count = Math.min(Number(body.count ?? 1), 100);
      const fault = {
        status: Number(body.status ?? 500),
        retryAfterMs: Number(body.retryAfterMs ?? 100),
        code: Number(body.code ?? 0),
      };
      side.rest.faults.push(...Array.from({ length: count }, () => fault));
      return done();
    },
  ],
  ['GET', /^\/__control\/calls$/, (side) => done(side.rest.calls)],
];

async function answerControl(
  side: InteractionSide,
  method: string,
  path: string,
  body: Json,
): Promise<Answer | undefined> {
  for (const [routeMethod, pattern, answer] of CONTROL_ROUTES) {
    const match = routeMethod === method ? pattern.exec(path) : null;
    if (match !== null) return answer(side, match, body);
  }
  return undefined;
}
