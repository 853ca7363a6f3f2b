import type { OutgoingMessage } from '../message-bus.ts';

/** Sends one batch and resolves once the broker acknowledged all of it. */
export type SendBatch = (messages: readonly OutgoingMessage[]) => Promise<void>;

export interface PublishQueueLimits {
  /** Approximate bytes per send; below the broker's `message.max.bytes` (1 MiB by default). */
  readonly maxBatchBytes: number;
  readonly maxBatchMessages: number;
}

export const DEFAULT_PUBLISH_LIMITS: PublishQueueLimits = {
  maxBatchBytes: 900_000,
  maxBatchMessages: 10_000,
};

/** Record overhead in a v2 batch (length, attributes, deltas, header counts), rounded up. */
const RECORD_OVERHEAD_BYTES = 70;

interface Request {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  piecesLeft: number;
  failed: boolean;
}

interface Piece {
  readonly request: Request;
  readonly messages: readonly OutgoingMessage[];
  readonly bytes: number;
}

export function approximateBytes(message: OutgoingMessage): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.key) + message.value.byteLength;
  for (const [name, value] of Object.entries(message.headers)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value) + 2;
  }
  return bytes;
}

/**
 * Puts publishes on the wire one send at a time, folding the calls that queued up meanwhile into
 * the next send. One send at a time keeps the idempotent producer's sequence numbers in the order
 * the broker receives them, and makes per-key order across calls trivially true; folding keeps
 * throughput up when many callers publish at once. A call larger than one send is split into
 * consecutive sends; if one part fails, the rest of that call is not sent, so a retry by the
 * caller cannot leave a later message of a key in the log ahead of an earlier one.
 */
export class PublishQueue {
  readonly #send: SendBatch;
  readonly #limits: PublishQueueLimits;
  readonly #pieces: Piece[] = [];
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(send: SendBatch, limits: PublishQueueLimits = DEFAULT_PUBLISH_LIMITS) {
    this.#send = send;
    this.#limits = limits;
  }

  publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the Kafka producer is closed'));
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const request: Request = { resolve, reject, piecesLeft: 0, failed: false };
      for (const piece of this.#split(request, messages)) {
        request.piecesLeft += 1;
        this.#pieces.push(piece);
      }
      this.#draining ??= this.#drain().finally(() => {
        this.#draining = undefined;
      });
    });
  }

  /** Refuses new publishes and waits until everything queued has been sent or has failed. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#draining;
  }

  #split(request: Request, messages: readonly OutgoingMessage[]): Piece[] {
    const pieces: Piece[] = [];
    let current: OutgoingMessage[] = [];
    let bytes = 0;
    for (const message of messages) {
      const size = approximateBytes(message);
      const full =
        bytes + size > this.#limits.maxBatchBytes ||
        current.length >= this.#limits.maxBatchMessages;
      if (current.length > 0 && full) {
        pieces.push({ request, messages: current, bytes });
        current = [];
        bytes = 0;
      }
      current.push(message);
      bytes += size;
    }
    pieces.push({ request, messages: current, bytes });
    return pieces;
  }

  async #drain(): Promise<void> {
    while (this.#pieces.length > 0) {
      const batch = this.#takeBatch();
      if (batch.length === 0) continue;
      try {
        await this.#send(batch.flatMap((piece) => piece.messages));
        for (const { request } of batch) {
          request.piecesLeft -= 1;
          if (request.piecesLeft === 0) request.resolve();
        }
      } catch (error) {
        for (const { request } of batch) this.#fail(request, error);
      }
    }
  }

  /** The next pieces that fit in one send; always at least one. */
  #takeBatch(): Piece[] {
    const batch: Piece[] = [];
    let bytes = 0;
    let count = 0;
    while (this.#pieces.length > 0) {
      const next = this.#pieces[0] as Piece;
      const fits =
        bytes + next.bytes <= this.#limits.maxBatchBytes &&
        count + next.messages.length <= this.#limits.maxBatchMessages;
      if (batch.length > 0 && !fits) break;
      this.#pieces.shift();
      if (next.request.failed) continue;
      batch.push(next);
      bytes += next.bytes;
      count += next.messages.length;
    }
    return batch;
  }

  #fail(request: Request, error: unknown): void {
    if (request.failed) return;
    request.failed = true;
    request.reject(error);
  }
}
