import { registerCommands } from '@bloxtr8/bot';
import { createLogger, loadConfig } from '@bloxtr8/platform';
import { resolveDiscordBot } from '../platform/discord-bot-settings.ts';
import { openSandboxHome } from '../platform/sandbox-home.ts';

const USAGE = 'usage: bloxtr8 discord commands register [--guild GUILD_ID]';

/**
 * `bloxtr8 discord commands register [--guild ID]`: installs the bot's command set by bulk
 * overwrite (PUT), globally or in one server (shows at once; good for trying it). Running it
 * twice leaves the same one set. Without a Discord application, into the sandbox's double.
 */
export async function runDiscord(args: readonly string[]): Promise<number> {
  const [group, action, flag, guildId] = args;
  const guildOk = flag === undefined || (flag === '--guild' && /^[0-9]{5,25}$/.test(guildId ?? ''));
  if (group !== 'commands' || action !== 'register' || !guildOk || args.length > 4) {
    console.error(USAGE);
    return 64;
  }
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  let home: Awaited<ReturnType<typeof openSandboxHome>> | undefined;
  const discord = await resolveDiscordBot(config, logger, async () => {
    home = await openSandboxHome(config.dataDir);
    return home;
  });
  try {
    const commands = await registerCommands(discord.rest, discord.applicationId, guildId);
    const where = guildId === undefined ? 'globally' : `in server ${guildId}`;
    console.log(
      `bloxtr8 discord: ${commands.length} commands registered ${where}: ${commands.map((command) => `/${command.name}`).join(' ')}`,
    );
    return 0;
  } finally {
    await discord.close();
    await home?.close();
  }
}
