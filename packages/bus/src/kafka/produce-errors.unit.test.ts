import {
  MultipleErrors,
  NetworkError,
  ProtocolError,
  ResponseError,
  TimeoutError,
  UserError,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { isPermanentProduceError } from './produce-errors.ts';

/** As the producer reports a send that failed after its retries. */
const failedSend = (...causes: Error[]) =>
  new MultipleErrors('Producing messages failed.', [
    new MultipleErrors(`produce failed ${causes.length} times.`, causes),
  ]);

describe('isPermanentProduceError', () => {
  it('sends again after leadership moved, a broker vanished or a request timed out', () => {
    const notLeader = new ResponseError(0, 11, { '/responses/0': [6, null] }, {});
    expect(isPermanentProduceError(failedSend(notLeader, notLeader))).toBe(false);
    expect(isPermanentProduceError(failedSend(new NetworkError('Connection closed')))).toBe(false);
    expect(isPermanentProduceError(failedSend(new TimeoutError('Request timed out')))).toBe(false);
    const notEnoughReplicas = new ProtocolError('NOT_ENOUGH_REPLICAS');
    expect(isPermanentProduceError(failedSend(notEnoughReplicas))).toBe(false);
  });

  it('gives up on what no resend can fix', () => {
    expect(isPermanentProduceError(failedSend(new ProtocolError('MESSAGE_TOO_LARGE')))).toBe(true);
    const refused = new ProtocolError('TOPIC_AUTHORIZATION_FAILED');
    expect(isPermanentProduceError(failedSend(refused))).toBe(true);
    expect(isPermanentProduceError(new UserError('Unknown topic payments.events.v1.'))).toBe(true);
  });
});
