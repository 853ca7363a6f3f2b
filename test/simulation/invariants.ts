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
  const ledger = await ledgerBalances(input.db, trade.escrowId);
  const status = escrow?.status ?? 'NONE';
  const view = await getEscrowView(input.db, trade.escrowId);
  const found = [
    ...providerViolations(status, money, ledger),
    ...ledgerViolations(trade, status, ledger),
    ...inFlightViolations(input, trade, status),
  ];
  if (escrow !== null && view?.view.state !== escrow.status)
    found.push(
      `the read model shows ${view?.view.state ?? 'nothing'}, the escrow is ${escrow.status}`,
    );
  return found.map((what) => `${trade.label}: ${what}`);
}

type Balances = Awaited<ReturnType<typeof ledgerBalances>>;

/** At most one transfer and one refund, never both; what the provider holds is what the ledger says. */
function providerViolations(
  status: string,
  money: ProviderMoney | undefined,
  ledger: Balances,
): string[] {
  const found: string[] = [];
  const transfers = money?.liveTransfers ?? 0;
  const refunds = money?.liveRefunds ?? 0;
  if (transfers > 1) found.push(`${transfers} transfers at the provider`);
  // A cancelled escrow may see a late payment refunded besides: still one refund per payment.
  if (refunds > 1 && status !== 'CANCELLED') found.push(`${refunds} refunds at the provider`);
  if (transfers > 0 && refunds > 0) found.push('both a transfer and a refund at the provider');
  const held = (money?.charged ?? 0n) - (money?.refunded ?? 0n) - (money?.transferred ?? 0n);
  const booked = ledger.ESCROW_HOLDING + ledger.PLATFORM_FEE;
  if (held !== booked) found.push(`the provider holds ${held}, the ledger says ${booked}`);
  return found;
}

/** A closed escrow holds nothing; a funded one holds its amount; a release pays it out exactly. */
function ledgerViolations(trade: SimTrade, status: string, ledger: Balances): string[] {
  const found: string[] = [];
  if (TERMINAL.includes(status) && ledger.ESCROW_HOLDING !== 0n)
    found.push(`${status} but ${ledger.ESCROW_HOLDING} still in the holding account`);
  if (FUNDED.includes(status) && ledger.ESCROW_HOLDING !== trade.amountMinor)
    found.push(`${status} with ${ledger.ESCROW_HOLDING} held of ${trade.amountMinor}`);
  if (status === 'RELEASED' && ledger.SELLER + ledger.PLATFORM_FEE !== trade.amountMinor)
    found.push(`released but the seller got ${ledger.SELLER} and the fee ${ledger.PLATFORM_FEE}`);
  return found;
}

/**
 * Nothing in flight once faults stopped, except a release held for a seller who never set up
 * payouts (payments keeps it in held_transfers and pays it the day they do).
 */
function inFlightViolations(input: InvariantInput, trade: SimTrade, status: string): string[] {
  if (status === 'REFUND_PENDING') return ['still REFUND_PENDING once faults stopped'];
  if (status !== 'RELEASE_PENDING') return [];
  if (trade.payout === 'never' && input.heldEscrows.has(trade.escrowId)) return [];
  return ['still RELEASE_PENDING once faults stopped, and not held for a seller without payouts'];
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
