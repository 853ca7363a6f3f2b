import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

const trustProxyOf = (TRUST_PROXY: string) => loadConfig({ TRUST_PROXY }).http.trustProxy;

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(trustProxyOf('')).toBe(false);
    expect(trustProxyOf('false')).toBe(false);
    expect(trustProxyOf('0')).toBe(false);
  });

  it('takes a hop count, or addresses and CIDR ranges', () => {
    expect(trustProxyOf('2')).toBe(2);
    expect(trustProxyOf('10.0.0.0/8, 192.168.1.7,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses trusting everyone, and whatever is not an address', () => {
    for (const [value, message] of [
      ['true', /TRUST_PROXY: true would let any client forge its address/],
      ['11', /TRUST_PROXY: at most 10 proxies/],
      ['10.0.0.0/33', /"10.0.0.0\/33" is not an address/],
      ['10.0.0.0/8,proxy.internal', /"proxy.internal" is not an address/],
      ['10.0.0/8', /is not an address/],
    ] as const) {
      expect(() => trustProxyOf(value)).toThrow(ConfigError);
      expect(() => trustProxyOf(value)).toThrow(message);
    }
  });
});
