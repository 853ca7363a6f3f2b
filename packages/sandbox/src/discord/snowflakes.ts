/** Discord's epoch (2015-01-01): snowflakes count milliseconds from it in their top 42 bits. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

let sequence = 0n;

/** A fresh snowflake, as Discord makes them: time, then a 22-bit sequence (unique per process). */
export function newSnowflake(nowMs: number = Date.now()): string {
  sequence = (sequence + 1n) & 0x3f_ffffn;
  return ((BigInt(nowMs) - DISCORD_EPOCH_MS) * 4_194_304n + sequence).toString();
}
