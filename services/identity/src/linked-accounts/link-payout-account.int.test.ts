import { readAuditLog } from '@bloxtr8/audit';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { newId } from '@bloxtr8/platform';
import { signUpUser } from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_REQUEST_CONTEXT } from '../users/user.ts';
import { findLinkedPayoutAccount, linkPayoutAccount } from './link-payout-account.ts';

describe('linkPayoutAccount', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test?.drop();
  });

  const link = (userId: string, accountId: string) =>
    test.db.transaction((tx) =>
      linkPayoutAccount(tx, { userId, accountId, context: NO_REQUEST_CONTEXT }),
    );

  it('records the account once and keeps the first when another is offered', async () => {
    const { userId } = await signUpUser(test.db);

    const outcomes = await Promise.all([link(userId, 'acct_first'), link(userId, 'acct_first')]);
    const other = await link(userId, 'acct_other');

    expect(outcomes.map((outcome) => outcome.ok && outcome.value.created).sort()).toEqual([
      false,
      true,
    ]);
    expect(other).toEqual({ ok: true, value: { accountId: 'acct_first', created: false } });
    expect(await findLinkedPayoutAccount(test.db, userId)).toEqual({ accountId: 'acct_first' });
    const audit = await readAuditLog(test.db, { subjectId: userId, limit: 10 });
    expect(audit.filter((entry) => entry.action === 'identity.payout_account.link')).toHaveLength(
      1,
    );
  });

  it('refuses an account that is another user’s, and an unknown user', async () => {
    const [owner, thief] = await Promise.all([signUpUser(test.db), signUpUser(test.db)]);
    await link(owner.userId, 'acct_owned');

    expect(await link(thief.userId, 'acct_owned')).toEqual({
      ok: false,
      error: 'PAYOUT_ACCOUNT_TAKEN',
    });
    expect(await link(newId(), 'acct_nobody')).toEqual({ ok: false, error: 'USER_NOT_FOUND' });
    expect(await findLinkedPayoutAccount(test.db, thief.userId)).toBeUndefined();
  });
});
