import { murmur2 as referenceMurmur2 } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('murmur2 partitioner', () => {
  it("matches the Java client's murmur2 on Kafka's own test vectors", () => {
    // From Apache Kafka's UtilsTest.testMurmur2.
    expect(murmur2(encode('21'))).toBe(-973932308);
    expect(murmur2(encode('foobar'))).toBe(-790332482);
    expect(murmur2(encode('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(encode('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(encode('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(encode('abc'))).toBe(479470107);
  });

  it('agrees with the Kafka client library on many keys of every length', () => {
    for (let length = 0; length < 70; length += 1) {
      const key = Array.from({ length }, (_, i) =>
        String.fromCharCode(33 + ((i * 7 + length) % 90)),
      ).join('');
      expect(murmur2(encode(key)), key).toBe(referenceMurmur2(Buffer.from(key)));
    }
  });

  it('spreads escrow ids over all 12 partitions and always maps one key to one partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 500; i += 1) {
      const key = `0190f5a2-7c1e-7a3b-9c4d-${String(i).padStart(12, '0')}`;
      const partition = partitionForKey(key, 12);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(12);
      expect(partitionForKey(key, 12)).toBe(partition);
      seen.add(partition);
    }
    expect(seen.size).toBe(12);
  });
});
