import { openBus } from '@bloxtr8/bus';
import { createLogger } from '@bloxtr8/platform';
import { backlogProbeFor, projectionLag, rebuildProjections } from '@bloxtr8/projections';
import { withDatabase } from './with-database.ts';

const USAGE = `usage: bloxtr8 projections <rebuild|lag>

  projections rebuild   empty the read models and replay the topics into them from the start
                        (a new generation of consumer groups; run it while no projections
                        service runs, or restart them afterwards)
  projections lag       how far each read model's consumer group is behind its topic`;

async function rebuild(): Promise<number> {
  const report = await withDatabase('bloxtr8-projections', (db) => rebuildProjections(db));
  console.log(
    `bloxtr8: projections moved from generation ${report.previousGeneration} to ${report.generation}; the projections service replays the topics when it starts`,
  );
  return 0;
}

/** Counts come from the bus in use: the embedded log's tables, or Kafka's offsets. */
async function lag(): Promise<number> {
  const groups = await withDatabase('bloxtr8-projections', async (db, config) => {
    const logger = createLogger({ level: 'warn', destination: process.stderr });
    const bus = await openBus(config, db, logger);
    try {
      return await projectionLag(db, { now: new Date(), backlog: backlogProbeFor(bus, db) });
    } finally {
      await bus.close();
    }
  });
  for (const group of groups) {
    const behind = group.messagesBehind === null ? 'unknown' : String(group.messagesBehind);
    const since = group.sinceNewestEventMs === null ? '-' : `${group.sinceNewestEventMs} ms`;
    console.log(
      `${group.consumerGroup}  ${group.topic}  behind: ${behind}  projected: ${group.messagesProjected}  since newest event: ${since}`,
    );
  }
  return 0;
}

/** `bloxtr8 projections …`: rebuild the read models from the topics, or see their lag (ADR 0009). */
export function runProjections(args: readonly string[]): Promise<number> {
  switch (args[0]) {
    case 'rebuild':
      return rebuild();
    case 'lag':
      return lag();
    default:
      console.error(USAGE);
      return Promise.resolve(64);
  }
}
