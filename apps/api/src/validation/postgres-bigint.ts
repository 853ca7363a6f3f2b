import { z } from 'zod';

/** PostgreSQL's bigint (int8) range: every numeric id and amount the platform stores fits it. */
export const PG_BIGINT_MIN = -(2n ** 63n);
export const PG_BIGINT_MAX = 2n ** 63n - 1n;

export const PG_BIGINT_MESSAGE = `must be at most ${PG_BIGINT_MAX}`;

export function fitsPgBigint(value: bigint): boolean {
  return value >= PG_BIGINT_MIN && value <= PG_BIGINT_MAX;
}

/**
 * A positive decimal id of a bigint column, as text (Roblox universe, place and user ids): 1 to
 * 19 digits is not enough of a rule, since 9,999,999,999,999,999,999 passes it and overflows.
 */
export const ZPositiveBigintId = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, 'must be a positive whole number')
  .refine(isWithinBigint, PG_BIGINT_MESSAGE);

/**
 * Compared as text: zod runs refinements after a failed pattern too, and BigInt('0.5') throws.
 * Equal-length digit strings compare like the numbers they spell.
 */
function isWithinBigint(text: string): boolean {
  const max = PG_BIGINT_MAX.toString();
  if (!/^[0-9]+$/.test(text)) return true;
  return text.length < max.length || (text.length === max.length && text <= max);
}

/** A Roblox universe (experience) id: Roblox ids are stored as bigint. */
export const ZRobloxId = ZPositiveBigintId.describe('The Roblox universe (experience) id');

/** A whole number given in a query string, within bigint (e.g. an audit log position). */
export const zQueryBigint = (min: bigint) =>
  z.coerce.bigint().min(min).max(PG_BIGINT_MAX, PG_BIGINT_MESSAGE);
