import type { MessageBody } from '@bloxtr8/discord-kit';
import { ephemeral, message } from '@bloxtr8/discord-kit';
import type { ApiProblem, ApiResult } from './gateway-client.ts';
import { messageForRefusal } from './refusal-messages.ts';

/** A private note to the person who asked. */
export function note(text: string, parts: Parameters<typeof message>[1] = {}): MessageBody {
  return ephemeral(message(text, parts));
}

/** The API said no: the person reads why, in words, and nobody else sees it. */
export function refusal(problem: Pick<ApiProblem, 'code' | 'title'>): MessageBody {
  return note(`⛔ ${messageForRefusal(problem)}`);
}

/** The message for a successful call, or the refusal's. */
export async function whenOk<T>(
  call: Promise<ApiResult<T>>,
  then: (value: T) => MessageBody | Promise<MessageBody>,
): Promise<MessageBody> {
  const result = await call;
  return result.ok ? then(result.value) : refusal(result.problem);
}

/** The text a person typed into a modal's field, trimmed ('' when absent). */
export function fieldOf(
  components: ReadonlyArray<{ components: ReadonlyArray<{ custom_id: string; value?: string }> }>,
  id: string,
): string {
  for (const line of components) {
    for (const field of line.components)
      if (field.custom_id === id) return (field.value ?? '').trim();
  }
  return '';
}
