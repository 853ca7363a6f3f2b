import { listDeadLetters } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import type { Escrow } from '@bloxtr8/escrow';
import { findCommandOutcome, loadEscrow } from '@bloxtr8/escrow';
import { ledgerBalances } from '@bloxtr8/payments';
import { getCommandStatus, getEscrowView } from '@bloxtr8/projections';
import type { DoubleObjects } from '@bloxtr8/sandbox/stripe';
import type { SimTrade } from './sim-commands.ts';
import type { SentCommand } from './workload.ts';

const TERMINAL = ['RELEASED', 'REFUNDED', 'CANCELLED'];
const FUNDED = ['FUNDS_HELD', 'DELIVERED', 'DISPUTED', 'RELEASE_PENDING', 'REFUND_PENDING'];

/** What the provider did for one escrow, read from the double's records. */
interface ProviderMoney {
  charged: bigint;
  refunded: bigint;
  transferred: bigint;
  liveTransfers: number;
  liveRefunds: number;
}

/** Money at the provider per escrow: charges in, live refunds and unreversed transfers out. */
export function providerMoneyByEscrow(objects: DoubleObjects): Map<string, ProviderMoney> {
  const byEscrow = new Map<string, ProviderMoney>();
  const of = (escrowId: string) => {
    let money = byEscrow.get(escrowId);
    if (money === undefined) {
      money = { charged: 0n, refunded: 0n, transferred: 0n, liveTransfers: 0, liveRefunds: 0 };
      byEscrow.set(escrowId, money);
    }
    return money;
  };
  const escrowOfIntent = new Map(
    objects.paymentIntents.map((intent) => [intent.id, intent.metadata.escrow_id ?? '']),
  );
  for (const intent of objects.paymentIntents) {
    if (intent.status === 'succeeded')
      of(escrowOfIntent.get(intent.id) ?? '').charged += BigInt(intent.amount_received);
  }
  for (const refund of objects.refunds) {
    if (refund.status === 'failed' || refund.status === 'canceled') continue;
    const intentId = typeof refund.payment_intent === 'string' ? refund.payment_intent : '';
    const money = of(escrowOfIntent.get(intentId) ?? refund.metadata?.escrow_id ?? '');
    money.refunded += BigInt(refund.amount);
    money.liveRefunds += 1;
  }
  for (const transfer of objects.transfers) {
    if (transfer.reversed) continue;
    const money = of(transfer.metadata.escrow_id ?? '');
    money.transferred += BigInt(transfer.amount);
    money.liveTransfers += 1;
  }
  return byEscrow;
}

export interface InvariantInput {
  readonly db: Database;
  readonly trades: readonly SimTrade[];
  readonly sent: readonly SentCommand[];
  readonly objects: DoubleObjects;
  /** Unsettled held releases by escrow (the seller never onboarded). */
  readonly heldEscrows: ReadonlySet<string>;
}

/**
 * The guarantees, checked once faults stopped and everything drained. Each returns what broke, in
 * words that name the trade.
 */
export async function checkInvariants(input: InvariantInput): Promise<string[]> {
  const violations: string[] = [];
  const provider = providerMoneyByEscrow(input.objects);
  violations.push(...(await unbalancedPostings(input.db)));
  for (const trade of input.trades) {
    const escrow = await loadEscrow(input.db, trade.escrowId);
    const money = provider.get(trade.escrowId);
    violations.push(...(await checkTrade(input, trade, escrow, money)));
  }
  violations.push(...(await commandsWithoutOutcome(input.db, input.sent)));
  violations.push(...(await permanentDeadLetters(input.db)));
  return violations;
}

async function checkTrade(
  input: InvariantInput,
  trade: SimTrade,
  escrow: Escrow | null,
  money: ProviderMoney | undefined,
): Promise<string[]> {
  const found: string[] = [];
  const say = (what: string) => found.push(`${trade.label}: ${what}`);
  const ledger = await ledgerBalances(input.db, trade.escrowId);
  const status = escrow?.status ?? 'NONE';
  if ((money?.liveTransfers ?? 0) > 1) say(`${money?.liveTransfers} transfers at the provider`);
  if ((money?.liveRefunds ?? 0) > 1 && status !== 'CANCELLED')
    say(`${money?.liveRefunds} refunds at the provider`);
  if ((money?.liveTransfers ?? 0) > 0 && (money?.liveRefunds ?? 0) > 0)
    say('both a transfer and a refund at the provider');
  const held = (money?.charged ?? 0n) - (money?.refunded ?? 0n) - (money?.transferred ?? 0n);
  const ledgerHeld = ledger.ESCROW_HOLDING + ledger.PLATFORM_FEE;
  if (held !== ledgerHeld) say(`the provider holds ${held}, the ledger says ${ledgerHeld}`);
  if (TERMINAL.includes(status) && ledger.ESCROW_HOLDING !== 0n)
    say(`${status} but ${ledger.ESCROW_HOLDING} still in the holding account`);
  if (FUNDED.includes(status) && ledger.ESCROW_HOLDING !== trade.amountMinor)
    say(`${status} with ${ledger.ESCROW_HOLDING} held of ${trade.amountMinor}`);
  if (status === 'RELEASED' && ledger.SELLER + ledger.PLATFORM_FEE !== trade.amountMinor)
    say(`released but the seller got ${ledger.SELLER} and the fee ${ledger.PLATFORM_FEE}`);
  if (status === 'REFUND_PENDING') say('still REFUND_PENDING once faults stopped');
  if (
    status === 'RELEASE_PENDING' &&
    !(trade.payout === 'never' && input.heldEscrows.has(trade.escrowId))
  )
    say('still RELEASE_PENDING once faults stopped, and not held for a seller without payouts');
  const view = await getEscrowView(input.db, trade.escrowId);
  if (escrow !== null && view?.view.state !== escrow.status)
    say(`the read model shows ${view?.view.state ?? 'nothing'}, the escrow is ${escrow.status}`);
  return found;
}

async function unbalancedPostings(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ movement_id: string; total: bigint }>(
    `select movement_id, sum(amount_minor)::int8 as total from payments.ledger_entries
     group by movement_id having sum(amount_minor) <> 0`,
  );
  return rows.map((row) => `ledger movement ${row.movement_id} does not balance (${row.total})`);
}

async function commandsWithoutOutcome(
  db: Database,
  sent: readonly SentCommand[],
): Promise<string[]> {
  const missing: string[] = [];
  for (const command of sent) {
    const outcome = await findCommandOutcome(db, command.id);
    const status = await getCommandStatus(db, command.id);
    if (outcome === undefined) missing.push(`${command.trade.label}: a command has no outcome`);
    else if (status?.status !== outcome.outcome)
      missing.push(
        `${command.trade.label}: the read model says ${status?.status ?? 'nothing'} for a command ${outcome.outcome}`,
      );
  }
  return missing;
}

/** Dead letters that replaying cannot fix: a bug, not an outage. */
async function permanentDeadLetters(db: Database): Promise<string[]> {
  const letters = await listDeadLetters(db, { includeReplayed: true });
  return letters
    .filter((letter) => letter.errorKind !== 'RETRIES_EXHAUSTED')
    .map(
      (letter) =>
        `dead letter on ${letter.originTopic}: ${letter.errorType} ${letter.errorMessage}`,
    );
}
