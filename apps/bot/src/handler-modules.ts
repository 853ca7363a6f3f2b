import type { CustomIdKind, ParsedCustomId } from '@bloxtr8/discord-kit';
import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandSubcommandOption,
  Permissions,
} from 'discord-api-types/v10';
import type { Answer, InteractionContext } from './interaction-context.ts';

/** A slash command's options as typed, by name. */
export type CommandOptions = ReadonlyMap<string, string | number | boolean>;

/**
 * One slash command (or one subcommand of `/listing`, `/escrow`…): the JSON Discord registers and
 * the handler. Subcommands of one name are put together into one command by the command set.
 */
export interface CommandModule {
  readonly name: string;
  readonly description: string;
  readonly subcommand?: APIApplicationCommandSubcommandOption;
  readonly options?: readonly APIApplicationCommandBasicOption[];
  /** Who sees the command by default (e.g. guild managers for `/marketplace`). */
  readonly defaultMemberPermissions?: Permissions;
  /** Usable in DMs with the bot as well as in servers. */
  readonly dmPermission?: boolean;
  run(context: InteractionContext, options: CommandOptions): Answer | Promise<Answer>;
  /** Suggestions for the focused option while the person types. */
  autocomplete?(
    context: InteractionContext,
    focused: { readonly name: string; readonly value: string },
  ): Promise<Answer>;
}

/** The fields a person typed into a modal, by the field's id. */
export type ModalFields = (id: string) => string;

/** A button or select menu and the modal it may open, by the kind of its custom_id. */
export interface ComponentModule<Kind extends CustomIdKind = CustomIdKind> {
  readonly kind: Kind;
  click?(context: InteractionContext, id: ParsedCustomId<Kind>): Answer | Promise<Answer>;
  submit?(
    context: InteractionContext,
    id: ParsedCustomId<Kind>,
    fields: ModalFields,
  ): Answer | Promise<Answer>;
}
