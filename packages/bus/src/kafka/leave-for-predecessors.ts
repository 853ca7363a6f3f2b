import type { Logger } from '@bloxtr8/platform';
import { isFenced } from './group-requests.ts';
import type { MemberLedger } from './member-ledger.ts';

export interface LeaveForPredecessorsOptions {
  readonly ledger: MemberLedger;
  readonly groupId: string;
  /** This run's member, recorded before it joins. */
  readonly memberId: string;
  /** Sends the group a leave (member epoch -1) for another member id. */
  readonly leave: (memberId: string) => Promise<void>;
  readonly log: Logger;
}

/**
 * A crashed run of this process left members that hold their partitions until their session
 * expires: leave on their behalf, so the coordinator hands those partitions out at once (ADR
 * 0017). This run's member is recorded first, so that a crash from here on is covered the same way.
 */
export async function leaveForPredecessors(options: LeaveForPredecessorsOptions): Promise<void> {
  const { ledger, groupId, memberId, leave, log } = options;
  for (const previous of ledger.takePreviousMembers(groupId)) {
    try {
      await leave(previous);
      log.info({ previousMemberId: previous }, 'left the group for a crashed predecessor');
    } catch (error) {
      // Unknown member: it left cleanly or expired already. Anything else: it will expire.
      if (!isFenced(error)) log.warn({ err: error }, 'could not leave for a predecessor');
    }
  }
  await ledger.recordMember(groupId, memberId);
}
