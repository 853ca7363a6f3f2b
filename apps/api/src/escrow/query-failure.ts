import type { QueryFailure } from '@bloxtr8/projections';
import type { FastifyReply } from 'fastify';
import { sendProblem } from '../problem.ts';

/** A list query refused its input (a cursor this API never gave out): the caller's mistake. */
export function sendQueryFailure(reply: FastifyReply, failure: QueryFailure): FastifyReply {
  return sendProblem(reply, {
    status: 400,
    code: failure.code,
    title: 'The cursor is not valid',
    detail: failure.message,
  });
}
