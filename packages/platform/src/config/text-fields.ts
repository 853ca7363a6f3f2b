import { z } from 'zod';

/** Treats an empty variable (`DATABASE_URL=`) as unset, the way `.env` files are usually read. */
export const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** Only the words `true` and `false`: a typo such as `ture` must not silently mean "off". */
export const ZBooleanFlag = optionalText.pipe(
  z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .optional()
    .transform((value) => value === 'true'),
);

/** A whole number of some unit within bounds, e.g. hours of a timeout. */
export const wholeNumber = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** One problem of a combination of settings, naming the variable to fix. */
export interface ConfigProblem {
  readonly path: string[];
  readonly message: string;
}
