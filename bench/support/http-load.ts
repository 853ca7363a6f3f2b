import { Worker } from 'node:worker_threads';

/** Requests a load run sends: each worker loop takes the next one, round robin. */
export interface HttpLoad {
  readonly origin: string;
  readonly method: 'GET' | 'POST';
  readonly paths: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly concurrency: number;
  readonly durationMs: number;
}

export interface HttpLoadResult {
  readonly requests: number;
  readonly elapsedMs: number;
  /** Response time of every request, milliseconds. */
  readonly latenciesMs: number[];
  /** Requests answered with a status other than the expected one, by status. */
  readonly unexpected: Readonly<Record<string, number>>;
}

/**
 * Runs the load from a worker thread, so the client's work does not sit on the event loop of the
 * server it measures (both still share the machine's cores).
 */
export function runHttpLoad(load: HttpLoad, expectedStatus: number): Promise<HttpLoadResult> {
  const worker = new Worker(new URL('./http-load-worker.ts', import.meta.url), {
    workerData: { load, expectedStatus },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: HttpLoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
