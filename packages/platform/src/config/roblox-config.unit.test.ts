import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';

const configError = (environment: Record<string, string>) => {
  try {
    loadConfig(environment);
    return '';
  } catch (error) {
    return String(error);
  }
};

describe('Roblox configuration', () => {
  it('is the sandbox without an OAuth application', () => {
    expect(loadConfig({}).roblox).toEqual({ mode: 'sandbox', requestTimeoutMs: 5_000 });
  });

  it("uses Roblox's own hosts, or one base URL, with the application, and never shows the secret", () => {
    const live = loadConfig({
      ROBLOX_CLIENT_ID: '3427954418357409128',
      ROBLOX_CLIENT_SECRET: 'RBX-very-secret',
      ROBLOX_REQUEST_TIMEOUT_MS: '2500',
    }).roblox;
    expect(live).toMatchObject({ mode: 'live', apiUrl: undefined, requestTimeoutMs: 2_500 });
    expect(`${inspect(live)}${JSON.stringify(live)}`).not.toContain('very-secret');
    const doubled = loadConfig({
      ROBLOX_CLIENT_ID: '1',
      ROBLOX_CLIENT_SECRET: 's',
      ROBLOX_API_URL: 'http://127.0.0.1:4010',
    }).roblox;
    expect(doubled).toMatchObject({ mode: 'live', apiUrl: new URL('http://127.0.0.1:4010') });
  });

  it('needs the id and the secret together, and sane values', () => {
    expect(configError({ ROBLOX_CLIENT_ID: '1' })).toContain(
      'ROBLOX_CLIENT_SECRET: is required when ROBLOX_CLIENT_ID is set',
    );
    expect(configError({ ROBLOX_CLIENT_SECRET: 's' })).toContain('ROBLOX_CLIENT_SECRET:');
    expect(configError({ ROBLOX_API_URL: 'ftp://x' })).toContain('ROBLOX_API_URL:');
    expect(configError({ ROBLOX_REQUEST_TIMEOUT_MS: '0' })).toContain('ROBLOX_REQUEST_TIMEOUT_MS:');
    expect(configError({ ROBLOX_CLIENT_ID: 'a b', ROBLOX_CLIENT_SECRET: 's' })).toContain(
      'ROBLOX_CLIENT_ID:',
    );
  });
});
