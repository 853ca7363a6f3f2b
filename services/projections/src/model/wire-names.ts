import type { DescEnum } from '@bufbuild/protobuf';

/**
 * The name of a proto enum value as the read models store it (`AWAIT_FUNDS`, `BUYER_CONFIRMED`),
 * or null for UNSPECIFIED and for numbers this code does not know yet: a newer producer's value
 * is shown as unknown rather than guessed.
 */
export function wireName(schema: DescEnum, value: number): string | null {
  if (value === 0) return null;
  return schema.value[value]?.localName ?? null;
}

/** Proto3 strings are '' when unset; the read models say null. */
export function orNull(value: string): string | null {
  return value === '' ? null : value;
}

/** An ISO instant from a message, or null when empty or unreadable. */
export function instantOrNull(value: string): Date | null {
  if (value === '') return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
}
