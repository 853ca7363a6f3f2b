import { inject } from 'vitest';

/** A skipped Kafka suite must never pass for a green one: say so, loudly. */
function announceSkip(suite: string, reason: string): void {
  const rule = '!'.repeat(78);
  // biome-ignore lint/suspicious/noConsole: the loud notice is the point; a quiet skip hides.
  console.warn(
    `\n${rule}\n!! SKIPPED: ${suite}\n!! ${reason}\n` +
      `!! Install Java 17+ and Maven (or set KAFKA_BROKERS); CI runs these suites.\n${rule}\n`,
  );
}

/** The brokers a Kafka test file runs against, or undefined when this machine has none. */
export function kafkaBrokersForTests(suite: string): string[] | undefined {
  const brokers = inject('kafkaBrokers');
  if (brokers === null) {
    announceSkip(
      suite,
      'No Kafka: KAFKA_BROKERS is unset and there is no Java for scripts/kafka/kafka.',
    );
    return undefined;
  }
  return brokers.split(',');
}

/** Whether a test may start Kafka clusters of its own with scripts/kafka/kafka. */
export function canStartKafkaClusters(suite: string): boolean {
  const available = inject('kafkaClustersAvailable');
  if (!available) announceSkip(suite, 'No Java to start a Kafka cluster with scripts/kafka/kafka.');
  return available;
}
