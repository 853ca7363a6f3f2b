import { validatorCompiler } from 'fastify-type-provider-zod';
import type { UnsafeInput } from './unsafe-input.ts';
import { findOversizedBigint, findUnsafeInput } from './unsafe-input.ts';

/** A validation failure as Fastify's error handler reads it (Ajv's shape). */
function validationError(unsafe: UnsafeInput) {
  return {
    error: [
      {
        keyword: 'input',
        instancePath: unsafe.path,
        schemaPath: '#',
        params: {},
        message: unsafe.message,
      },
    ],
  };
}

/**
 * Every route's body, query and path parameters pass the platform's input rule (see
 * `findUnsafeInput`) before their own zod schema, and the bigints a schema yields must fit
 * PostgreSQL's: one rule for every text and id field, so no route can forget it (ADR 0016).
 * Headers are left to Node's HTTP parser, which admits neither control characters nor anything
 * but Latin-1 there.
 */
export const hygienicValidatorCompiler: typeof validatorCompiler = (route) => {
  const validate = validatorCompiler(route);
  if (route.httpPart === 'headers') return validate;
  return (data: unknown) => {
    const unsafe = findUnsafeInput(data);
    if (unsafe !== undefined) return validationError(unsafe);
    const result = validate(data);
    if (typeof result !== 'object' || !('value' in result)) return result;
    const oversized = findOversizedBigint(result.value);
    return oversized === undefined ? result : validationError(oversized);
  };
};
