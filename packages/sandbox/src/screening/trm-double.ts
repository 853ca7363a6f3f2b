import type { IncomingMessage } from 'node:http';
import type {
  ScreeningDouble,
  ScreeningDoubleOptions,
  ScreeningRequest,
} from './screening-double.ts';
import { NOT_FOUND, startScreeningDouble } from './screening-double.ts';

/** TRM's risk levels: Unknown 0, Low 1, Medium 5, High 10, Severe 15. */
export type TrmRiskLevel = number;

export interface TrmDouble extends ScreeningDouble {
  /** From now on TRM reports `address` with one risk indicator of this category and level. */
  setRisk(address: string, level: TrmRiskLevel, category?: string): void;
}

interface Listed {
  readonly level: TrmRiskLevel;
  readonly category: string;
}

const LABELS: ReadonlyArray<readonly [number, string]> = [
  [15, 'Severe'],
  [10, 'High'],
  [5, 'Medium'],
  [1, 'Low'],
  [0, 'Unknown'],
];

const labelOf = (level: number) => LABELS.find(([from]) => level >= from)?.[1] ?? 'Unknown';

function screenedAddress(address: string, chain: string, listed: Listed | undefined) {
  return {
    accountExternalId: null,
    address,
    addressSubmitted: address,
    chain,
    addressRiskIndicators:
      listed === undefined
        ? []
        : [
            {
              category: listed.category,
              categoryId: listed.category.toLowerCase().replaceAll(' ', '-'),
              categoryRiskScoreLevel: listed.level,
              categoryRiskScoreLevelLabel: labelOf(listed.level),
              incomingVolumeUsd: '1000.00',
              outgoingVolumeUsd: '0.00',
              riskType: 'COUNTERPARTY',
              totalVolumeUsd: '1000.00',
            },
          ],
    entities: [],
    trmAppUrl: `https://trm.invalid/address/${address}`,
  };
}

/** Basic auth with the API key as user and password, as TRM expects it. */
function basicKey(request: IncomingMessage): string | null {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return null;
  const [user] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  return user ?? null;
}

/**
 * A loopback stand-in for TRM Labs' wallet screening API (`POST /public/v2/screening/addresses`,
 * its request and response shapes): every address is clean unless a test listed it.
 */
export async function startTrmDouble(options: ScreeningDoubleOptions = {}): Promise<TrmDouble> {
  const listed = new Map<string, Listed>();
  const route = (request: ScreeningRequest) => {
    if (request.method !== 'POST' || request.path !== '/public/v2/screening/addresses') {
      return NOT_FOUND;
    }
    let wanted: Array<{ address?: unknown; chain?: unknown }>;
    try {
      wanted = JSON.parse(request.body);
    } catch {
      return { status: 400, body: { message: 'body must be a JSON array' } };
    }
    if (!Array.isArray(wanted) || wanted.some((each) => typeof each?.address !== 'string')) {
      return { status: 400, body: { message: 'each entry needs an address' } };
    }
    return {
      status: 201,
      body: wanted.map(({ address, chain }) =>
        screenedAddress(
          address as string,
          typeof chain === 'string' ? chain : 'ethereum',
          listed.get((address as string).toLowerCase()),
        ),
      ),
    };
  };
  const double = await startScreeningDouble(options, basicKey, route);
  return {
    ...double,
    setRisk: (address, level, category = 'Scam') => {
      listed.set(address.toLowerCase(), { level, category });
    },
  };
}
