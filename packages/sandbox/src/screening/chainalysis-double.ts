import type {
  ScreeningDouble,
  ScreeningDoubleOptions,
  ScreeningRequest,
} from './screening-double.ts';
import { NOT_FOUND, startScreeningDouble } from './screening-double.ts';

export interface ChainalysisDouble extends ScreeningDouble {
  /** From now on Chainalysis names `address` in a sanctions designation. */
  sanction(address: string, name?: string): void;
}

const ADDRESS_PATH = /^\/api\/v1\/address\/([^/]+)$/;

/**
 * A loopback stand-in for Chainalysis' sanctions screening API (`GET /api/v1/address/{address}`
 * with `X-API-Key`): no identifications for any address unless a test sanctioned it.
 */
export async function startChainalysisDouble(
  options: ScreeningDoubleOptions = {},
): Promise<ChainalysisDouble> {
  const sanctioned = new Map<string, string>();
  const route = (request: ScreeningRequest) => {
    const match = ADDRESS_PATH.exec(request.path);
    if (request.method !== 'GET' || match === null) return NOT_FOUND;
    const address = decodeURIComponent(match[1] ?? '');
    const name = sanctioned.get(address.toLowerCase());
    return {
      status: 200,
      body: {
        identifications:
          name === undefined
            ? []
            : [
                {
                  category: 'sanctions',
                  name,
                  description: `${name}: a sandbox sanctions designation`,
                  url: 'https://sanctions.invalid/list',
                },
              ],
      },
    };
  };
  const double = await startScreeningDouble(
    options,
    (request) => {
      const key = request.headers['x-api-key'];
      return typeof key === 'string' ? key : null;
    },
    route,
  );
  return {
    ...double,
    sanction: (address, name = 'SANCTIONS: sandbox list') => {
      sanctioned.set(address.toLowerCase(), name);
    },
  };
}
