import type { ProvisioningReport, TopicProvisioning } from '@bloxtr8/bus';
import {
  KafkaBus,
  kafkaBusOptionsFrom,
  provisionBusTopics,
  TooFewBrokersError,
} from '@bloxtr8/bus';
import type { KafkaConfig } from '@bloxtr8/platform';
import { ConfigError, createLogger, loadConfig } from '@bloxtr8/platform';

export const KAFKA_TOPICS_USAGE = 'usage: bloxtr8 kafka topics apply [--dry-run]';

/** Exit codes: 0 every topic as the catalog says, 2 drift found, 64 bad usage. */
const EXIT_DRIFT = 2;
const EXIT_USAGE = 64;

/**
 * `bloxtr8 kafka topics apply [--dry-run]`: creates the catalog's missing topics (and DLQ twins)
 * with KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS, reports existing topics that differ,
 * and never alters them.
 */
export async function runKafka(args: readonly string[]): Promise<number> {
  const [noun, verb, ...flags] = args;
  if (noun !== 'topics' || verb !== 'apply' || flags.some((flag) => flag !== '--dry-run')) {
    console.error(`bloxtr8: ${KAFKA_TOPICS_USAGE}`);
    return EXIT_USAGE;
  }
  const dryRun = flags.includes('--dry-run');
  const config = loadConfig(process.env);
  if (config.kafka.brokers === undefined) {
    throw new ConfigError(
      'KAFKA_BROKERS is empty: the embedded log creates its own topics; set it to provision Kafka',
    );
  }
  const logger = createLogger({ level: config.logLevel, destination: process.stderr });
  let bus: KafkaBus;
  try {
    bus = await KafkaBus.open(kafkaBusOptionsFrom(config.kafka), logger);
  } catch (error) {
    console.error(
      `bloxtr8: cannot use Kafka at ${config.kafka.brokers.join(',')}: ${reason(error)}`,
    );
    return 1;
  }
  try {
    const report = await provisionBusTopics(bus, config, { dryRun });
    if (report === undefined) throw new Error('a Kafka bus returned no provisioning report');
    console.log(formatProvisioningReport(report, config.kafka, dryRun));
    return report.hasDrift ? EXIT_DRIFT : 0;
  } catch (error) {
    if (!(error instanceof TooFewBrokersError)) throw error;
    console.error(`bloxtr8: ${describeTooFewBrokers(error, config.kafka)}`);
    return 1;
  } finally {
    await bus.close();
  }
}

/** One line: what is wrong, and the variables that fix it. */
export function describeTooFewBrokers(
  error: TooFewBrokersError,
  kafka: Pick<KafkaConfig, 'brokers' | 'replicationFactor' | 'minInsyncReplicas'>,
): string {
  const fits = error.brokers;
  return (
    `cannot create topics with KAFKA_REPLICATION_FACTOR=${kafka.replicationFactor}: Kafka at ${kafka.brokers?.join(',') ?? '(none)'} ` +
    `has ${fits} broker${fits === 1 ? '' : 's'}; set KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS to at most ${fits} ` +
    `(a single broker: KAFKA_REPLICATION_FACTOR=1 KAFKA_MIN_INSYNC_REPLICAS=1)`
  );
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = error instanceof AggregateError ? error.errors.at(-1) : error.cause;
  return nested instanceof Error ? `${error.message} (${nested.message})` : error.message;
}

const STATUS_WIDTH = 9;

/** The report as an operator reads it: one line per topic, the drifted settings under it. */
export function formatProvisioningReport(
  report: ProvisioningReport,
  kafka: Pick<KafkaConfig, 'brokers' | 'replicationFactor' | 'minInsyncReplicas'>,
  dryRun: boolean,
): string {
  const nameWidth = Math.max(...report.topics.map((topic) => topic.topic.length), 10) + 2;
  const lines = [
    `Kafka topics at ${kafka.brokers?.join(',') ?? '(none)'} ` +
      `(replication factor ${kafka.replicationFactor}, min.insync.replicas ${kafka.minInsyncReplicas})` +
      (dryRun ? ', dry run: nothing is created' : ''),
  ];
  for (const topic of report.topics) lines.push(...describeTopic(topic, nameWidth));
  const counts = (['created', 'ok', 'drift', 'missing'] as const).map(
    (status) => `${report.topics.filter((topic) => topic.status === status).length} ${status}`,
  );
  const total = report.topics.length;
  lines.push('', `${total} topic${total === 1 ? '' : 's'}: ${counts.join(', ')}.`);
  if (report.hasDrift) {
    lines.push(
      'Drift is reported, never fixed here: more partitions move keys to other partitions, and a',
      'shorter retention deletes data. Change those topics by hand (docs/adr/0006-kafka-adapter.md).',
    );
  }
  return lines.join('\n');
}

function describeTopic(topic: TopicProvisioning, nameWidth: number): string[] {
  const head = `  ${topic.status.padEnd(STATUS_WIDTH)}${topic.topic.padEnd(nameWidth)}`;
  const { partitions, retentionMs } = topic.expected;
  switch (topic.status) {
    case 'created':
      return [`${head}${partitions} partitions, retention.ms ${retentionMs}`];
    case 'missing':
      return [`${head}would be created: ${partitions} partitions, retention.ms ${retentionMs}`];
    case 'ok':
      return [head.trimEnd()];
    case 'drift':
      return [
        head.trimEnd(),
        ...topic.differences.map(
          (drift) =>
            `  ${' '.repeat(STATUS_WIDTH)}  ${drift.setting.padEnd(21)}expected ${drift.expected}, actual ${drift.actual}`,
        ),
      ];
  }
}
