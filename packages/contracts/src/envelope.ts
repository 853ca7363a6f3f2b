import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { DescField, DescMessage, Message, MessageShape } from '@bufbuild/protobuf';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { EventMeta } from './gen/bloxtr8/common/v1/meta_pb.js';
import { describeMetaProblem } from './meta.ts';
import type { TopicDefinition } from './topics.ts';

/** Every command and event: a message whose field 1 is the standard `meta`. */
export type MessageWithMeta = Message & { meta?: EventMeta };

export interface Decoded<Envelope> {
  readonly envelope: Envelope;
  /** The oneof case, e.g. `releaseFunds`. */
  readonly kind: string;
  /** The message inside the envelope. */
  readonly message: MessageWithMeta;
  readonly meta: EventMeta;
  readonly key: string;
}

/** Bytes that are not a valid message of the topic; a consumer sends them to the DLQ at once. */
export interface DecodeFailure {
  readonly code: 'UNDECODABLE' | 'EMPTY_ENVELOPE' | 'INVALID_META' | 'MISSING_KEY';
  readonly message: string;
}

interface EnvelopeShape {
  readonly oneofName: string;
  readonly keyFieldByCase: ReadonlyMap<string, string>;
}

const shapes = new WeakMap<DescMessage, EnvelopeShape>();

/** How to find the message and the key inside a topic's envelope, learnt once from descriptors. */
function shapeOf(topic: TopicDefinition): EnvelopeShape {
  const known = shapes.get(topic.envelope);
  if (known !== undefined) return known;
  const oneof = topic.envelope.oneofs[0];
  if (oneof === undefined || topic.envelope.oneofs.length !== 1) {
    throw new Error(`envelope of ${topic.name} must have exactly one oneof`);
  }
  const keyFieldByCase = new Map<string, string>();
  for (const field of oneof.fields) {
    const keyField = messageOf(field)?.fields.find((f) => f.name === topic.keyField);
    if (keyField === undefined) {
      throw new Error(`${field.localName} on ${topic.name} lacks key field ${topic.keyField}`);
    }
    keyFieldByCase.set(field.localName, keyField.localName);
  }
  const shape = { oneofName: oneof.localName, keyFieldByCase };
  shapes.set(topic.envelope, shape);
  return shape;
}

function messageOf(field: DescField): DescMessage | undefined {
  return field.fieldKind === 'message' ? field.message : undefined;
}

function inspectEnvelope(
  topic: TopicDefinition,
  envelope: Message,
): Result<Omit<Decoded<Message>, 'envelope'>, DecodeFailure> {
  const shape = shapeOf(topic);
  const choice = (
    envelope as unknown as Record<string, { case?: string; value?: MessageWithMeta }>
  )[shape.oneofName];
  if (choice?.case === undefined || choice.value === undefined) {
    return err({ code: 'EMPTY_ENVELOPE', message: `no message in the ${topic.name} envelope` });
  }
  const message = choice.value;
  const metaProblem = describeMetaProblem(message.meta);
  if (metaProblem !== undefined || message.meta === undefined) {
    return err({ code: 'INVALID_META', message: `${choice.case}: ${metaProblem}` });
  }
  const keyField = shape.keyFieldByCase.get(choice.case) ?? '';
  const key = (message as unknown as Record<string, unknown>)[keyField];
  if (typeof key !== 'string' || key === '') {
    return err({ code: 'MISSING_KEY', message: `${choice.case}: ${topic.keyField} is empty` });
  }
  return ok({ kind: choice.case, message, meta: message.meta, key });
}

/** Checks and serialises an envelope for `topic`; a malformed one is a bug and throws. */
export function encodeEnvelope<Topic extends TopicDefinition>(
  topic: Topic,
  envelope: MessageShape<Topic['envelope']>,
): {
  readonly key: string;
  readonly value: Uint8Array;
  readonly meta: EventMeta;
  readonly kind: string;
} {
  const inspected = inspectEnvelope(topic, envelope);
  if (!inspected.ok)
    throw new Error(`refusing to publish to ${topic.name}: ${inspected.error.message}`);
  return {
    key: inspected.value.key,
    value: toBinary(topic.envelope, envelope),
    meta: inspected.value.meta,
    kind: inspected.value.kind,
  };
}

/** Parses and validates bytes from `topic`; anything unusable is a DecodeFailure, never a throw. */
export function decodeEnvelope<Topic extends TopicDefinition>(
  topic: Topic,
  bytes: Uint8Array,
): Result<Decoded<MessageShape<Topic['envelope']>>, DecodeFailure> {
  let envelope: MessageShape<Topic['envelope']>;
  try {
    envelope = fromBinary(topic.envelope, bytes) as MessageShape<Topic['envelope']>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return err({ code: 'UNDECODABLE', message: `not a ${topic.envelope.typeName}: ${reason}` });
  }
  const inspected = inspectEnvelope(topic, envelope);
  return inspected.ok ? ok({ ...inspected.value, envelope }) : inspected;
}
