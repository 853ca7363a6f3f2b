import type { Queryable } from '@bloxtr8/db';
import type { EscrowFact } from '../model/escrow-facts.ts';
import { foldEscrowView } from '../model/fold-escrow-view.ts';
import { timelineRecordOf } from '../model/timeline-codec.ts';
import { appendToTimeline, readEscrowFacts } from '../store/escrow-timeline.ts';
import { lockEscrowView, saveEscrowView } from '../store/escrow-views.ts';

/**
 * Puts one fact on its escrow's timeline and refolds the escrow's view from the whole timeline,
 * under the view row's lock. Refusals go on the timeline only: they change no view, and one for an
 * escrow that does not exist must not conjure up a view.
 */
export async function projectEscrowFact(tx: Queryable, fact: EscrowFact, now: Date): Promise<void> {
  const record = timelineRecordOf(fact);
  if (fact.type === 'EscrowCommandRejected') {
    await appendToTimeline(tx, record);
    return;
  }
  await lockEscrowView(tx, fact.escrowId, now);
  await appendToTimeline(tx, record);
  const facts = await readEscrowFacts(tx, fact.escrowId);
  const view = foldEscrowView(fact.escrowId, facts);
  await saveEscrowView(tx, view, now);
}
