import type { Database } from '@bloxtr8/db';
import type { EscrowService } from '@bloxtr8/escrow';
import { startEscrowService } from '@bloxtr8/escrow';
import { findPayoutDestination } from '@bloxtr8/identity';
import type { PaymentsService } from '@bloxtr8/payments';
import { startPaymentsService } from '@bloxtr8/payments';
import type { ManualClock } from '@bloxtr8/platform';
import { createLogger, Secret } from '@bloxtr8/platform';
import type { ProjectionsService } from '@bloxtr8/projections';
import { startProjectionsService } from '@bloxtr8/projections';
import type { StripeDouble, StripeEvent } from '@bloxtr8/sandbox/stripe';
import { DOUBLE_TEST_API_KEY } from '@bloxtr8/sandbox/stripe';
import { Stripe } from 'stripe';
import { SimBus } from './sim-bus.ts';
import { SimLog } from './sim-log.ts';
import { SimProcess } from './sim-process.ts';

export const SERVICE_NAMES = ['escrow', 'payments', 'projections'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The simulation signs webhooks itself, as Stripe would at each delivery attempt. */
export const SIM_WEBHOOK_SECRET = 'whsec_simulation_only_not_a_secret';

/** Retries happen within a step and without waiting: simulated time is the scheduler's. */
const SIM_RETRY = { initialMs: 0, maxMs: 0, maxAttempts: 3 };
const SIM_PROVIDER_RETRY = { attempts: 2, initialMs: 0, maxMs: 0 };
/** A client timeout short enough for the timeout faults to cost little wall time. */
export const SIM_STRIPE_TIMEOUT_MS = 80;

// Quiet unless a replay asks for the services' logs (SIM_LOG_LEVEL=warn npm run sim -- --seed S).
const silent = createLogger({ level: process.env.SIM_LOG_LEVEL ?? 'silent' });

/** What one worker keeps across runs: one migrated database, one Stripe double, one clock. */
export interface SimResources {
  readonly db: Database;
  readonly double: StripeDouble;
  readonly clock: ManualClock;
  /** Where the payments service reaches Stripe: the double, or a proxy in front of it. */
  readonly stripePort: number;
}

interface Services {
  escrow: EscrowService;
  payments: PaymentsService;
  projections: ProjectionsService;
}

/**
 * One run's platform: the escrow, payments and projections services, each a simulated process on
 * the shared database and the run's log, started with no loops of their own. A crash drops the
 * process with everything it held in memory; `restart` builds the service again, as a supervisor
 * would, and it resumes from the committed offsets.
 */
export class SimWorld {
  readonly log: SimLog;
  /** Where commands and contract events enter, as the gateway and marketplace would send them. */
  readonly gateway: SimBus;
  readonly resources: SimResources;
  readonly stripe: Stripe;
  readonly processes = {} as Record<ServiceName, SimProcess>;
  readonly #services = {} as Services;
  /** Stripe events seen so far and the deliveries still owed (Stripe retries until a 2xx). */
  readonly #seenEvents = new Set<string>();
  readonly pendingWebhooks: StripeEvent[] = [];

  constructor(resources: SimResources) {
    this.resources = resources;
    this.log = new SimLog(() => resources.clock.now());
    this.gateway = new SimBus(this.log, 'gateway');
    this.stripe = new Stripe(DOUBLE_TEST_API_KEY, {
      host: '127.0.0.1',
      port: resources.stripePort,
      protocol: 'http',
      maxNetworkRetries: 0,
      telemetry: false,
    });
  }

  get escrow(): EscrowService {
    return this.#services.escrow;
  }

  get payments(): PaymentsService {
    return this.#services.payments;
  }

  get projections(): ProjectionsService {
    return this.#services.projections;
  }

  async startAll(): Promise<void> {
    for (const name of SERVICE_NAMES) await this.restart(name);
  }

  /** Starts the service in a fresh process (after a crash, or the first time). */
  async restart(name: ServiceName): Promise<void> {
    await this.processes[name]?.bus.close();
    const process = new SimProcess(name, this.resources.db, this.log);
    this.processes[name] = process;
    const { clock } = this.resources;
    switch (name) {
      case 'escrow':
        this.#services.escrow = await startEscrowService({
          db: process.db,
          bus: process.bus,
          logger: silent,
          clock,
          retry: SIM_RETRY,
          loops: false,
        });
        return;
      case 'payments':
        this.#services.payments = await startPaymentsService({
          db: process.db,
          bus: process.bus,
          logger: silent,
          clock,
          retry: SIM_RETRY,
          loops: false,
          railGuard: { retry: SIM_PROVIDER_RETRY },
          stripe: {
            connection: {
              secretKey: new Secret(DOUBLE_TEST_API_KEY),
              host: '127.0.0.1',
              port: this.resources.stripePort,
              protocol: 'http',
              timeoutMs: SIM_STRIPE_TIMEOUT_MS,
            },
            webhookSecret: new Secret(SIM_WEBHOOK_SECRET),
          },
          payoutDestinations: {
            destinationFor: (sellerId, rail) => findPayoutDestination(process.db, sellerId, rail),
          },
        });
        return;
      case 'projections':
        this.#services.projections = await startProjectionsService({
          db: process.db,
          bus: process.bus,
          logger: silent,
          clock,
          retry: SIM_RETRY,
        });
        return;
    }
  }

  /** Restarts every service whose process died during the last step. */
  async restartCrashed(): Promise<ServiceName[]> {
    const crashed = SERVICE_NAMES.filter((name) => this.processes[name].isDead);
    for (const name of crashed) {
      await this.#kill(name);
      await this.restart(name);
    }
    return crashed;
  }

  async #kill(name: ServiceName): Promise<void> {
    this.processes[name].crash();
    await this.#services[name].kill();
  }

  /** Collects the Stripe events created since the last look: each is a delivery Stripe owes. */
  async collectStripeEvents(): Promise<void> {
    for (const event of await this.resources.double.control.events()) {
      if (this.#seenEvents.has(event.id)) continue;
      this.#seenEvents.add(event.id);
      this.pendingWebhooks.push(event);
    }
  }

  /** One delivery of `event`, signed now, to the payments service's intake. */
  async deliverWebhook(event: StripeEvent): Promise<'accepted' | 'refused' | 'crashed'> {
    const payload = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: SIM_WEBHOOK_SECRET,
      timestamp: Math.floor(this.resources.clock.now().getTime() / 1000),
    });
    try {
      const result = await this.payments.receiveStripeWebhook(Buffer.from(payload), signature);
      return result.ok ? 'accepted' : 'refused';
    } catch (error) {
      if (this.processes.payments.isDead) return 'crashed';
      throw error;
    }
  }

  async close(): Promise<void> {
    for (const name of SERVICE_NAMES) await this.#services[name]?.kill();
    await this.gateway.close();
  }
}
