import type { REST } from '@bloxtr8/discord-kit';
import type {
  APIApplicationCommand,
  RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { ApplicationCommandType, InteractionContextType, Routes } from 'discord-api-types/v10';
import { contractViewCommand } from './commands/contract-view.ts';
import { disputesCommand } from './commands/disputes.ts';
import { escrowViewCommand } from './commands/escrow-view.ts';
import { helpCommand } from './commands/help.ts';
import { linkCommand } from './commands/link.ts';
import { listingCreateCommand, listingCreateForm } from './commands/listing-create.ts';
import { listingViewCommand } from './commands/listing-view.ts';
import { marketplaceSetupCommand } from './commands/marketplace-setup.ts';
import { payoutCommand } from './commands/payout.ts';
import { signupCommand } from './commands/signup.ts';
import { verifyCommand } from './commands/verify.ts';
import { contractSign } from './components/contract-sign.ts';
import { contractWeblink } from './components/contract-weblink.ts';
import { disputeResolve } from './components/dispute-resolve.ts';
import { escrowCancel } from './components/escrow-cancel.ts';
import { escrowDeliver } from './components/escrow-deliver.ts';
import { escrowDispute } from './components/escrow-dispute.ts';
import { escrowPay } from './components/escrow-pay.ts';
import { escrowRelease } from './components/escrow-release.ts';
import { escrowView } from './components/escrow-view.ts';
import { listingPage } from './components/listing-page.ts';
import { offerAccept } from './components/offer-accept.ts';
import { offerCounter } from './components/offer-counter.ts';
import { offerDecline } from './components/offer-decline.ts';
import { offerMake } from './components/offer-make.ts';
import { offerPick } from './components/offer-pick.ts';
import { signupAccept } from './components/signup-accept.ts';
import type { HandlerSet } from './dispatch-interaction.ts';
import type { CommandModule, ComponentModule } from './handler-modules.ts';

/** Every command and component the bot answers. */
export const BOT_HANDLERS: HandlerSet = {
  commands: [
    signupCommand,
    linkCommand,
    verifyCommand,
    listingCreateCommand,
    listingViewCommand,
    contractViewCommand,
    escrowViewCommand,
    payoutCommand,
    disputesCommand,
    helpCommand,
    marketplaceSetupCommand,
  ],
  components: [
    signupAccept,
    listingCreateForm,
    listingPage,
    offerMake,
    offerPick,
    offerAccept,
    offerCounter,
    offerDecline,
    contractSign,
    contractWeblink,
    escrowView,
    escrowPay,
    escrowDeliver,
    escrowRelease,
    escrowDispute,
    escrowCancel,
    disputeResolve,
  ] as ComponentModule[],
};

/** The JSON Discord registers: one command per name, its subcommands put together. */
export function commandDefinitions(
  commands: readonly CommandModule[] = BOT_HANDLERS.commands,
): RESTPutAPIApplicationCommandsJSONBody {
  const names = [...new Set(commands.map((command) => command.name))];
  return names.map((name) => {
    const parts = commands.filter((command) => command.name === name);
    const [first] = parts;
    if (first === undefined) throw new Error(`no command ${name}`);
    const subcommands = parts.flatMap((part) =>
      part.subcommand === undefined ? [] : [part.subcommand],
    );
    return {
      type: ApplicationCommandType.ChatInput,
      name,
      description: first.description,
      options: subcommands.length > 0 ? subcommands : [...(first.options ?? [])],
      contexts:
        first.dmPermission === true
          ? [InteractionContextType.Guild, InteractionContextType.BotDM]
          : [InteractionContextType.Guild],
      ...(first.defaultMemberPermissions === undefined
        ? {}
        : { default_member_permissions: first.defaultMemberPermissions }),
    };
  });
}

/**
 * Installs the command set by bulk overwrite (PUT): Discord replaces the whole set, so running it
 * twice leaves one set, and a command removed here disappears there. Guild commands show at once;
 * global ones can take a while to reach every client.
 */
export function registerCommands(
  discord: REST,
  applicationId: string,
  guildId?: string,
): Promise<APIApplicationCommand[]> {
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  return discord.put(route, { body: commandDefinitions() }) as Promise<APIApplicationCommand[]>;
}
