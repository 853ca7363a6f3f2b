import type { Consumer, IncomingMessage } from '@bloxtr8/bus';
import { allTopicDefinitions, TOPICS } from '@bloxtr8/contracts';
import { newId } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../platform/index.ts';
import {
  ApiCaller,
  botHeaders,
  eventually,
  newTrade,
  openEscrow,
  signUpUser,
  startTestPlatform,
} from '../platform/index.ts';

/**
 * Stripe's client secret lets whoever holds it pay the buyer's PaymentIntent: the buyer gets it
 * from the gateway, which asks the payments service; it never goes over the bus, where every
 * consumer (and every DLQ, replay and retention window) would hold it.
 */
describe('the Stripe client secret of an escrow', () => {
  let platform: TestPlatform;
  let everyTopic: Consumer;
  const wire: IncomingMessage[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ projections: true });
    everyTopic = await platform.bus.subscribe({
      groupId: `test-wire.${newId()}`,
      topics: allTopicDefinitions().map((topic) => topic.name),
      handler: async (message) => {
        wire.push(message);
      },
    });
  }, 120_000);
  afterAll(async () => {
    await everyTopic?.stop();
    await platform?.stop();
  }, 60_000);

  it('reaches the buyer through the gateway, never the seller, and never travels on the bus', async () => {
    const buyer = await signUpUser(platform.db, { tier: 'TIER_1' });
    const seller = await signUpUser(platform.db, { tier: 'TIER_1' });
    const trade = newTrade({ buyerId: buyer.userId, sellerId: seller.userId });
    const view = (who: typeof buyer) =>
      new ApiCaller(platform.baseUrl, botHeaders(who.discordUserId)).get(
        `/api/escrow/${trade.escrowId}`,
      );

    const paymentIntentId = await openEscrow(platform, trade);
    const forBuyer = await eventually(
      () => view(buyer),
      (answer) => answer.status === 200 && answer.body.payment.clientSecret !== null,
      'the buyer’s view with what paying needs',
    );
    const secret: string = forBuyer.body.payment.clientSecret;
    const atStripe = (await platform.stripe.control.objects()).paymentIntents.find(
      (intent) => intent.id === paymentIntentId,
    );
    expect(secret).toBe(atStripe?.client_secret);
    expect((await view(seller)).body.payment.clientSecret).toBeNull();

    await platform.stripe.control.succeedPaymentIntent(paymentIntentId, { clientSecret: secret });
    const funded = await eventually(
      () => view(buyer),
      (answer) => answer.body.state === 'FUNDS_HELD',
      'the funds to be held',
    );
    expect(funded.body.payment.clientSecret).toBeNull();

    const ofTrade = await eventually(
      async () => wire.filter((message) => message.key === trade.escrowId),
      (messages) => messages.some((message) => message.topic === TOPICS.paymentEvents.name),
      'the trade’s messages on the bus',
    );
    expect(ofTrade.length).toBeGreaterThan(3);
    const carriers = wire.filter((message) => Buffer.from(message.value).includes(secret));
    expect(carriers.map((message) => message.topic)).toEqual([]);
  });
});
