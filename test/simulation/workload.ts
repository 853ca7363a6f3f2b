import type { OutgoingMessage } from '@bloxtr8/bus';
import type { EscrowStatus } from '@bloxtr8/escrow';
import { loadEscrow } from '@bloxtr8/escrow';
import { signUpUser } from '@bloxtr8/identity';
import { findClientSecret, startPayoutOnboarding } from '@bloxtr8/payments';
import { StripeDoubleControlError } from '@bloxtr8/sandbox/stripe';
import type { Prng } from './prng.ts';
import type { CommandKind, SimTrade } from './sim-commands.ts';
import { commandMessage, contractExecutedMessage, REFUND_OUTCOME } from './sim-commands.ts';
import type { SimWorld } from './sim-world.ts';

const NO_CONTEXT = { ip: null, userAgent: null, requestId: null };
const ILLEGAL_KINDS: readonly CommandKind[] = [
  'markDelivered',
  'releaseFunds',
  'cancelEscrow',
  'raiseDispute',
  'resolveDispute',
  'refundEscrow',
];

/** A command sent into the platform: every one must end with an outcome. */
export interface SentCommand {
  readonly id: string;
  readonly trade: SimTrade;
  readonly message: OutgoingMessage;
}

/**
 * The people of a run: buyers paying, declining or paying late, sellers delivering and setting up
 * payouts (some only later, some never), both sides disputing, moderators resolving either way,
 * and everyone now and then sending a command that is not theirs to send, or sending an old one
 * again. Each step looks at an escrow as its people would (its state) and picks what to do.
 */
export class Workload {
  readonly trades: SimTrade[] = [];
  readonly sent: SentCommand[] = [];
  readonly #world: SimWorld;
  readonly #prng: Prng;
  #moderatorId = '';

  constructor(world: SimWorld, prng: Prng) {
    this.#world = world;
    this.#prng = prng;
  }

  async setUp(tradeCount: number): Promise<void> {
    const { db } = this.#world.resources;
    // Discord user ids are snowflakes: digits only.
    const signUp = async (discordUserId: string) => {
      const { user } = await signUpUser(db, this.#world.resources.clock, {
        discordUserId,
        discordUsername: `sim${discordUserId.slice(-4)}`,
        context: NO_CONTEXT,
      });
      return user.id;
    };
    this.#moderatorId = await signUp('100000000000000001');
    for (let index = 1; index <= tradeCount; index += 1) {
      const payout = this.#prng.weighted([
        ['ready', 5],
        ['later', 3],
        ['never', 1],
      ] as const);
      const trade: SimTrade = {
        label: `T${index}`,
        escrowId: this.#prng.uuid(),
        contractId: this.#prng.uuid(),
        buyerId: await signUp(`${200000000000000000 + index}`),
        sellerId: await signUp(`${300000000000000000 + index}`),
        amountMinor: BigInt(this.#prng.int(50, 1_000_000)),
        payout,
        onboarding: 'none',
        opened: false,
      };
      this.trades.push(trade);
      if (payout === 'ready') await this.onboard(trade, 'ready');
    }
  }

  /** The seller sets up payouts: first the account, then (now or later) its onboarding. */
  async onboard(trade: SimTrade, upTo: 'account' | 'ready'): Promise<string> {
    const started = await startPayoutOnboarding(this.#world.resources.db, this.#world.stripe, {
      userId: trade.sellerId,
      returnUrl: 'http://127.0.0.1/payouts/done',
      refreshUrl: 'http://127.0.0.1/payouts/again',
      context: NO_CONTEXT,
    });
    if (!started.ok) return `${trade.label} onboarding failed ${started.error.code}`;
    trade.onboarding = 'account';
    if (upTo === 'ready') {
      await this.#world.resources.double.control.completeOnboarding(started.value.accountId);
      trade.onboarding = 'ready';
    }
    return `${trade.label} seller payout account ${trade.onboarding}`;
  }

  /** One thing some person does; the description goes into the trace. */
  async step(): Promise<string> {
    const trade = this.#prng.pick(this.trades);
    if (!trade.opened) return this.#open(trade);
    if (trade.payout === 'later' && trade.onboarding !== 'ready' && this.#prng.chance(0.15)) {
      return this.onboard(trade, this.#prng.chance(0.5) ? 'account' : 'ready');
    }
    if (this.sent.length > 0 && this.#prng.chance(0.06)) return this.#replay();
    if (this.#prng.chance(0.1)) return this.#illegal(trade);
    const escrow = await loadEscrow(this.#world.resources.db, trade.escrowId);
    return this.#act(trade, escrow?.status ?? null);
  }

  async #act(trade: SimTrade, status: EscrowStatus | null): Promise<string> {
    const buyer = { id: trade.buyerId, admin: false };
    const seller = { id: trade.sellerId, admin: false };
    const moderator = { id: this.#moderatorId, admin: true };
    const p = this.#prng;
    switch (status) {
      case null:
        return `${trade.label} waits for its escrow`;
      case 'AWAIT_FUNDS': {
        const choice = p.weighted([
          ['pay', 6],
          ['decline', 1],
          ['mismatch', 0.3],
          ['cancel', 1],
        ] as const);
        if (choice !== 'cancel') return this.#pay(trade, choice);
        return this.#send(trade, 'cancelEscrow', p.pick([buyer, seller, moderator]));
      }
      case 'FUNDS_HELD':
        return p.weighted([
          [() => this.#send(trade, 'markDelivered', seller), 5],
          [() => this.#send(trade, 'raiseDispute', p.pick([buyer, seller])), 1.5],
          [() => this.#send(trade, 'refundEscrow', moderator), 1],
        ])();
      case 'DELIVERED':
        return p.weighted([
          [() => this.#send(trade, 'releaseFunds', buyer), 4],
          [() => this.#send(trade, 'raiseDispute', p.pick([buyer, seller])), 1],
          [async () => `${trade.label} buyer stays silent`, 2],
        ])();
      case 'DISPUTED':
        return p.chance(0.5)
          ? this.#send(trade, 'resolveDispute', moderator)
          : this.#send(trade, 'resolveDispute', moderator, REFUND_OUTCOME);
      default:
        return this.#illegal(trade);
    }
  }

  #open(trade: SimTrade): Promise<string> {
    trade.opened = true;
    const message = contractExecutedMessage(trade, this.#prng.uuid(), this.#now());
    return this.#world.gateway.publish([message]).then(() => `${trade.label} contract executed`);
  }

  /** The buyer pays in Stripe's page (or the card is declined, or another amount arrives). */
  async #pay(trade: SimTrade, how: 'pay' | 'decline' | 'mismatch'): Promise<string> {
    const secret = await findClientSecret(this.#world.resources.db, trade.escrowId);
    if (secret === undefined) return `${trade.label} has nothing to pay yet`;
    const intentId = secret.slice(0, secret.indexOf('_secret_'));
    const { control } = this.#world.resources.double;
    try {
      if (how === 'decline') await control.failPaymentIntent(intentId);
      else if (how === 'mismatch')
        await control.succeedPaymentIntent(intentId, { amount: Number(trade.amountMinor) + 1 });
      else await control.succeedPaymentIntent(intentId);
      return `${trade.label} buyer ${how}s`;
    } catch (error) {
      if (error instanceof StripeDoubleControlError) return `${trade.label} buyer cannot ${how}`;
      throw error;
    }
  }

  async #send(
    trade: SimTrade,
    kind: CommandKind,
    actor: { readonly id: string; readonly admin: boolean },
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const id = this.#prng.uuid();
    const message = commandMessage(trade, kind, actor, id, this.#now(), extra);
    await this.#world.gateway.publish([message]);
    this.sent.push({ id, trade, message });
    const who =
      actor.id === trade.buyerId ? 'buyer' : actor.id === trade.sellerId ? 'seller' : 'someone';
    return `${trade.label} ${actor.admin ? 'moderator' : who} sends ${kind}`;
  }

  /** A command from the wrong person, or for the wrong state: the escrow must refuse it. */
  #illegal(trade: SimTrade): Promise<string> {
    const actor = this.#prng.pick([
      { id: trade.buyerId, admin: false },
      { id: trade.sellerId, admin: false },
      { id: this.#prng.uuid(), admin: false },
      { id: this.#moderatorId, admin: true },
    ]);
    return this.#send(trade, this.#prng.pick(ILLEGAL_KINDS), actor);
  }

  /** An old command sent again, with its own id: it must change nothing. */
  async #replay(): Promise<string> {
    const old = this.#prng.pick(this.sent);
    await this.#world.gateway.publish([old.message]);
    return `${old.trade.label} replays an old command`;
  }

  #now(): Date {
    return this.#world.resources.clock.now();
  }
}
