import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A double's HTTP server listening on 127.0.0.1, and how to stop it with its open connections. */
export interface LoopbackListener {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server, port = 0): Promise<LoopbackListener> {
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
