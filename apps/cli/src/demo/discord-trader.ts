import { randomInt } from 'node:crypto';
import type { DiscordDoubleControl, Reply } from '@bloxtr8/sandbox/discord';
import { buttonsOf, DiscordPerson } from '@bloxtr8/sandbox/discord';
import { consentOnDouble, finishInBrowser, RobloxDoubleControl } from '@bloxtr8/sandbox/roblox';
import type { APIMessage } from 'discord-api-types/v10';

/** MANAGE_GUILD: what `/marketplace setup` asks of the person running it. */
const MANAGES_SERVER = String(1 << 5);

/** Tells a story line by line, as people in Discord see it. */
export type Say = (line: string) => void;

/** A message as a person reads it: its text, its embeds' titles and its buttons. */
export function describeMessage(message: APIMessage): string {
  const embeds = (message.embeds ?? []).map((embed) => `[${embed.title ?? 'card'}]`);
  const buttons = (message.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.map((button) => `(${(button as { label?: string }).label ?? '…'})`)
      : [],
  );
  return [message.content.split('\n')[0], ...embeds, ...buttons]
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * A trader of the demo: a person on the sandbox's Discord in one server, who links Roblox in the
 * sandbox's browser flow and prints every reply and DM they get.
 */
export class DiscordTrader {
  readonly person: DiscordPerson;
  readonly name: string;
  readonly #say: Say;
  #dmsRead = 0;

  constructor(
    control: DiscordDoubleControl,
    name: string,
    guildId: string,
    say: Say,
    id = `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`,
  ) {
    this.name = name;
    this.#say = say;
    this.person = new DiscordPerson(
      control,
      { id, username: `${name}_${id.slice(-5)}` },
      { id: guildId, permissions: MANAGES_SERVER },
    );
  }

  /** A slash command and the bot's reply. */
  async command(
    line: string,
    name: string,
    options: Record<string, string | number> = {},
    sub?: string,
  ) {
    this.#say(`${this.name} › ${line}`);
    return this.#shown(await this.person.command(name, options, sub));
  }

  /** Clicks a button; a form it opens is filled in with `fields`. */
  async click(message: APIMessage, label: string, fields?: Record<string, string>): Promise<Reply> {
    this.#say(`${this.name} clicks (${label})`);
    const clicked = await this.person.click(message, label);
    if ('url' in clicked) throw new Error(`(${label}) is a link`);
    if (clicked.modal === null) return this.#shown(clicked);
    this.#say(
      `${this.name} fills in "${clicked.modal.title}": ${Object.values(fields ?? {}).join(' · ')}`,
    );
    return this.#shown(await this.person.submit(clicked, fields ?? {}));
  }

  /** Chooses the menu entry whose label contains `label`; a form it opens is filled in. */
  async choose(message: APIMessage, label: string, fields: Record<string, string>): Promise<Reply> {
    const option = buttonsOf(message)
      .flatMap((entry) => entry.options ?? [])
      .find((entry) => entry.label.includes(label));
    if (option === undefined) throw new Error(`no menu entry "${label}"`);
    this.#say(`${this.name} picks "${option.label}"`);
    const form = await this.person.choose(message, option.value);
    if (form.modal === null) return this.#shown(form);
    this.#say(`${this.name} fills in "${form.modal.title}": ${Object.values(fields).join(' · ')}`);
    return this.#shown(await this.person.submit(form, fields));
  }

  /** The URL behind a link button (a person's browser opens it). */
  async link(message: APIMessage, label: string): Promise<string> {
    const clicked = await this.person.click(message, label);
    if (!('url' in clicked)) throw new Error(`(${label}) is not a link`);
    this.#say(`${this.name} opens (${label})`);
    return clicked.url;
  }

  /** Waits for the next DM containing `text` and prints it. */
  async dm(text: string): Promise<APIMessage> {
    const message = await this.person.dm(text, this.#dmsRead);
    const all = await this.person.dms();
    this.#dmsRead = all.findIndex((entry) => entry.id === message.id) + 1;
    this.#say(`  ✉ DM to ${this.name}: ${describeMessage(message)}`);
    return message;
  }

  /** `/link`, then consenting as a new Roblox account on the sandbox's Roblox. */
  async linkRoblox(gatewayUrl: string, robloxUrl: string, robloxId: string): Promise<void> {
    const reply = await this.command('/link', 'link');
    const authorizeUrl = await this.link(mustMessage(reply), 'Link Roblox');
    await new RobloxDoubleControl(robloxUrl).addUser({
      id: robloxId,
      username: this.person.username,
    });
    const callback = await consentOnDouble({ url: robloxUrl }, authorizeUrl, robloxId);
    const opened = await finishInBrowser(gatewayUrl, callback, this.person.id);
    if (opened.status >= 400) throw new Error(`linking answered ${opened.status}`);
    this.#say(`${this.name} consents on Roblox: account ${robloxId} linked`);
  }

  #shown(reply: Reply): Reply {
    if (reply.message !== null)
      this.#say(`  bot → ${this.name}: ${describeMessage(reply.message)}`);
    return reply;
  }
}

export function mustMessage(reply: Reply): APIMessage {
  if (reply.message === null) throw new Error('the bot showed no message');
  return reply.message;
}
