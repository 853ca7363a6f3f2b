import type { Queryable } from '@bloxtr8/db';

export const REMINDER_KINDS = [
  'ESCROW_FUNDING',
  'ESCROW_AUTO_RELEASE',
  'CONTRACT_EXPIRY',
  'OFFER_EXPIRY',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** How long before its deadline a reminder goes out. */
export const REMINDER_LEAD_MS = 24 * 3_600_000;

export interface Reminder {
  readonly kind: ReminderKind;
  readonly subjectId: string;
  readonly recipientIds: readonly string[];
  readonly deadlineAt: Date;
}

/**
 * Owes a reminder 24 h before `deadlineAt` (at once if that is past, never if the deadline is).
 * A later deadline for the same subject (e.g. a new auto-release after a failed payout) replaces
 * one not sent yet.
 */
export async function scheduleReminder(
  tx: Queryable,
  reminder: Reminder,
  now: Date,
): Promise<void> {
  if (reminder.deadlineAt.getTime() <= now.getTime()) return;
  const dueAt = new Date(Math.max(now.getTime(), reminder.deadlineAt.getTime() - REMINDER_LEAD_MS));
  await tx.query(
    `insert into notifications.reminders (kind, subject_id, recipient_ids, deadline_at, due_at)
     values ($1, $2, $3::uuid[], $4, $5)
     on conflict (kind, subject_id) do update set deadline_at = excluded.deadline_at,
       due_at = excluded.due_at, recipient_ids = excluded.recipient_ids, cancelled_at = null
       where reminders.sent_at is null`,
    [reminder.kind, reminder.subjectId, reminder.recipientIds, reminder.deadlineAt, dueAt],
  );
}

/** The subject moved on before its deadline: the reminder is not needed any more. */
export async function cancelReminder(
  tx: Queryable,
  kind: ReminderKind,
  subjectId: string,
  now: Date,
): Promise<void> {
  await tx.query(
    `update notifications.reminders set cancelled_at = $3
     where kind = $1 and subject_id = $2 and sent_at is null and cancelled_at is null`,
    [kind, subjectId, now],
  );
}

/**
 * Takes up to `limit` due reminders for this sweeper (marked sent in the same statement, so
 * replicas sweeping together never take the same one: each reminder goes out once).
 */
export async function takeDueReminders(
  tx: Queryable,
  now: Date,
  limit: number,
): Promise<Reminder[]> {
  const { rows } = await tx.query<{
    kind: ReminderKind;
    subject_id: string;
    recipient_ids: string[];
    deadline_at: Date;
  }>(
    `with due as (
       select kind, subject_id from notifications.reminders
       where due_at <= $1 and sent_at is null and cancelled_at is null and deadline_at > $1
       order by due_at limit $2 for update skip locked)
     update notifications.reminders r set sent_at = $1 from due
     where r.kind = due.kind and r.subject_id = due.subject_id
     returning r.kind, r.subject_id, r.recipient_ids, r.deadline_at`,
    [now, limit],
  );
  return rows.map((row) => ({
    kind: row.kind,
    subjectId: row.subject_id,
    recipientIds: row.recipient_ids,
    deadlineAt: new Date(row.deadline_at),
  }));
}
