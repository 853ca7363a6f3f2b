import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { JsonSchema } from './openapi-operations.ts';

/** A value the schema accepts, as plain as possible: what a hostile request keeps around its one bad field. */
export function validValueOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const options = schema.anyOf ?? schema.oneOf;
  if (options !== undefined) {
    const first = options.find((option) => option.type !== 'null') ?? options[0] ?? {};
    return validValueOf(first);
  }
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((name) => [
          name,
          validValueOf(schema.properties?.[name] ?? {}),
        ]),
      );
    case 'array':
      return [];
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return validNumberOf(schema);
    case 'null':
      return null;
    default:
      return validTextOf(schema);
  }
}

function validNumberOf(schema: JsonSchema): number {
  if (schema.minimum !== undefined) return schema.minimum;
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + 1;
  return Math.min(1, schema.maximum ?? 1);
}

/** Text of the right shape: a UUID, a URL, a string matching the pattern (fast-check), or words. */
function validTextOf(schema: JsonSchema): string {
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'uri') return 'https://example.com/';
  if (schema.pattern !== undefined) {
    const [text] = fc.sample(fc.stringMatching(new RegExp(schema.pattern)), {
      numRuns: 1,
      seed: 7,
    });
    return text ?? '';
  }
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}
