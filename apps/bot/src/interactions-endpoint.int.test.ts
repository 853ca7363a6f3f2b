import { createDiscordRest } from '@bloxtr8/discord-kit';
import { createLogger, Secret } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { DiscordPerson, startDiscordDouble } from '@bloxtr8/sandbox/discord';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBotServer } from './bot-server.ts';
import { GatewayClient } from './gateway-client.ts';
import type { CommandModule } from './handler-modules.ts';
import { deferReply } from './interaction-context.ts';
import { note } from './replies.ts';

/** A command whose deferred work is done at once: its edit can overtake the deferred answer. */
const quick: CommandModule = {
  name: 'quick',
  description: 'answers at once',
  run: () => deferReply(async () => note('done at once')),
};

describe('the interactions endpoint finishing deferred work', () => {
  let discord: DiscordDouble;
  let bot: FastifyInstance;
  beforeAll(async () => {
    discord = await startDiscordDouble();
    bot = await buildBotServer({
      publicKeyHex: discord.publicKeyHex,
      handlers: { commands: [quick], components: [] },
      logger: createLogger({ level: 'silent' }),
      deps: {
        gateway: new GatewayClient({
          baseUrl: () => 'http://127.0.0.1:1',
          botToken: new Secret('x'.repeat(32)),
        }),
        discord: createDiscordRest({ apiUrl: discord.restApiUrl, botToken: discord.botToken }),
        applicationId: discord.applicationId,
        publicUrl: 'http://127.0.0.1',
        payUrl: () => null,
        logger: createLogger({ level: 'silent' }),
      },
    });
    await discord.control.setInteractionsUrl(
      `${await bot.listen({ host: '127.0.0.1', port: 0 })}/interactions`,
    );
  });
  afterAll(async () => {
    await bot?.close();
    await discord?.close();
  });

  it('edits the original once Discord has it, when the work beat the deferred answer there', async () => {
    // Discord answers Unknown Message (10008) to an edit of an original it has not taken yet.
    await discord.control.failRestRequests(404, 2, 0, 10_008);
    const reply = await new DiscordPerson(discord.control, {
      id: '190000000000000901',
      username: 'quick',
    }).command('quick');
    expect(reply.message?.content).toBe('done at once');
    const edits = (await discord.control.restCalls()).filter((call) =>
      call.path.includes('@original'),
    );
    expect(edits.map((call) => call.status)).toEqual([404, 404, 200]);
  });
});
