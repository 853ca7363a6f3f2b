import { findUserById, listUsersByRole } from '@bloxtr8/identity';
import { claimDelivery, releaseDelivery, settleDelivery } from '../store/deliveries.ts';
import type { Notice } from './notice.ts';
import { MODERATORS } from './notice.ts';
import type { NotificationsRuntime } from './notifications-runtime.ts';
import { sendToPerson } from './send-to-person.ts';

/** Moderators told about one dispute at most (the staff of a platform, not its users). */
const MODERATORS_MAX = 200;

/**
 * Sends an event's notices, each person once: a delivery is claimed per (event, person) before
 * the send and settled after it, so a redelivered event sends only what did not go out. A send
 * that fails (after Discord's client retried) is released and thrown: the consumer retries the
 * event later and, past its bound, dead-letters it — the trade itself never waits.
 */
export async function deliverNotices(
  runtime: NotificationsRuntime,
  eventId: string,
  notices: readonly Notice[],
): Promise<void> {
  for (const notice of notices) {
    for (const userId of await recipientsOf(runtime, notice.recipient)) {
      const key = { eventId, recipient: userId };
      if (!(await claimDelivery(runtime.db, { ...key, kind: notice.kind }, runtime.clock.now()))) {
        continue;
      }
      try {
        const user = await findUserById(runtime.db, userId);
        const outcome =
          user === undefined
            ? { channel: null, messageId: null }
            : await sendToPerson(runtime, user.discordUserId, notice.body, notice.listingId);
        await settleDelivery(runtime.db, key, outcome, runtime.clock.now());
      } catch (error) {
        await releaseDelivery(runtime.db, key);
        throw error;
      }
    }
  }
}

async function recipientsOf(runtime: NotificationsRuntime, recipient: string): Promise<string[]> {
  if (recipient !== MODERATORS) return [recipient];
  const staff = await listUsersByRole(runtime.db, {
    roles: ['MODERATOR', 'ADMIN'],
    limit: MODERATORS_MAX,
  });
  return staff.map((user) => user.id);
}
