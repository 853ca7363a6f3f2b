export type { HostileRequest, PathValues } from './hostile-requests.ts';
export { hostileRequestArbitrary, hostileRequests } from './hostile-requests.ts';
export type { Hostile } from './hostile-values.ts';
export { HOSTILE_BODIES, HOSTILE_JSON, HOSTILE_URL, percentEncode } from './hostile-values.ts';
export type { JsonSchema, OpenApiDocument, Operation } from './openapi-operations.ts';
export { operationsOf } from './openapi-operations.ts';
export { validValueOf } from './schema-values.ts';
export type { Verdict } from './verdict.ts';
export { sendAll, sendHostile } from './verdict.ts';
