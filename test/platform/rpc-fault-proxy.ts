import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A JSON-RPC proxy on loopback in front of a node: it forwards every call, except that once armed
 * it lets the next `eth_sendRawTransaction` reach the node, runs `afterBroadcast` (a test kills
 * the payments process there) and never answers the caller, as if the caller died right after
 * the transaction left it.
 */
export interface RpcFaultProxy {
  readonly url: string;
  armAfterBroadcast(afterBroadcast: () => Promise<void>): void;
  /** Resolves once an armed broadcast reached the node and `afterBroadcast` ran. */
  broadcastIntercepted(): Promise<void>;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function isBroadcast(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { method?: string } | Array<{ method?: string }>;
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    return calls.some((call) => call.method === 'eth_sendRawTransaction');
  } catch {
    return false;
  }
}

export async function startRpcFaultProxy(upstream: string): Promise<RpcFaultProxy> {
  let armed: (() => Promise<void>) | undefined;
  let intercepted: () => void = () => {};
  let interception = new Promise<void>((resolve) => {
    intercepted = resolve;
  });
  const forward = async (body: string) => {
    const answer = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: answer.status, text: await answer.text() };
  };
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await bodyOf(request);
    const afterBroadcast = armed !== undefined && isBroadcast(body) ? armed : undefined;
    if (afterBroadcast !== undefined) armed = undefined;
    const answer = await forward(body);
    if (afterBroadcast !== undefined) {
      await afterBroadcast();
      intercepted();
      return; // The caller never hears back.
    }
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.text);
  };
  const server = createServer((request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    armAfterBroadcast(afterBroadcast) {
      armed = afterBroadcast;
      interception = new Promise<void>((resolve) => {
        intercepted = resolve;
      });
    },
    broadcastIntercepted: () => interception,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
