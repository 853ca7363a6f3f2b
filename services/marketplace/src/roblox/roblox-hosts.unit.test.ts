import { describe, expect, it } from 'vitest';
import { ROBLOX_HOSTS, robloxEndpoint, robloxHostsUnder } from './roblox-hosts.ts';

describe('Roblox hosts', () => {
  it("reaches Roblox's own hosts by default", () => {
    expect(robloxEndpoint(ROBLOX_HOSTS.groups, 'v2/users/1/groups/roles').toString()).toBe(
      'https://groups.roblox.com/v2/users/1/groups/roles',
    );
  });

  it('puts every host under one base URL, keeping any path the base has', () => {
    for (const base of ['http://127.0.0.1:4010/roblox', 'http://127.0.0.1:4010/roblox/']) {
      const hosts = robloxHostsUnder(new URL(base));
      expect(robloxEndpoint(hosts.apis, 'oauth/v1/userinfo').toString()).toBe(
        'http://127.0.0.1:4010/roblox/apis/oauth/v1/userinfo',
      );
      expect(robloxEndpoint(hosts.thumbnails, 'v1/games/icons').toString()).toBe(
        'http://127.0.0.1:4010/roblox/thumbnails/v1/games/icons',
      );
    }
  });
});
