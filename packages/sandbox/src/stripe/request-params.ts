import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { AMOUNT_MAX, isSupportedCurrency, supportedCurrencies } from './currencies.ts';
import type { FormFields, FormValue } from './form-body.ts';
import type { StripeFailure } from './stripe-errors.ts';
import {
  integerBelowMinimum,
  invalidCurrency,
  invalidInteger,
  invalidParameter,
  missingParameter,
  unknownParameter,
} from './stripe-errors.ts';

/** Reading one parameter: its value, or the error Stripe answers for it. */
export type Read<Value> = Result<Value, StripeFailure>;

/**
 * Stripe refuses parameters it does not know; the double also refuses the ones it does not model,
 * so a test never passes on a parameter that was silently ignored.
 */
export function findUnknownParameter(
  fields: FormFields,
  allowed: readonly string[],
): StripeFailure | null {
  const unknown = Object.keys(fields).find((name) => !allowed.includes(name));
  return unknown === undefined ? null : unknownParameter(unknown);
}

export function readString(
  fields: FormFields,
  name: string,
  lengthMax = 5000,
): Read<string | null> {
  const value = fields[name];
  if (value === undefined) return ok(null);
  if (typeof value !== 'string') return err(invalidParameter(name, `Invalid string: ${name}`));
  if (value.length > lengthMax) {
    return err(invalidParameter(name, `Invalid string: must be at most ${lengthMax} characters`));
  }
  return ok(value === '' ? null : value);
}

export function readRequiredString(fields: FormFields, name: string): Read<string> {
  const read = readString(fields, name);
  if (!read.ok) return read;
  return read.value === null ? err(missingParameter(name)) : ok(read.value);
}

export function readEnum<Value extends string>(
  fields: FormFields,
  name: string,
  values: readonly Value[],
): Read<Value | null> {
  const read = readString(fields, name);
  if (!read.ok) return read;
  const value = read.value;
  if (value === null) return ok(null);
  return (values as readonly string[]).includes(value)
    ? ok(value as Value)
    : err(invalidParameter(name, `Invalid ${name}: must be one of ${values.join(', ')}`));
}

export function readBoolean(fields: FormFields, name: string): Read<boolean | null> {
  const value = fields[name];
  if (value === undefined) return ok(null);
  if (value === 'true' || value === 'false') return ok(value === 'true');
  return err(invalidParameter(name, `Invalid boolean: ${String(value)}`));
}

/** A whole number of minor units, at least `minimum`, at most Stripe's eight-digit ceiling. */
export function readInteger(
  fields: FormFields,
  name: string,
  minimum: number,
  maximum = AMOUNT_MAX,
): Read<number | null> {
  const value = fields[name];
  if (value === undefined) return ok(null);
  if (typeof value !== 'string' || !/^-?\d{1,16}$/.test(value)) {
    return err(invalidInteger(name, typeof value === 'string' ? value : name));
  }
  const parsed = Number(value);
  if (parsed < minimum) return err(integerBelowMinimum(name, minimum));
  if (parsed > maximum) {
    return err(invalidParameter(name, `This value must be less than or equal to ${maximum}.`));
  }
  return ok(parsed);
}

export function readRequiredAmount(fields: FormFields, name = 'amount'): Read<number> {
  const read = readInteger(fields, name, 1);
  if (!read.ok) return read;
  return read.value === null ? err(missingParameter(name)) : ok(read.value);
}

export function readCurrency(fields: FormFields): Read<string> {
  const read = readRequiredString(fields, 'currency');
  if (!read.ok) return read;
  const currency = read.value.toLowerCase();
  return isSupportedCurrency(currency)
    ? ok(currency)
    : err(invalidCurrency(read.value, supportedCurrencies()));
}

/** Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500. */
export function readMetadata(fields: FormFields): Read<Record<string, string>> {
  const value = fields.metadata;
  const metadata: Record<string, string> = {};
  if (value === undefined || value === '') return ok(metadata);
  if (typeof value === 'string') return err(invalidParameter('metadata', 'Invalid hash'));
  const entries = Object.entries(value);
  if (entries.length > 50) {
    return err(invalidParameter('metadata', 'Invalid metadata: at most 50 keys are allowed'));
  }
  for (const [key, entry] of entries) {
    const problem = metadataProblem(key, entry);
    if (problem !== null) return err(invalidParameter(`metadata[${key}]`, problem));
    if (entry !== '') metadata[key] = entry as string;
  }
  return ok(metadata);
}

function metadataProblem(key: string, value: FormValue): string | null {
  if (key.length > 40) return 'Metadata keys can be at most 40 characters long.';
  if (typeof value !== 'string') return 'Metadata values must be strings.';
  if (value.length > 500) return 'Metadata values can be at most 500 characters long.';
  return null;
}

/** A list sent as `name[0]=…&name[1]=…` (or `name[]=…`), in index order. */
export function readStringList(fields: FormFields, name: string): Read<string[] | null> {
  const value = fields[name];
  if (value === undefined) return ok(null);
  if (typeof value === 'string') return err(invalidParameter(name, `Invalid array: ${name}`));
  const indexes = Object.keys(value);
  if (!indexes.every((index) => /^\d+$/.test(index))) {
    return err(invalidParameter(name, `Invalid array: ${name}`));
  }
  const items = indexes.sort((a, b) => Number(a) - Number(b)).map((index) => value[index]);
  return items.every((item) => typeof item === 'string')
    ? ok(items as string[])
    : err(invalidParameter(name, `Invalid array: ${name}`));
}
