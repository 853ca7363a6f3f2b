const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/**
 * Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), as a signed 32-bit integer.
 * 32-bit multiplications use Math.imul, so no BigInt is needed on the hot path.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k =
      (data[i] as number) |
      ((data[i + 1] as number) << 8) |
      ((data[i + 2] as number) << 16) |
      ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // The trailing one to three bytes, mixed as Java's switch with fall-through does.
  const remaining = length - whole;
  if (remaining >= 3) h ^= (data[whole + 2] as number) << 16;
  if (remaining >= 2) h ^= (data[whole + 1] as number) << 8;
  if (remaining >= 1) {
    h ^= data[whole] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

const encoder = new TextEncoder();

/**
 * The partition of a key, as the Java client's default partitioner chooses it for a keyed message:
 * `toPositive(murmur2(key)) % partitions`. Both buses use it, so a key lands on the same
 * partition whichever bus carries it.
 */
export function partitionForKey(key: string, partitions: number): number {
  return (murmur2(encoder.encode(key)) & 0x7fffffff) % partitions;
}
