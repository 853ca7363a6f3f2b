import type { APIMessage, APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import { InteractionType } from 'discord-api-types/v10';
import type { DiscordDoubleControl } from './discord-double-control.ts';
import type { InteractionRequest } from './interaction-sender.ts';

/** What a person sees after a command, click or submit: a message, or a form to fill in. */
export interface Reply {
  readonly interactionId: string;
  readonly message: APIMessage | null;
  readonly modal: APIModalInteractionResponseCallbackData | null;
}

interface Button {
  readonly label?: string;
  readonly custom_id?: string;
  readonly url?: string;
  /** Drop-down menus: their choices. */
  readonly options?: ReadonlyArray<{ readonly label: string; readonly value: string }>;
}

const PATIENCE_MS = 30_000;

/**
 * A person on the sandbox's Discord: types commands, clicks buttons, fills in forms and reads
 * their DMs, each as a signed interaction the double sends to the bot. Answers that come later
 * (deferred) are waited for, as a person watches "thinking…" turn into a message.
 */
export class DiscordPerson {
  readonly #control: DiscordDoubleControl;
  readonly id: string;
  readonly username: string;
  readonly #guild: { readonly id: string; readonly permissions: string } | undefined;

  constructor(
    control: DiscordDoubleControl,
    user: { readonly id: string; readonly username: string },
    guild?: { readonly id: string; readonly permissions?: string },
  ) {
    this.#control = control;
    this.id = user.id;
    this.username = user.username;
    this.#guild =
      guild === undefined ? undefined : { id: guild.id, permissions: guild.permissions ?? '0' };
  }

  /** `/name [subcommand] option:value…` typed in the server (or in DMs without one). */
  command(
    name: string,
    options: Record<string, string | number> = {},
    subcommand?: string,
  ): Promise<Reply> {
    const values = Object.entries(options).map(([option, value]) => ({
      name: option,
      type: typeof value === 'number' ? 4 : 3,
      value,
    }));
    const data = {
      name,
      type: 1,
      options: subcommand === undefined ? values : [{ name: subcommand, type: 1, options: values }],
    };
    return this.#interact({ type: InteractionType.ApplicationCommand, data });
  }

  /** Clicks the button labelled `label` on `message`; a link button answers its URL instead. */
  async click(message: APIMessage, label: string): Promise<Reply | { readonly url: string }> {
    const button = buttonsOf(message).find((entry) => entry.label === label);
    if (button === undefined) throw new Error(`no button "${label}" on message ${message.id}`);
    if (button.url !== undefined) return { url: button.url };
    return this.#interact({
      type: InteractionType.MessageComponent,
      data: { custom_id: button.custom_id, component_type: 2 },
      messageId: message.id,
    });
  }

  /** Chooses `value` in the drop-down menu on `message`. */
  choose(message: APIMessage, value: string): Promise<Reply> {
    const menu = buttonsOf(message).find((entry) => entry.options !== undefined);
    if (menu?.custom_id === undefined) throw new Error(`no menu on message ${message.id}`);
    return this.#interact({
      type: InteractionType.MessageComponent,
      data: { custom_id: menu.custom_id, component_type: 3, values: [value] },
      messageId: message.id,
    });
  }

  /** The suggestions for `option` of `/name subcommand` while `typed` is being typed. */
  async suggestions(
    name: string,
    subcommand: string,
    option: string,
    typed: string,
  ): Promise<string[]> {
    const sent = await this.#control.interact({
      type: InteractionType.ApplicationCommandAutocomplete,
      user: { id: this.id, username: this.username },
      data: {
        name,
        type: 1,
        options: [
          {
            name: subcommand,
            type: 1,
            options: [{ name: option, type: 3, value: typed, focused: true }],
          },
        ],
      },
      ...(this.#guild === undefined
        ? {}
        : { guildId: this.#guild.id, memberPermissions: this.#guild.permissions }),
    });
    const choices =
      (sent.body as { data?: { choices?: Array<{ value: string }> } }).data?.choices ?? [];
    return choices.map((choice) => choice.value);
  }

  /** Fills in and sends the form a click opened. */
  submit(form: Reply, fields: Record<string, string>): Promise<Reply> {
    if (form.modal === null) throw new Error('no form to fill in');
    const components = Object.entries(fields).map(([customId, value]) => ({
      type: 1,
      components: [{ type: 4, custom_id: customId, value }],
    }));
    return this.#interact({
      type: InteractionType.ModalSubmit,
      data: { custom_id: form.modal.custom_id, components },
    });
  }

  /** The first DM (newest last) whose text contains `text`, waited for. */
  async dm(text: string, after = 0): Promise<APIMessage> {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const found = (await this.#control.dms(this.id))
        .slice(after)
        .find((entry) => entry.content.includes(text));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${this.username} got no DM containing "${text}"`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  dms(): Promise<APIMessage[]> {
    return this.#control.dms(this.id);
  }

  async #interact(request: Omit<InteractionRequest, 'user'>): Promise<Reply> {
    const sent = await this.#control.interact({
      ...request,
      user: { id: this.id, username: this.username },
      ...(this.#guild === undefined
        ? {}
        : { guildId: this.#guild.id, memberPermissions: this.#guild.permissions }),
    });
    if (sent.status !== 200)
      throw new Error(`the bot answered ${sent.status}: ${JSON.stringify(sent.body)}`);
    const answer = sent.body as { type: number; data?: unknown };
    if (answer.type === 9) {
      return {
        interactionId: sent.id,
        message: null,
        modal: answer.data as APIModalInteractionResponseCallbackData,
      };
    }
    return {
      interactionId: sent.id,
      message: await this.#finalMessage(sent.id, answer.type),
      modal: null,
    };
  }

  /** The answer once it is there: at once, or when a deferred "thinking…" has been edited. */
  async #finalMessage(interactionId: string, type: number): Promise<APIMessage | null> {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const record = await this.#control.interaction(interactionId);
      const original = record.original;
      const isDeferred = type === 5 || type === 6;
      if (original !== null && (!isDeferred || original.edited_timestamp !== null)) return original;
      if (type === 1 || type === 8) return null;
      if (Date.now() > deadline) throw new Error(`no answer to interaction ${interactionId}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

export function buttonsOf(message: APIMessage): Button[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row ? (row.components as Button[]) : [],
  );
}
