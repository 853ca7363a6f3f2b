import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIEmbed,
  APIModalInteractionResponseCallbackData,
  APIStringSelectComponent,
  APITextInputComponent,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { ButtonStyle, ComponentType, MessageFlags, TextInputStyle } from 'discord-api-types/v10';

/** A message as the bot and the notifications send it: text, embeds, rows of buttons. */
export type MessageBody = RESTPostAPIChannelMessageJSONBody & {
  readonly flags?: number;
};

/** One colour per meaning, so every message of the same kind looks alike. */
export const COLOURS = {
  info: 0x5865f2,
  action: 0xfee75c,
  success: 0x57f287,
  danger: 0xed4245,
} as const;

export type ButtonRow = APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>;

export function button(
  customId: string,
  label: string,
  style:
    | ButtonStyle.Primary
    | ButtonStyle.Secondary
    | ButtonStyle.Success
    | ButtonStyle.Danger = ButtonStyle.Primary,
): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label, style };
}

export function linkButton(url: string, label: string): APIButtonComponent {
  return { type: ComponentType.Button, url, label, style: ButtonStyle.Link };
}

/** A drop-down of up to 25 choices (Discord's limit), alone in its row. */
export function select(
  customId: string,
  placeholder: string,
  options: ReadonlyArray<{
    readonly label: string;
    readonly value: string;
    readonly description?: string;
  }>,
): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId,
        placeholder: placeholder.slice(0, 150),
        options: options.slice(0, 25).map((option) => ({
          label: option.label.slice(0, 100),
          value: option.value,
          ...(option.description === undefined
            ? {}
            : { description: option.description.slice(0, 100) }),
        })),
      },
    ],
  };
}

/** Up to five buttons in a row (Discord's limit); empty rows are left out by `message`. */
export function row(...buttons: APIButtonComponent[]): ButtonRow {
  return { type: ComponentType.ActionRow, components: buttons.slice(0, 5) };
}

export function message(
  content: string,
  parts: { readonly embeds?: APIEmbed[]; readonly rows?: ButtonRow[] } = {},
): MessageBody {
  return {
    content,
    embeds: parts.embeds ?? [],
    components: (parts.rows ?? []).filter((entry) => entry.components.length > 0),
    allowed_mentions: { parse: [] },
  };
}

/** Seen only by the person who asked (Discord's ephemeral flag). */
export function ephemeral(body: MessageBody): MessageBody {
  return { ...body, flags: (body.flags ?? 0) | MessageFlags.Ephemeral };
}

export interface TextField {
  readonly id: string;
  readonly label: string;
  readonly long?: boolean;
  readonly required?: boolean;
  readonly maxLength?: number;
  readonly placeholder?: string;
  readonly value?: string;
}

/** A form of up to five text fields (Discord's limit), each in a row of its own. */
export function modal(
  customId: string,
  title: string,
  fields: readonly TextField[],
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: title.slice(0, 45),
    components: fields.slice(0, 5).map((field) => ({
      type: ComponentType.ActionRow,
      components: [textInput(field)],
    })),
  };
}

function textInput(field: TextField): APITextInputComponent {
  return {
    type: ComponentType.TextInput,
    custom_id: field.id,
    label: field.label.slice(0, 45),
    style: field.long === true ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: field.required ?? true,
    ...(field.maxLength === undefined ? {} : { max_length: field.maxLength }),
    ...(field.placeholder === undefined ? {} : { placeholder: field.placeholder }),
    ...(field.value === undefined ? {} : { value: field.value }),
  };
}

export { ButtonStyle };
