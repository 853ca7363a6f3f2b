import { createMeta, PaymentEventEnvelopeSchema, Rail, TOPICS } from '@bloxtr8/contracts';
import { message } from '@bloxtr8/discord-kit';
import { newId, newTraceId } from '@bloxtr8/platform';
import { eventually, signUpUser } from '@bloxtr8/test-support/platform';
import { create } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATIONS_GROUPS } from './service/start-notifications-service.ts';
import { recordListingPost } from './store/listing-posts.ts';
import type { NotificationsHarness } from './testing/notifications-harness.ts';
import { releasedEscrowStory, startNotificationsHarness } from './testing/notifications-harness.ts';

describe('the notifications service', () => {
  let harness: NotificationsHarness;
  beforeAll(async () => {
    harness = await startNotificationsHarness();
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
  }, 30_000);

  const traders = async () => {
    const { db } = harness.test;
    return {
      buyer: await signUpUser(db, { tier: 'TIER_1' }),
      seller: await signUpUser(db, { tier: 'TIER_1' }),
    };
  };
  const dmsOf = (discordUserId: string) => harness.discord.control.dms(discordUserId);
  const dmCount = async (...ids: string[]) => (await Promise.all(ids.map(dmsOf))).flat().length;
  const handled = async (eventIds: readonly string[]) => {
    const { rows } = await harness.test.db.query<{ n: number }>(
      `select count(*)::int as n from notifications.inbox where consumer_group = $1 and event_id = any($2::uuid[])`,
      [NOTIFICATIONS_GROUPS.escrowEvents, eventIds],
    );
    return rows[0]?.n ?? 0;
  };

  it('DMs each party once per step, and nothing more when every event is delivered again', async () => {
    const { buyer, seller } = await traders();
    const story = releasedEscrowStory({ buyerId: buyer.userId, sellerId: seller.userId });
    await harness.publishEscrow(story);
    await eventually(
      () => dmCount(buyer.discordUserId, seller.discordUserId),
      (n) => n === 5,
      'five DMs',
    );
    const eventIds = story.map(
      (envelope) => (envelope.event.value as { meta: { eventId: string } }).meta.eventId,
    );
    // As if the consumer had crashed after sending and before its inbox committed.
    await harness.test.db.query(
      'delete from notifications.inbox where event_id = any($1::uuid[])',
      [eventIds],
    );
    await harness.publishEscrow(story);
    await eventually(
      () => handled(eventIds),
      (n) => n === eventIds.length,
      'the redelivered events',
    );
    expect((await dmsOf(seller.discordUserId)).map((dm) => dm.content.slice(0, 12))).toEqual([
      '💰 The buyer',
      '🎉 Released:',
    ]);
    expect(await dmCount(buyer.discordUserId)).toBe(3);
  });

  it('posts in the trade’s thread, naming the person, when their DMs are closed', async () => {
    const { buyer, seller } = await traders();
    const guildChannel = await fetch(
      `${harness.discord.restApiUrl}/v10/guilds/190000000000000777/channels`,
      {
        method: 'POST',
        headers: {
          authorization: `Bot ${harness.discord.botToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: 'listings-under-5k', type: 0 }),
      },
    ).then((response) => response.json() as Promise<{ id: string }>);
    const post = await harness.messenger.post(guildChannel.id, message('a listing'));
    const { threadId } = await harness.messenger.startThread(
      guildChannel.id,
      post.messageId,
      'the trade',
    );
    const listingId = newId();
    const story = releasedEscrowStory({
      buyerId: buyer.userId,
      sellerId: seller.userId,
      listingId,
    });
    await recordListingPost(harness.test.db, {
      listingId,
      guildId: '190000000000000777',
      channelId: guildChannel.id,
      messageId: post.messageId,
      threadId,
    });
    await harness.discord.control.closeDms(buyer.discordUserId);
    await harness.publishEscrow(story.slice(0, 2));
    const inThread = await eventually(
      () => harness.discord.control.channelMessages(threadId),
      (messages) => messages.length === 1,
      'the buyer’s message in the thread',
    );
    expect(inThread[0]?.content).toContain(`<@${buyer.discordUserId}>`);
    expect(inThread[0]?.content).toContain('is held in escrow');
    await eventually(
      () => dmCount(seller.discordUserId),
      (n) => n === 1,
      'the seller’s DM',
    );
    expect(await dmCount(buyer.discordUserId)).toBe(0);
  });

  it('rides out Discord answering 429 and 5xx: every DM arrives, once', async () => {
    const { buyer, seller } = await traders();
    await harness.discord.control.failRestRequests(429, 2, 200);
    await harness.discord.control.failRestRequests(500, 2);
    await harness.publishEscrow(
      releasedEscrowStory({ buyerId: buyer.userId, sellerId: seller.userId }),
    );
    await eventually(
      () => dmCount(buyer.discordUserId, seller.discordUserId),
      (n) => n === 5,
      'five DMs',
    );
    const calls = await harness.discord.control.restCalls();
    expect(calls.filter((call) => call.status === 429)).toHaveLength(2);
    expect(calls.filter((call) => call.status === 500)).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await dmCount(buyer.discordUserId, seller.discordUserId)).toBe(5);
  });

  it('reminds the buyer once, 24 h before the automatic release, and not when the trade moved on', async () => {
    const waiting = await traders();
    const settled = await traders();
    const at = harness.clock.now();
    const delivered = releasedEscrowStory({
      buyerId: waiting.buyer.userId,
      sellerId: waiting.seller.userId,
      at,
    });
    const released = releasedEscrowStory({
      buyerId: settled.buyer.userId,
      sellerId: settled.seller.userId,
      at,
    });
    await harness.publishEscrow([...delivered.slice(0, 3), ...released]);
    await eventually(
      () => dmCount(waiting.buyer.discordUserId),
      (n) => n === 2,
      'the delivery DMs',
    );
    await eventually(
      () => dmCount(settled.buyer.discordUserId),
      (n) => n === 3,
      'the release DMs',
    );
    harness.clock.advanceBy(6 * 24 * 3_600_000 - 60_000); // a minute before the reminder is due
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await dmCount(waiting.buyer.discordUserId)).toBe(2);
    harness.clock.advanceBy(120_000);
    const reminded = await eventually(
      () => dmsOf(waiting.buyer.discordUserId),
      (dms) => dms.length === 3,
      'the reminder',
    );
    expect(reminded[2]?.content).toContain('⏰ The money is released to the seller');
    harness.clock.advanceBy(3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await dmCount(waiting.buyer.discordUserId)).toBe(3);
    expect(await dmCount(settled.buyer.discordUserId)).toBe(3);
  });

  it('tells a seller whose release is held to set up payouts, once per hold', async () => {
    const { buyer, seller } = await traders();
    const [created] = releasedEscrowStory({ buyerId: buyer.userId, sellerId: seller.userId });
    const escrowId = (created?.event.value as { escrowId: string } | undefined)?.escrowId ?? '';
    const held = create(PaymentEventEnvelopeSchema, {
      event: {
        case: 'transferHeld',
        value: {
          meta: createMeta({
            eventId: newId(),
            occurredAt: new Date(),
            traceId: newTraceId(),
            correlationId: escrowId,
          }),
          escrowId,
          rail: Rail.STRIPE,
          sellerId: seller.userId,
          reason: 'PAYOUT_ACCOUNT_MISSING',
          reasonMessage: 'payout account required',
          attempt: 1,
        },
      },
    });
    await harness.publish(TOPICS.paymentEvents, [held, held]);
    const [dm] = await eventually(
      () => dmsOf(seller.discordUserId),
      (dms) => dms.length === 1,
      'the hold DM',
    );
    expect(dm?.content).toContain('you have no payout account yet');
    expect(dm?.content).toContain('/payout');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await dmCount(seller.discordUserId, buyer.discordUserId)).toBe(1);
  });
});
