import { isIP } from 'node:net';
import { z } from 'zod';
import { optionalText } from './text-fields.ts';

/**
 * Which peers may say who the client is (X-Forwarded-For): nobody (`false`, the default: the
 * gateway faces clients itself), the last N hops (the load balancers in front of it), or the
 * peers at these addresses or CIDR ranges. Never "everyone": any client could then claim any
 * address, dodge the rate limit and write what it likes into the audit log.
 */
export type TrustProxy = false | number | readonly string[];

/** Names proxy-addr (Fastify's resolver) understands for common private ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const HOPS_MAX = 10;

/** An address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or one of the range names above. */
function isTrustedPeer(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (version === 4 ? 32 : 128);
}

export const proxyEnvironment = {
  TRUST_PROXY: optionalText.transform((value, context): TrustProxy => {
    if (value === undefined || value === 'false') return false;
    if (value === 'true') {
      context.addIssue({
        code: 'custom',
        message:
          'true would let any client forge its address; give the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.0/8)',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= HOPS_MAX) return hops === 0 ? false : hops;
      context.addIssue({ code: 'custom', message: `at most ${HOPS_MAX} proxies` });
      return z.NEVER;
    }
    const peers = value.split(',').map((entry) => entry.trim());
    const invalid = peers.find((entry) => !isTrustedPeer(entry));
    if (invalid === undefined) return peers;
    context.addIssue({
      code: 'custom',
      message: `"${invalid}" is not an address, a CIDR range, loopback, linklocal or uniquelocal`,
    });
    return z.NEVER;
  }),
};
