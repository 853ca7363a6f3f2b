import type { Repeating } from '@bloxtr8/bus';
import { startRepeating } from '@bloxtr8/bus';
import type { MessageBody } from '@bloxtr8/discord-kit';
import {
  contractButtons,
  escrowButtons,
  message,
  offerButtons,
  viewEscrowButton,
} from '@bloxtr8/discord-kit';
import { findUserById } from '@bloxtr8/identity';
import type { NotificationsRuntime } from '../notices/notifications-runtime.ts';
import { sendToPerson } from '../notices/send-to-person.ts';
import type { Reminder, ReminderKind } from '../store/reminders.ts';
import { takeDueReminders } from '../store/reminders.ts';

/** Reminders taken per round: bounds a round's work; the rest wait for the next. */
const REMINDERS_PER_ROUND = 100;

const COPY: Readonly<Record<ReminderKind, (reminder: Reminder) => MessageBody>> = {
  ESCROW_FUNDING: (reminder) =>
    message(
      `⏰ Your escrow is cancelled unless it is paid by ${reminder.deadlineAt.toISOString()}.`,
      {
        rows: viewEscrowButton(reminder.subjectId),
      },
    ),
  ESCROW_AUTO_RELEASE: (reminder) =>
    message(
      `⏰ The money is released to the seller on ${reminder.deadlineAt.toISOString()} unless you open a dispute first.`,
      {
        rows: escrowButtons(
          reminder.subjectId,
          { state: 'DELIVERED', yourCapacity: 'BUYER' },
          null,
        ),
      },
    ),
  CONTRACT_EXPIRY: (reminder) =>
    message(`⏰ The contract is void unless both sign by ${reminder.deadlineAt.toISOString()}.`, {
      rows: contractButtons(reminder.subjectId),
    }),
  OFFER_EXPIRY: (reminder) =>
    message(`⏰ An offer to you expires on ${reminder.deadlineAt.toISOString()}.`, {
      rows: offerButtons(reminder.subjectId),
    }),
};

/**
 * Every `intervalMs`, sends the reminders that are due: each is taken (and marked sent) by one
 * sweeper only, so it goes out once; a send that fails is logged, never retried into a duplicate.
 */
export function startReminderSweeper(runtime: NotificationsRuntime, intervalMs: number): Repeating {
  const log = runtime.logger.child({ component: 'reminders' });
  return startRepeating(
    intervalMs,
    async () => {
      const due = await runtime.db.transaction((tx) =>
        takeDueReminders(tx, runtime.clock.now(), REMINDERS_PER_ROUND),
      );
      for (const reminder of due) await sendReminder(runtime, reminder, log);
    },
    (error) => log.warn({ err: error }, 'reminder round failed; trying again next round'),
  );
}

async function sendReminder(
  runtime: NotificationsRuntime,
  reminder: Reminder,
  log: NotificationsRuntime['logger'],
): Promise<void> {
  for (const userId of reminder.recipientIds) {
    try {
      const user = await findUserById(runtime.db, userId);
      if (user !== undefined)
        await sendToPerson(runtime, user.discordUserId, COPY[reminder.kind](reminder), null);
    } catch (error) {
      log.warn(
        { err: error, kind: reminder.kind, subjectId: reminder.subjectId },
        'reminder not sent',
      );
    }
  }
}
