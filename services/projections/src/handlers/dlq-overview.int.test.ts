import { createMeta, DeadLetterSchema, ErrorKind, TOPICS } from '@bloxtr8/contracts';
import { availableTestEngines } from '@bloxtr8/db/testing';
import { newId, newTraceId } from '@bloxtr8/platform';
import { create, toBinary } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDlqOverview } from '../queries/get-dlq-overview.ts';
import { consumerGroupId } from '../service/consumer-groups.ts';
import type { ProjectionsService } from '../service/start-projections-service.ts';
import type { ProjectionsHarness } from '../testing/projections-harness.ts';
import { openProjectionsHarness } from '../testing/projections-harness.ts';

const DLQ = TOPICS.paymentCommands.dlq.name;

function deadLetter(id: string, failedAt: string, errorType: string) {
  return create(DeadLetterSchema, {
    meta: createMeta({
      eventId: id,
      occurredAt: new Date(failedAt),
      traceId: newTraceId(),
      correlationId: 'trade-dlq',
    }),
    originTopic: TOPICS.paymentCommands.name,
    originPartition: 5,
    originOffset: 17n,
    consumerGroup: 'payments.commands',
    errorKind: ErrorKind.PERMANENT,
    errorType,
    errorMessage: `${errorType} happened`,
    retryCount: 0,
  });
}

describe.each(availableTestEngines())('the DLQ overview on %s', (engine) => {
  let harness: ProjectionsHarness;
  let service: ProjectionsService;

  beforeAll(async () => {
    harness = await openProjectionsHarness(engine);
    service = await harness.startService();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  const publishRaw = (topic: string, value: Uint8Array) =>
    harness.bus.publish([{ topic, key: newId(), value, headers: {} }]);

  it('counts each dead letter once, whatever order and however often they arrive', async () => {
    const older = newId();
    const newer = newId();
    await publishRaw(
      DLQ,
      toBinary(DeadLetterSchema, deadLetter(newer, '2026-03-02T10:00:00Z', 'AMOUNT_MISMATCH')),
    );
    await publishRaw(
      DLQ,
      toBinary(DeadLetterSchema, deadLetter(older, '2026-03-02T09:00:00Z', 'ECONNRESET')),
    );
    // The same failure dead-lettered again (a redelivered failure keeps its id).
    await publishRaw(
      DLQ,
      toBinary(DeadLetterSchema, deadLetter(older, '2026-03-02T09:00:00Z', 'ECONNRESET')),
    );
    // Bytes that are no dead letter at all are skipped without stopping the partition.
    await publishRaw(DLQ, new Uint8Array([0xff, 0xff, 0xff]));
    await harness.waitUntilCaughtUp(service);

    expect(await getDlqOverview(harness.db)).toEqual([
      {
        dlqTopic: DLQ,
        consumerGroup: 'payments.commands',
        originTopic: TOPICS.paymentCommands.name,
        deadLetters: 2,
        oldestFailedAt: new Date('2026-03-02T09:00:00Z'),
        newestFailedAt: new Date('2026-03-02T10:00:00Z'),
        lastError: {
          deadLetterId: newer,
          kind: 'PERMANENT',
          type: 'AMOUNT_MISMATCH',
          message: 'AMOUNT_MISMATCH happened',
          originPartition: 5,
          originOffset: 17n,
        },
      },
    ]);
  });

  it('sees a poison event that its own consumer dead-lettered', async () => {
    await publishRaw(TOPICS.escrowEvents.name, new TextEncoder().encode('not protobuf at all'));
    const group = consumerGroupId(service.generation(), TOPICS.escrowEvents.name);
    const deadline = Date.now() + 20_000;
    let row: Awaited<ReturnType<typeof getDlqOverview>>[number] | undefined;
    while (row === undefined && Date.now() < deadline) {
      await harness.waitUntilCaughtUp(service);
      row = (await getDlqOverview(harness.db)).find((entry) => entry.consumerGroup === group);
    }
    expect(row).toMatchObject({
      dlqTopic: TOPICS.escrowEvents.dlq.name,
      originTopic: TOPICS.escrowEvents.name,
      deadLetters: 1,
      lastError: { kind: 'UNDECODABLE', type: 'UNDECODABLE' },
    });
  });
});
