import type { Consumer, MessageBus, RetryPolicy } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import type { Clock, Logger } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import type { ProjectionContext } from '../handlers/projection-context.ts';
import type { ConsumerGroupLag } from '../queries/projection-lag.ts';
import { projectionLag } from '../queries/projection-lag.ts';
import { readGeneration } from '../store/generation.ts';
import { backlogProbeFor } from './backlog-probe.ts';
import type { RebuildReport } from './rebuild-projections.ts';
import { rebuildProjections } from './rebuild-projections.ts';
import { createSerialQueue } from './serial-queue.ts';
import { startProjectionConsumers } from './start-projection-consumers.ts';

export interface ProjectionsServiceOptions {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly retry?: RetryPolicy;
}

export interface ProjectionsService {
  /** The generation the consumers of this process project into. */
  generation(): number;
  /** Per consumer group of the current generation: how far the read models are behind. */
  lag(): Promise<ConsumerGroupLag[]>;
  /** Stops the consumers, starts the read models over in a new generation, and replays. */
  rebuild(): Promise<RebuildReport>;
  /** Finishes the messages in flight, then stops. */
  stop(): Promise<void>;
  /** Stops at once without committing what is in flight, as a crashed process would. */
  kill(): Promise<void>;
}

/**
 * The projections service's process face: one consumer group per source topic, in the current
 * generation. If another process rebuilds, the consumers notice at their next message and restart
 * on the new generation.
 */
export async function startProjectionsService(
  options: ProjectionsServiceOptions,
): Promise<ProjectionsService> {
  const { db, bus } = options;
  const logger = options.logger.child({ service: 'projections' });
  const clock = options.clock ?? systemClock;
  const serially = createSerialQueue();
  const deps = {
    db,
    bus,
    logger,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  };
  let generation = await readGeneration(db);
  let consumers: Consumer[] = [];
  let closed = false;

  const contextFor = (forGeneration: number): ProjectionContext => {
    let noticed = false;
    return {
      generation: forGeneration,
      clock,
      onStale: (current) => {
        if (noticed) return;
        noticed = true;
        logger.warn(
          { generation: forGeneration, current },
          'read models rebuilt elsewhere; restarting',
        );
        // Not awaited: the handler that noticed must finish before its consumer can stop.
        serially(() => restartOnCurrentGeneration()).catch((error: unknown) =>
          logger.error({ err: error }, 'projections restart failed'),
        );
      },
    };
  };
  const startAll = async () => {
    consumers = await startProjectionConsumers(deps, contextFor(generation));
  };
  const stopAll = async () => {
    const running = consumers;
    consumers = [];
    for (const consumer of running) await consumer.stop();
  };
  const restartOnCurrentGeneration = async () => {
    if (closed) return;
    await stopAll();
    generation = await readGeneration(db);
    await startAll();
  };

  await startAll();
  logger.info({ generation }, 'projections started');
  return {
    generation: () => generation,
    lag: () => projectionLag(db, { now: clock.now(), backlog: backlogProbeFor(bus, db) }),
    rebuild: () =>
      serially(async () => {
        if (closed) throw new Error('the projections service is stopped');
        await stopAll();
        const report = await rebuildProjections(db, { clock });
        generation = report.generation;
        await startAll();
        logger.info(report, 'projections rebuilding from the start of the topics');
        return report;
      }),
    stop: () =>
      serially(async () => {
        closed = true;
        await stopAll();
      }),
    async kill() {
      closed = true;
      const running = consumers;
      consumers = [];
      for (const consumer of running) await consumer.kill();
    },
  };
}
