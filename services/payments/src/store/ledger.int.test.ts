import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { availableTestEngines, createTestDatabase } from '@bloxtr8/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookMovement,
  ledgerBalances,
  paymentLines,
  refundLines,
  transferLines,
} from './ledger.ts';

describe.each(availableTestEngines())('payments ledger on %s', (engine) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(engine);
  }, 60_000);
  afterAll(async () => {
    await test?.drop();
  });

  it('balances a released escrow to zero in holding, with the seller and the fee paid', async () => {
    const escrowId = randomUUID();
    await test.db.transaction(async (tx) => {
      await bookMovement(tx, {
        escrowId,
        movement: 'PAYMENT',
        currency: 'USD',
        providerRef: `pi_${escrowId}`,
        lines: paymentLines(10_000n),
      });
      await bookMovement(tx, {
        escrowId,
        movement: 'TRANSFER',
        currency: 'USD',
        providerRef: `tr_${escrowId}`,
        lines: transferLines(9_500n, 500n),
      });
    });
    expect(await ledgerBalances(test.db, escrowId)).toEqual({
      BUYER: -10_000n,
      ESCROW_HOLDING: 0n,
      SELLER: 9_500n,
      PLATFORM_FEE: 500n,
    });
  });

  it('books a provider object once however often it is reported', async () => {
    const escrowId = randomUUID();
    const book = () =>
      test.db.transaction((tx) =>
        bookMovement(tx, {
          escrowId,
          movement: 'REFUND',
          currency: 'USD',
          providerRef: `re_${escrowId}`,
          lines: refundLines(700n),
        }),
      );
    expect(await book()).toBe(true);
    expect(await book()).toBe(false);
    expect((await ledgerBalances(test.db, escrowId)).BUYER).toBe(700n);
  });

  it('refuses, at commit, a movement whose lines do not sum to zero', async () => {
    const escrowId = randomUUID();
    const unbalanced = test.db.transaction((tx) =>
      bookMovement(tx, {
        escrowId,
        movement: 'TRANSFER',
        currency: 'USD',
        providerRef: `tr_bad_${escrowId}`,
        lines: [
          ['ESCROW_HOLDING', -100n],
          ['SELLER', 99n],
        ],
      }),
    );
    await expect(unbalanced).rejects.toMatchObject({ code: '23514' });
    expect(await ledgerBalances(test.db, escrowId)).toEqual({
      BUYER: 0n,
      ESCROW_HOLDING: 0n,
      SELLER: 0n,
      PLATFORM_FEE: 0n,
    });
  });

  it('never lets a ledger line be changed or removed', async () => {
    const escrowId = randomUUID();
    await test.db.transaction((tx) =>
      bookMovement(tx, {
        escrowId,
        movement: 'PAYMENT',
        currency: 'USD',
        providerRef: `pi_x_${escrowId}`,
        lines: paymentLines(5n),
      }),
    );
    await expect(
      test.db.query('update payments.ledger_entries set amount_minor = 1 where escrow_id = $1', [
        escrowId,
      ]),
    ).rejects.toMatchObject({ code: 'P0001' });
    await expect(
      test.db.query('delete from payments.ledger_entries where escrow_id = $1', [escrowId]),
    ).rejects.toMatchObject({
      code: 'P0001',
    });
  });
});
