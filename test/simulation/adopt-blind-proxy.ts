import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The deliberately broken variant the simulator must catch: a loopback proxy in front of the
 * Stripe double that answers every transfer and refund lookup with an empty list, so the payments
 * handler's adopt-before-act step (ADR 0014) finds nothing and acts as if it had skipped it. All
 * other requests pass through unchanged.
 */
export async function startAdoptBlindProxy(
  targetPort: number,
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server = createServer((incoming, outgoing) => {
    const path = new URL(incoming.url ?? '/', 'http://127.0.0.1').pathname;
    if (incoming.method === 'GET' && (path === '/v1/transfers' || path === '/v1/refunds')) {
      incoming.resume();
      outgoing.writeHead(200, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ object: 'list', data: [], has_more: false, url: path }));
      return;
    }
    forward(incoming, outgoing, targetPort);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function forward(incoming: IncomingMessage, outgoing: ServerResponse, port: number): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  upstream.on('error', () => outgoing.destroy());
  incoming.pipe(upstream);
}
