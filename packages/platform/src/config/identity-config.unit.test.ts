import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

function configError(environment: Record<string, string>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

const secret = 's'.repeat(32);

describe('identity configuration', () => {
  it('defaults to the Discord sandbox, a local public URL, 7-day sessions and 120 requests a minute', () => {
    const { identity } = loadConfig({ PORT: '4000' });
    expect(identity).toEqual({
      discord: { mode: 'sandbox' },
      publicUrl: new URL('http://127.0.0.1:4000'),
      botToken: undefined,
      sessionSecret: undefined,
      sessionTtlMs: 7 * 24 * 3_600_000,
      redisUrl: undefined,
      rateLimitPerMinute: 120,
      adminDiscordIds: [],
    });
  });

  it('takes the bootstrap admins as Discord user ids, and refuses anything else', () => {
    const ids = ' 123456789012345678, 234567890123456789,123456789012345678';
    expect(loadConfig({ ADMIN_DISCORD_IDS: ids }).identity.adminDiscordIds).toEqual([
      '123456789012345678',
      '234567890123456789',
    ]);
    expect(configError({ ADMIN_DISCORD_IDS: '123456789012345678,@alice' })).toContain(
      'ADMIN_DISCORD_IDS: "@alice" is not a Discord user id',
    );
  });

  it('uses real Discord with an application id and secret, and never shows the secrets', () => {
    const { identity } = loadConfig({
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_CLIENT_SECRET: 'discord-secret-abc',
      SESSION_SECRET: `session-${secret}`,
      BOT_API_TOKEN: `bot-${secret}`,
      REDIS_URL: 'redis://:hunter2@cache.internal:6379',
      PUBLIC_URL: 'https://bloxtr8.example',
      SESSION_TTL_HOURS: '24',
      RATE_LIMIT_PER_MINUTE: '600',
    });
    expect(identity.discord).toMatchObject({
      mode: 'live',
      clientId: '123456789012345678',
      apiUrl: new URL('https://discord.com'),
    });
    expect(identity.publicUrl.toString()).toBe('https://bloxtr8.example/');
    expect(identity.sessionTtlMs).toBe(24 * 3_600_000);
    expect(identity.rateLimitPerMinute).toBe(600);
    expect(identity.redisUrl?.reveal()).toBe('redis://:hunter2@cache.internal:6379');
    const printed = `${inspect(identity, { depth: 5 })}${JSON.stringify(identity)}`;
    expect(printed).not.toMatch(/discord-secret-abc|hunter2|session-s|bot-s/);
  });

  it('needs the secret with the id, and a session secret with real Discord or https', () => {
    expect(configError({ DISCORD_CLIENT_ID: '123456789012345678' })).toContain(
      'DISCORD_CLIENT_SECRET: is required when DISCORD_CLIENT_ID is set',
    );
    expect(
      configError({ DISCORD_CLIENT_ID: '123456789012345678', DISCORD_CLIENT_SECRET: 'x' }),
    ).toContain('SESSION_SECRET: is required when DISCORD_CLIENT_ID is set or PUBLIC_URL is https');
    expect(configError({ PUBLIC_URL: 'https://localhost:8443' })).toContain('SESSION_SECRET:');
    expect(configError({ DISCORD_CLIENT_SECRET: 'x' })).toContain(
      'DISCORD_CLIENT_SECRET: is set but DISCORD_CLIENT_ID is empty',
    );
  });

  it('never runs the anyone-is-anyone sign-in sandbox on a public address', () => {
    for (const url of ['https://bloxtr8.example', 'http://10.0.0.5:3000']) {
      expect(configError({ PUBLIC_URL: url, SESSION_SECRET: secret })).toContain(
        'DISCORD_CLIENT_ID: is required when PUBLIC_URL is not a loopback address',
      );
    }
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).identity.discord.mode).toBe(
      'sandbox',
    );
  });

  it('refuses short secrets, bad URLs and out-of-range numbers without repeating secrets', () => {
    const short = configError({ BOT_API_TOKEN: 'short-bot-token', SESSION_SECRET: 'tiny' });
    expect(short).toContain('BOT_API_TOKEN: must be at least 32 characters');
    expect(short).toContain('SESSION_SECRET: must be at least 32 characters');
    expect(short).not.toMatch(/short-bot-token|tiny/);
    expect(configError({ DISCORD_CLIENT_ID: 'my-app' })).toContain('DISCORD_CLIENT_ID:');
    expect(configError({ REDIS_URL: 'http://cache:6379' })).toContain('REDIS_URL:');
    expect(configError({ PUBLIC_URL: 'ftp://x' })).toContain('PUBLIC_URL:');
    expect(configError({ SESSION_TTL_HOURS: '0' })).toContain('SESSION_TTL_HOURS:');
    expect(configError({ RATE_LIMIT_PER_MINUTE: 'lots' })).toContain('RATE_LIMIT_PER_MINUTE:');
  });
});
