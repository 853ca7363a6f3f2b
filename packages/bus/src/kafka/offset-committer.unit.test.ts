import { createLogger } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import type { KafkaTopicPartition, OffsetToCommit } from './group-requests.ts';
import { OffsetCommitter } from './offset-committer.ts';

const logger = createLogger({ level: 'silent' });
const tp = (partition: number): KafkaTopicPartition => ({ topic: 't', topicId: 'id', partition });
const mark = (partition: number, offset: bigint): OffsetToCommit => ({ tp: tp(partition), offset });
const summary = (offsets: readonly OffsetToCommit[]) =>
  offsets.map((entry) => `${entry.tp.partition}@${entry.offset}`).sort();

/** A coordinator stand-in whose commits succeed or fail as the test scripts them. */
function coordinator(failures = 0) {
  const commits: string[][] = [];
  let left = failures;
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  return {
    commits,
    hold() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    open() {
      release?.();
      gate = undefined;
    },
    async commit(offsets: readonly OffsetToCommit[]) {
      await gate;
      if (left > 0) {
        left -= 1;
        throw new Error('coordinator moved');
      }
      commits.push(summary(offsets));
    },
  };
}

describe('OffsetCommitter', () => {
  it('commits the newest mark of every partition, folding marks made during a commit', async () => {
    const broker = coordinator();
    const committer = new OffsetCommitter((offsets) => broker.commit(offsets), logger);
    broker.hold();
    committer.mark(mark(0, 1n));
    committer.mark(mark(0, 2n));
    committer.mark(mark(1, 5n));
    committer.mark(mark(0, 3n));
    committer.mark(mark(0, 2n));
    broker.open();
    await committer.flush();
    expect(broker.commits.flat()).toContain('0@3');
    expect(broker.commits.at(-1)).toEqual(['0@3', '1@5']);
    expect(broker.commits.flat()).not.toContain('0@2');
  });

  it('flush waits until the marks of the given partitions are committed', async () => {
    const broker = coordinator();
    const committer = new OffsetCommitter((offsets) => broker.commit(offsets), logger);
    broker.hold();
    committer.mark(mark(4, 10n));
    let flushed = false;
    const flushing = committer.flush(new Set(['t:4'])).then(() => {
      flushed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(flushed).toBe(false);
    broker.open();
    await flushing;
    expect(broker.commits).toEqual([['4@10']]);
  });

  it('retries a failed commit, and a newer mark of the partition supersedes the failed one', async () => {
    const broker = coordinator(1);
    const committer = new OffsetCommitter((offsets) => broker.commit(offsets), logger);
    committer.mark(mark(0, 1n));
    committer.mark(mark(1, 7n));
    await new Promise((resolve) => setTimeout(resolve, 5));
    committer.mark(mark(0, 2n));
    await committer.flush();
    expect(broker.commits.flat().sort()).toEqual(['0@2', '1@7']);
  });

  it('commits nothing once killed, not even what was pending', async () => {
    const broker = coordinator();
    const committer = new OffsetCommitter((offsets) => broker.commit(offsets), logger);
    broker.hold();
    committer.mark(mark(0, 1n));
    await new Promise((resolve) => setImmediate(resolve));
    committer.mark(mark(0, 2n));
    committer.kill();
    committer.mark(mark(0, 3n));
    broker.open();
    await committer.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Only the request already on the wire when the member was killed went out.
    expect(broker.commits).toEqual([['0@1']]);
  });

  it('forgets the pending mark of a partition that was lost', async () => {
    const broker = coordinator();
    const committer = new OffsetCommitter((offsets) => broker.commit(offsets), logger);
    broker.hold();
    committer.mark(mark(0, 1n));
    await new Promise((resolve) => setImmediate(resolve));
    committer.mark(mark(0, 2n));
    committer.mark(mark(1, 4n));
    committer.drop('t:0');
    broker.open();
    await committer.flush();
    expect(broker.commits).toEqual([['0@1'], ['1@4']]);
  });
});
