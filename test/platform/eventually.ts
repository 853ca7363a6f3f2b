/** Reads until `until` holds: the read models and the bus follow their own pace. */
export async function eventually<T>(
  read: () => Promise<T>,
  until: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value, jsonBigint)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function jsonBigint(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
