import { parseArgs } from 'node:util';
import type { DeadLetterSummary } from '@bloxtr8/bus';
import { getDeadLetter, listDeadLetters, openBus, replayDeadLetter } from '@bloxtr8/bus';
import { createLogger } from '@bloxtr8/platform';
import { withDatabase } from './with-database.ts';

const USAGE = `usage: bloxtr8 dlq <list|show|replay>

  dlq list [--topic T] [--all] [--limit N]   dead letters still to handle (--all: replayed too)
  dlq show <id>                              one dead letter: why it failed, headers, payload
  dlq replay <id>...                         put messages back on their topics
  dlq replay --topic T                       replay every pending dead letter of topic T`;

function formatRow(letter: DeadLetterSummary): string {
  const replayed = letter.replayedAt === null ? 'pending' : `replayed x${letter.replayCount}`;
  return [
    letter.id,
    letter.failedAt.toISOString(),
    `${letter.originTopic}[${letter.originPartition}]@${letter.originOffset}`,
    letter.consumerGroup,
    `${letter.errorKind}/${letter.errorType}`,
    replayed,
    letter.errorMessage.slice(0, 80),
  ].join('  ');
}

async function list(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      topic: { type: 'string' },
      all: { type: 'boolean' },
      limit: { type: 'string', default: '100' },
    },
  });
  const letters = await withDatabase('bloxtr8-dlq', (db) =>
    listDeadLetters(db, {
      ...(values.topic === undefined ? {} : { topic: values.topic }),
      includeReplayed: values.all === true,
      limit: Number(values.limit),
    }),
  );
  if (letters.length === 0) console.log('no dead letters');
  for (const letter of letters) console.log(formatRow(letter));
  return 0;
}

async function show(id: string | undefined): Promise<number> {
  if (id === undefined) return usage();
  const letter = await withDatabase('bloxtr8-dlq', (db) => getDeadLetter(db, id));
  if (letter === undefined) {
    console.error(`bloxtr8 dlq: no dead letter ${id}`);
    return 1;
  }
  const { value, ...rest } = letter;
  console.log(
    JSON.stringify(
      {
        ...rest,
        originOffset: rest.originOffset.toString(),
        payloadBase64: Buffer.from(value).toString('base64'),
      },
      null,
      2,
    ),
  );
  return 0;
}

async function replay(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { topic: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length === 0 && values.topic === undefined) return usage();
  const logger = createLogger({ level: 'warn' });
  return withDatabase('bloxtr8-dlq', async (db, config) => {
    const bus = await openBus(config, db, logger);
    try {
      const ids =
        values.topic === undefined
          ? positionals
          : (await listDeadLetters(db, { topic: values.topic, limit: 1000 })).map(
              (letter) => letter.id,
            );
      let missing = 0;
      for (const id of ids) {
        const replayed = await replayDeadLetter(db, bus, id);
        if (replayed === undefined) {
          console.error(`bloxtr8 dlq: no dead letter ${id}`);
          missing += 1;
        } else {
          console.log(`replayed ${id} to ${replayed.originTopic}`);
        }
      }
      return missing === 0 ? 0 : 1;
    } finally {
      await bus.close();
    }
  });
}

function usage(): number {
  console.error(USAGE);
  return 64;
}

/** `bloxtr8 dlq …`: the operators' view of dead letters (ADR 0005). */
export function runDlq(args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'list':
      return list(rest);
    case 'show':
      return show(rest[0]);
    case 'replay':
      return replay(rest);
    default:
      return Promise.resolve(usage());
  }
}
