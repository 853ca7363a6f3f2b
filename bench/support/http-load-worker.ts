import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import type { HttpLoad, HttpLoadResult } from './http-load.ts';

const { load, expectedStatus } = workerData as { load: HttpLoad; expectedStatus: number };
const pool = new Pool(load.origin, { connections: load.concurrency, pipelining: 1 });
const latenciesMs: number[] = [];
const unexpected: Record<string, number> = {};
let next = 0;
const started = performance.now();
const deadline = started + load.durationMs;

async function loop(): Promise<void> {
  while (performance.now() < deadline) {
    const path = load.paths[next++ % load.paths.length] as string;
    const sentAt = performance.now();
    const response = await pool.request({
      method: load.method,
      path,
      headers: load.headers,
      ...(load.body === undefined ? {} : { body: load.body }),
    });
    await response.body.dump();
    latenciesMs.push(performance.now() - sentAt);
    if (response.statusCode !== expectedStatus) {
      unexpected[response.statusCode] = (unexpected[response.statusCode] ?? 0) + 1;
    }
  }
}

await Promise.all(Array.from({ length: load.concurrency }, loop));
const result: HttpLoadResult = {
  requests: latenciesMs.length,
  elapsedMs: performance.now() - started,
  latenciesMs,
  unexpected,
};
await pool.close();
parentPort?.postMessage(result);
