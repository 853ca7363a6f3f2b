import type { Consumer, MessageBus, RetryPolicy } from '@bloxtr8/bus';
import { DEFAULT_RETRY_POLICY, startConsumer } from '@bloxtr8/bus';
import type { TopicDefinition } from '@bloxtr8/contracts';
import { TOPICS } from '@bloxtr8/contracts';
import type { Database, Queryable } from '@bloxtr8/db';
import { findContract, findListing, findOffer } from '@bloxtr8/marketplace';
import type { Clock, Logger } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { postListing, updateListingPosts } from '../listing-posts/post-listing.ts';
import type { DiscordMessenger } from '../messenger/discord-messenger.ts';
import { CONTRACT_NOTICES } from '../notices/contract-notices.ts';
import { deliverNotices } from '../notices/deliver-notices.ts';
import { ESCROW_NOTICES } from '../notices/escrow-notices.ts';
import { MARKETPLACE_NOTICES } from '../notices/marketplace-notices.ts';
import type { NoticeLookups, NoticeRule } from '../notices/notice.ts';
import type { NotificationsRuntime } from '../notices/notifications-runtime.ts';
import { PAYMENT_NOTICES } from '../notices/payment-notices.ts';
import {
  learnFromContractEvent,
  learnFromEscrowEvent,
  learnFromMarketplaceEvent,
} from '../reminders/learn-deadlines.ts';
import { startReminderSweeper } from '../reminders/reminder-sweeper.ts';
import { findEscrowParties } from '../store/escrow-parties.ts';

export const NOTIFICATIONS_SCHEMA = 'notifications';

export interface NotificationsServiceOptions {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
  readonly messenger: DiscordMessenger;
  readonly clock?: Clock;
  readonly retry?: RetryPolicy;
  /** How often due reminders are looked for. */
  readonly reminderIntervalMs?: number;
}

export interface NotificationsService {
  stop(): Promise<void>;
}

/** One consumer group per topic, so a slow topic never holds the others up. */
export const NOTIFICATIONS_GROUPS = {
  escrowEvents: 'notifications.escrow-events',
  paymentEvents: 'notifications.payment-events',
  contractEvents: 'notifications.contract-events',
  marketplaceEvents: 'notifications.marketplace-events',
} as const;

type Learn = (tx: Queryable, event: never, now: Date) => Promise<void>;

interface TopicPlan {
  readonly groupId: string;
  readonly topic: TopicDefinition;
  readonly rules: { readonly [kind: string]: NoticeRule<never> | undefined };
  readonly learn?: Learn;
}

const PLANS: readonly TopicPlan[] = [
  {
    groupId: NOTIFICATIONS_GROUPS.escrowEvents,
    topic: TOPICS.escrowEvents,
    rules: ESCROW_NOTICES,
    learn: learnFromEscrowEvent as Learn,
  },
  {
    groupId: NOTIFICATIONS_GROUPS.paymentEvents,
    topic: TOPICS.paymentEvents,
    rules: PAYMENT_NOTICES,
  },
  {
    groupId: NOTIFICATIONS_GROUPS.contractEvents,
    topic: TOPICS.contractEvents,
    rules: CONTRACT_NOTICES,
    learn: learnFromContractEvent as Learn,
  },
  {
    groupId: NOTIFICATIONS_GROUPS.marketplaceEvents,
    topic: TOPICS.marketplaceEvents,
    rules: MARKETPLACE_NOTICES,
    learn: learnFromMarketplaceEvent as Learn,
  },
];

/**
 * The notifications service (SPEC §7): consumes the escrow, payment, contract and marketplace
 * events, DMs whoever a change asks something of (with the buttons of their next step), posts and
 * updates listings in the marketplace channels, and sends reminders before deadlines. Messages go
 * out before the inbox records the event (Discord is no transaction), each (event, person) once.
 */
export async function startNotificationsService(
  options: NotificationsServiceOptions,
): Promise<NotificationsService> {
  const logger = options.logger.child({ service: 'notifications' });
  const clock = options.clock ?? systemClock;
  const runtime: NotificationsRuntime = {
    db: options.db,
    messenger: options.messenger,
    clock,
    logger,
    lookups: lookupsOf(options.db),
  };
  // The four groups join at once: a start (and a restart) waits for the slowest, not for the sum.
  const consumers: Consumer[] = await Promise.all(
    PLANS.map((plan) =>
      startConsumer(
        { db: options.db, bus: options.bus, logger },
        {
          groupId: plan.groupId,
          topic: plan.topic,
          inboxSchema: NOTIFICATIONS_SCHEMA,
          retry: options.retry ?? DEFAULT_RETRY_POLICY,
          clock,
          prepare: async (message) => {
            await notify(runtime, plan, message);
          },
          handle: async (message, { tx }) => {
            const { event } = message.envelope as unknown as { event: never };
            await plan.learn?.(tx, event, clock.now());
          },
        },
      ),
    ),
  );
  const reminders = startReminderSweeper(runtime, options.reminderIntervalMs ?? 60_000);
  return {
    async stop() {
      await reminders.stop();
      for (const consumer of consumers) await consumer.stop();
    },
  };
}

async function notify(
  runtime: NotificationsRuntime,
  plan: TopicPlan,
  message: { kind: string; meta: { eventId: string }; message: unknown },
): Promise<void> {
  const eventId = message.meta.eventId;
  if (message.kind === 'listingCreated') {
    await postListing(runtime, eventId, message.message as never);
  } else if (message.kind === 'listingChanged') {
    await updateListingPosts(runtime, eventId, message.message as never);
  }
  const rule = plan.rules[message.kind];
  if (rule === undefined) return;
  const notices = await rule(message.message as never, runtime.lookups);
  await deliverNotices(runtime, eventId, notices);
}

function lookupsOf(db: Database): NoticeLookups {
  return {
    db,
    escrowParties: (escrowId) => findEscrowParties(db, escrowId),
    listing: (listingId) => findListing(db, listingId),
    contract: (contractId) => findContract(db, contractId),
    offer: (offerId) => findOffer(db, offerId),
  };
}
