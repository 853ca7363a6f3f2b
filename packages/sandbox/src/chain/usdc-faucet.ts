import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { isAddress } from 'viem';
import type { LoopbackListener } from '../loopback-listener.ts';
import { listenOnLoopback } from '../loopback-listener.ts';
import { readBody, sendJson } from '../stripe/http-io.ts';
import type { UsdcChain } from './usdc-chain.ts';

/** The most one faucet call mints: $1,000,000, in base units. */
const FAUCET_MAX_MINOR = 1_000_000n * 1_000_000n;

export interface UsdcFaucet extends LoopbackListener {}

/**
 * The USDC sandbox's front door on loopback: `GET /` says where the chain is (its JSON-RPC URL,
 * chain id and token), `POST /faucet` with `{"address", "amountMinor"}` mints sandbox USDC to a
 * wallet and gives it ETH for gas, so a demo buyer can pay a deposit address.
 */
export function startUsdcFaucet(chain: UsdcChain, port = 0): Promise<UsdcFaucet> {
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method === 'GET' && path === '/') {
      return sendJson(
        response,
        200,
        JSON.stringify({
          sandbox: 'USDC on a local anvil chain: no real money',
          rpcUrl: chain.rpcUrl,
          chainId: chain.chainId,
          usdcContractAddress: chain.tokenAddress,
        }),
      );
    }
    if (request.method !== 'POST' || path !== '/faucet') {
      return sendJson(response, 404, JSON.stringify({ message: 'GET / or POST /faucet' }));
    }
    const wanted = parseFaucetRequest((await readBody(request)) ?? '');
    if (wanted === undefined) {
      return sendJson(
        response,
        400,
        JSON.stringify({
          message: `{"address": "0x…", "amountMinor": "<base units, at most ${FAUCET_MAX_MINOR}>"}`,
        }),
      );
    }
    await chain.fundGas(wanted.address);
    const txHash = await chain.mint(wanted.address, wanted.amountMinor);
    sendJson(response, 200, JSON.stringify({ txHash, amountMinor: wanted.amountMinor.toString() }));
  };
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) =>
      sendJson(response, 502, JSON.stringify({ message: `the chain failed: ${String(error)}` })),
    );
  });
  return listenOnLoopback(server, port);
}

function parseFaucetRequest(
  body: string,
): { readonly address: `0x${string}`; readonly amountMinor: bigint } | undefined {
  try {
    const parsed = JSON.parse(body) as { address?: unknown; amountMinor?: unknown };
    const { address, amountMinor } = parsed;
    if (typeof address !== 'string' || !isAddress(address)) return undefined;
    if (typeof amountMinor !== 'string' || !/^[1-9][0-9]{0,18}$/.test(amountMinor)) {
      return undefined;
    }
    const amount = BigInt(amountMinor);
    return amount > FAUCET_MAX_MINOR ? undefined : { address, amountMinor: amount };
  } catch {
    return undefined;
  }
}
