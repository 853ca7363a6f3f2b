import {
  createMeta,
  ListingStatus,
  ListingVisibility,
  MarketplaceEventEnvelopeSchema,
  TOPICS,
} from '@bloxtr8/contracts';
import { PRICE_RANGES } from '@bloxtr8/discord-kit';
import { insertAcceptedOffer } from '@bloxtr8/marketplace/testing';
import { newId, newTraceId } from '@bloxtr8/platform';
import { eventually, signUpUser } from '@bloxtr8/test-support/platform';
import { create } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveGuildMarketplace } from '../store/guild-marketplaces.ts';
import type { NotificationsHarness } from '../testing/notifications-harness.ts';
import { startNotificationsHarness } from '../testing/notifications-harness.ts';

describe('listing posts in the marketplace channels', () => {
  let harness: NotificationsHarness;
  beforeAll(async () => {
    harness = await startNotificationsHarness();
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
  }, 30_000);

  /** A server with its four price channels on the double, recorded as /marketplace setup does. */
  async function setUpServer(guildId: string, setUpBy: string) {
    const channels: Record<string, string> = {};
    for (const range of PRICE_RANGES) {
      const answer = await fetch(`${harness.discord.restApiUrl}/v10/guilds/${guildId}/channels`, {
        method: 'POST',
        headers: {
          authorization: `Bot ${harness.discord.botToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: range.name, type: 0 }),
      });
      channels[range.key] = ((await answer.json()) as { id: string }).id;
    }
    await saveGuildMarketplace(harness.test.db, { guildId, channels: channels as never }, setUpBy);
    return channels;
  }

  const event = (kind: 'listingCreated' | 'listingChanged', listingId: string, fields: object) =>
    create(MarketplaceEventEnvelopeSchema, {
      event: {
        case: kind,
        value: {
          meta: createMeta({
            eventId: newId(),
            occurredAt: new Date(),
            traceId: newTraceId(),
            correlationId: listingId,
          }),
          listingId,
          ...fields,
        },
      } as never,
    });

  it('posts PUBLIC listings in every set-up server, PRIVATE ones in their own, and marks sold posts', async () => {
    const { db } = harness.test;
    const seller = await signUpUser(db, { tier: 'TIER_2' });
    const buyer = await signUpUser(db, { tier: 'TIER_1' });
    const [own, other] = ['190000000000000501', '190000000000000502'];
    const ownChannels = await setUpServer(own, seller.userId);
    const otherChannels = await setUpServer(other, seller.userId);
    const open = await insertAcceptedOffer(db, {
      buyerId: buyer.userId,
      sellerId: seller.userId,
      amountCents: 300_000n,
    });
    const privy = await insertAcceptedOffer(db, {
      buyerId: buyer.userId,
      sellerId: seller.userId,
      amountCents: 3_000_000n,
    });
    await db.query(`insert into marketplace.guilds (id, name) values ($1, 'own server')`, [own]);
    await db.query(
      `update marketplace.listings set visibility = 'PRIVATE', guild_id = $2 where id = $1`,
      [privy.listingId, own],
    );
    await harness.publish(TOPICS.marketplaceEvents, [
      event('listingCreated', open.listingId, {
        sellerId: seller.userId,
        priceMinor: 300_000n,
        visibility: ListingVisibility.PUBLIC,
      }),
      event('listingCreated', privy.listingId, {
        sellerId: seller.userId,
        priceMinor: 3_000_000n,
        visibility: ListingVisibility.PRIVATE,
        guildId: own,
      }),
    ]);
    const messagesIn = (channelId: string | undefined) =>
      harness.discord.control.channelMessages(channelId ?? '');
    await eventually(
      () => messagesIn(ownChannels['under-5k']),
      (posts) => posts.length === 1,
      'the PUBLIC post here',
    );
    await eventually(
      () => messagesIn(otherChannels['under-5k']),
      (posts) => posts.length === 1,
      'the PUBLIC post there',
    );
    const [privatePost] = await eventually(
      () => messagesIn(ownChannels['20k-100k']),
      (posts) => posts.length === 1,
      'the PRIVATE post',
    );
    expect(privatePost?.embeds?.[0]?.fields?.find((field) => field.name === 'Seller')?.value).toBe(
      '✅ Verified seller',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await messagesIn(otherChannels['20k-100k'])).toHaveLength(0);

    await db.query(`update marketplace.listings set status = 'SOLD' where id = $1`, [
      open.listingId,
    ]);
    await harness.publish(TOPICS.marketplaceEvents, [
      event('listingChanged', open.listingId, { status: ListingStatus.SOLD }),
    ]);
    for (const channels of [ownChannels, otherChannels]) {
      const [post] = await eventually(
        () => messagesIn(channels['under-5k']),
        (posts) => posts[0]?.embeds?.[0]?.title?.endsWith('— SOLD') === true,
        'the post marked sold',
      );
      expect(post?.components).toEqual([]);
    }
  });
});
