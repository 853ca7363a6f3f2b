import { parseUsd } from '@bloxtr8/discord-kit';
import type { Answer } from '../interaction-context.ts';
import { replyNow } from '../interaction-context.ts';
import { note } from '../replies.ts';

/** The typed amount in cents, handed on; or a note saying how to type it. */
export function amountOrNote(typed: string, then: (amountMinor: number) => Answer): Answer {
  const cents = parseUsd(typed);
  if (cents === null || cents <= 0n) {
    return replyNow(note('Type an amount of dollars, e.g. `2,500` or `2500.00`.'));
  }
  return then(Number(cents));
}
