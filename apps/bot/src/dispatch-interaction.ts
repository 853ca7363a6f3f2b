import { parseCustomId } from '@bloxtr8/discord-kit';
import type {
  APIApplicationCommandInteractionDataOption,
  APIInteraction,
} from 'discord-api-types/v10';
import { ApplicationCommandOptionType, InteractionType } from 'discord-api-types/v10';
import type { CommandModule, CommandOptions, ComponentModule } from './handler-modules.ts';
import type { Answer, BotDependencies, InteractionContext } from './interaction-context.ts';
import { replyNow } from './interaction-context.ts';
import { fieldOf, note } from './replies.ts';

export interface HandlerSet {
  readonly commands: readonly CommandModule[];
  readonly components: readonly ComponentModule[];
}

type Option = APIApplicationCommandInteractionDataOption;

/** Finds the handler an interaction is for and asks it for its answer. */
export function dispatchInteraction(
  handlers: HandlerSet,
  deps: BotDependencies,
  interaction: APIInteraction,
): Answer | Promise<Answer> {
  const context = contextOf(deps, interaction);
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete: {
      const data = interaction.data as { name: string; options?: Option[] };
      const { subcommand, options } = flatten(data.options ?? []);
      const command = handlers.commands.find(
        (entry) => entry.name === data.name && entry.subcommand?.name === subcommand,
      );
      if (command === undefined) return replyNow(note('That command is not known (any more).'));
      if (interaction.type === InteractionType.ApplicationCommand) {
        return command.run(context, valuesOf(options));
      }
      const focused = options.find((option) => 'focused' in option && option.focused === true);
      return (
        command.autocomplete?.(context, {
          name: focused?.name ?? '',
          value: String((focused as { value?: unknown } | undefined)?.value ?? ''),
        }) ?? replyNow(note('No suggestions.'))
      );
    }
    case InteractionType.MessageComponent:
    case InteractionType.ModalSubmit:
      return dispatchComponent(handlers, context, interaction);
    default:
      return replyNow(note('Bloxtr8 does not handle that kind of interaction.'));
  }
}

function dispatchComponent(
  handlers: HandlerSet,
  context: InteractionContext,
  interaction: APIInteraction,
): Answer | Promise<Answer> {
  const data = interaction.data as {
    custom_id: string;
    components?: Parameters<typeof fieldOf>[0];
  };
  const parsed = parseCustomId(data.custom_id);
  const component =
    parsed === null ? undefined : handlers.components.find((entry) => entry.kind === parsed.kind);
  if (parsed === null || component === undefined) {
    return replyNow(note('This button is out of date. Run the command again.'));
  }
  if (interaction.type === InteractionType.ModalSubmit) {
    const components = data.components ?? [];
    return (
      component.submit?.(context, parsed, (id) => fieldOf(components, id)) ??
      replyNow(note('This form is out of date. Run the command again.'))
    );
  }
  return component.click?.(context, parsed) ?? replyNow(note('This button does nothing.'));
}

function contextOf(deps: BotDependencies, interaction: APIInteraction): InteractionContext {
  const user = interaction.member?.user ?? interaction.user;
  if (user === undefined) throw new Error('an interaction without a user');
  const permissions = interaction.member?.permissions;
  return {
    interaction,
    user: { id: user.id, username: user.username },
    guildId: interaction.guild_id ?? null,
    memberPermissions: permissions === undefined ? null : BigInt(permissions),
    api: deps.gateway.as(user.id),
    deps,
  };
}

/** A subcommand's own options, or the command's when it has none. */
function flatten(options: readonly Option[]): {
  subcommand: string | undefined;
  options: Option[];
} {
  const [first] = options;
  if (first?.type === ApplicationCommandOptionType.Subcommand) {
    return { subcommand: first.name, options: [...(first.options ?? [])] };
  }
  return { subcommand: undefined, options: [...options] };
}

function valuesOf(options: readonly Option[]): CommandOptions {
  const values = new Map<string, string | number | boolean>();
  for (const option of options) {
    if ('value' in option && option.value !== undefined) values.set(option.name, option.value);
  }
  return values;
}
