import fc from 'fast-check';
import type { Hostile } from './hostile-values.ts';
import {
  HOSTILE_BODIES,
  HOSTILE_JSON,
  HOSTILE_URL,
  hostileJsonArbitrary,
  hostileUrlArbitrary,
} from './hostile-values.ts';
import type { JsonSchema, Operation } from './openapi-operations.ts';
import { validValueOf } from './schema-values.ts';

/** One request with exactly one hostile part, the rest valid (real ids where the test has them). */
export interface HostileRequest {
  readonly method: string;
  /** The path and query as sent, percent-encoded. */
  readonly url: string;
  readonly body?: { readonly text: string; readonly type: string };
  /** What is hostile, for the report: `body /title: NUL`. */
  readonly what: string;
}

/** The valid values around the hostile one: path parameters (real ids) by name. */
export type PathValues = Readonly<Record<string, string>>;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The operation's URL with the valid path values, one of them replaced when given (encoded). */
function urlOf(
  operation: Operation,
  pathValues: PathValues,
  hostile: { readonly param?: string; readonly encoded?: string; readonly query?: string } = {},
): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    name === hostile.param && hostile.encoded !== undefined
      ? hostile.encoded
      : encodeURIComponent(
          pathValues[name] ?? String(validValueOf(operation.pathParams.get(name) ?? {})),
        ),
  );
  return hostile.query === undefined ? path : `${path}?${hostile.query}`;
}

/** The object a body schema describes (a nullish body's object side), if any. */
function objectSchemaOf(body: JsonSchema | undefined): JsonSchema | undefined {
  if (body === undefined) return undefined;
  return body.type === 'object' ? body : body.anyOf?.find((option) => option.type === 'object');
}

function jsonBodyWith(operation: Operation, field: string, value: unknown) {
  const base = validValueOf(objectSchemaOf(operation.body) ?? {}) as Record<string, unknown>;
  return { text: JSON.stringify({ ...base, [field]: value }), type: 'application/json' };
}

/** Hostile values for one body field; an object field (a free-form record) also inside and as keys. */
function fieldValues(schema: JsonSchema): Hostile<unknown>[] {
  if (schema.type !== 'object') return [...HOSTILE_JSON];
  return [
    ...HOSTILE_JSON,
    ...HOSTILE_JSON.map(([name, value]): Hostile<unknown> => [`inside: ${name}`, { note: value }]),
    ['a NUL key', { 'a\u0000': 1 }],
    ['a lone surrogate key', { '\ud800': 1 }],
  ];
}

/** Every hostile request of the catalogue for one operation: each part, each hostile value. */
export function hostileRequests(operation: Operation, pathValues: PathValues): HostileRequest[] {
  const { method } = operation;
  const inPath = [...operation.pathParams.keys()].flatMap((name) =>
    HOSTILE_URL.map(([label, value]) => ({
      method,
      url: urlOf(operation, pathValues, { param: name, encoded: value }),
      what: `path ${name}: ${label}`,
    })),
  );
  const inQuery = [...operation.queryParams.keys()].flatMap((name) => [
    ...HOSTILE_URL.map(([label, value]) => ({
      method,
      url: urlOf(operation, pathValues, { query: `${name}=${value}` }),
      what: `query ${name}: ${label}`,
    })),
    {
      method,
      url: urlOf(operation, pathValues, { query: `${name}=1&${name}=2` }),
      what: `query ${name}: twice`,
    },
  ]);
  const properties = Object.entries(objectSchemaOf(operation.body)?.properties ?? {});
  const inBody = properties.flatMap(([field, schema]) =>
    fieldValues(schema).map(([label, value]) => ({
      method,
      url: urlOf(operation, pathValues),
      body: jsonBodyWith(operation, field, value),
      what: `body /${field}: ${label}`,
    })),
  );
  const wholeBody = BODY_METHODS.has(method)
    ? HOSTILE_BODIES.map(([label, body]) => ({
        method,
        url: urlOf(operation, pathValues),
        body,
        what: `body: ${label}`,
      }))
    : [];
  return [...inPath, ...inQuery, ...inBody, ...wholeBody];
}

/** Random hostile requests for one operation, for the longer runs (fast-check shrinks failures). */
export function hostileRequestArbitrary(
  operation: Operation,
  pathValues: PathValues,
): fc.Arbitrary<HostileRequest> {
  const { method } = operation;
  const choices: fc.Arbitrary<HostileRequest>[] = [
    ...[...operation.pathParams.keys()].map((name) =>
      hostileUrlArbitrary.map((value) => ({
        method,
        url: urlOf(operation, pathValues, { param: name, encoded: value }),
        what: `path ${name}: ${JSON.stringify(value)}`,
      })),
    ),
    ...[...operation.queryParams.keys()].map((name) =>
      hostileUrlArbitrary.map((value) => ({
        method,
        url: urlOf(operation, pathValues, { query: `${name}=${value}` }),
        what: `query ${name}: ${JSON.stringify(value)}`,
      })),
    ),
    ...Object.keys(objectSchemaOf(operation.body)?.properties ?? {}).map((field) =>
      hostileJsonArbitrary.map((value) => ({
        method,
        url: urlOf(operation, pathValues),
        body: jsonBodyWith(operation, field, value),
        what: `body /${field}: ${JSON.stringify(value)?.slice(0, 200)}`,
      })),
    ),
  ];
  if (BODY_METHODS.has(method)) {
    choices.push(
      fc.jsonValue({ maxDepth: 6 }).map((value) => ({
        method,
        url: urlOf(operation, pathValues),
        body: { text: JSON.stringify(value) ?? 'null', type: 'application/json' },
        what: `body: ${JSON.stringify(value)?.slice(0, 200)}`,
      })),
    );
  }
  return choices.length === 0
    ? fc.constant({ method, url: urlOf(operation, pathValues), what: 'as is' })
    : fc.oneof(...choices);
}
