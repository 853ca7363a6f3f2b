import type { Queryable } from '@bloxtr8/db';
import { getCommandStatus } from '@bloxtr8/projections';
import { z } from 'zod';
import type { AcceptedCommand } from './escrow-command-store.ts';

export const ZCommandStatusResponse = z.object({
  commandId: z.string(),
  escrowId: z.string(),
  action: z.string(),
  status: z
    .enum(['ACCEPTED', 'APPLIED', 'REJECTED'])
    .describe('ACCEPTED: on its way; APPLIED: it changed the escrow; REJECTED: see reasonCode'),
  reasonCode: z.string().nullable().describe("The escrow's refusal code, e.g. ACTOR_NOT_BUYER"),
  detail: z.string().nullable(),
  acceptedAt: z.string(),
  decidedAt: z.string().nullable(),
  escrowUrl: z.string(),
});

export type CommandStatusResponse = z.infer<typeof ZCommandStatusResponse>;

export function commandUrl(commandId: string): string {
  return `/api/commands/${commandId}`;
}

/** A command just recorded: on its way, nothing decided yet. */
export function freshStatusOf(command: AcceptedCommand): CommandStatusResponse {
  return {
    commandId: command.commandId,
    escrowId: command.escrowId,
    action: command.action,
    status: 'ACCEPTED',
    reasonCode: null,
    detail: null,
    acceptedAt: command.acceptedAt.toISOString(),
    decidedAt: null,
    escrowUrl: `/api/escrow/${command.escrowId}`,
  };
}

/** Where the command stands: ACCEPTED until the projections have seen its outcome. */
export async function commandStatusOf(
  db: Queryable,
  command: AcceptedCommand,
): Promise<CommandStatusResponse> {
  const projected = await getCommandStatus(db, command.commandId);
  if (projected === undefined || projected.status === 'ACCEPTED') return freshStatusOf(command);
  return {
    ...freshStatusOf(command),
    status: projected.status,
    reasonCode: projected.reasonCode,
    detail: projected.detail,
    decidedAt: projected.decidedAt?.toISOString() ?? null,
  };
}

const FIRST_POLL_MS = 5;
const LONGEST_POLL_MS = 100;

/**
 * The command's status once decided, or still ACCEPTED after `waitMs`: reads the projection with
 * a growing pause, so a quick outcome is seen quickly and a slow one costs few queries.
 */
export async function awaitCommandOutcome(
  db: Queryable,
  command: AcceptedCommand,
  waitMs: number,
): Promise<CommandStatusResponse> {
  const deadline = performance.now() + waitMs;
  let pauseMs = FIRST_POLL_MS;
  for (;;) {
    const status = await commandStatusOf(db, command);
    const left = deadline - performance.now();
    if (status.status !== 'ACCEPTED' || left <= 0) return status;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pauseMs, left)));
    pauseMs = Math.min(LONGEST_POLL_MS, pauseMs * 2);
  }
}
