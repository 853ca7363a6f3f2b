/** A read model's value as JSON carries it: money (bigint) as decimal strings, instants as ISO. */
export type JsonSafe<T> = T extends bigint
  ? string
  : T extends Date
    ? string
    : T extends ReadonlyArray<infer Item>
      ? JsonSafe<Item>[]
      : T extends object
        ? { -readonly [Key in keyof T]: JsonSafe<T[Key]> }
        : T;

export function jsonSafe<T>(value: T): JsonSafe<T> {
  if (typeof value === 'bigint') return value.toString() as JsonSafe<T>;
  if (value instanceof Date) return value.toISOString() as JsonSafe<T>;
  if (Array.isArray(value)) return value.map(jsonSafe) as JsonSafe<T>;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, jsonSafe(inner)]),
    ) as JsonSafe<T>;
  }
  return value as JsonSafe<T>;
}
