import type { Admin, Connection, ConnectionOptions } from '@platformatic/kafka';
import { ConnectionPool } from '@platformatic/kafka';

/** FindCoordinator key type for consumer groups. */
const GROUP_KEY_TYPE = 0;

/**
 * The connection to a group's coordinator broker. It has a pool of its own, so heartbeats and
 * commits never queue behind a fetch waiting at the same broker.
 */
export class GroupCoordinator {
  readonly #admin: Admin;
  readonly #groupId: string;
  readonly #pool: ConnectionPool;
  #broker: { host: string; port: number } | undefined;

  constructor(admin: Admin, groupId: string, clientId: string, options: ConnectionOptions) {
    this.#admin = admin;
    this.#groupId = groupId;
    this.#pool = new ConnectionPool(clientId, options);
  }

  async connection(): Promise<Connection> {
    if (this.#broker === undefined) {
      const [found] = await this.#admin.findCoordinator({
        keyType: GROUP_KEY_TYPE,
        keys: [this.#groupId],
      });
      if (found === undefined || found.nodeId < 0) {
        throw new Error(`no coordinator for group ${this.#groupId} yet`);
      }
      this.#broker = { host: found.host, port: found.port };
    }
    return this.#pool.get(this.#broker);
  }

  /** Forgets the coordinator after it moved or failed, so the next request looks it up again. */
  invalidate(): void {
    this.#broker = undefined;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
