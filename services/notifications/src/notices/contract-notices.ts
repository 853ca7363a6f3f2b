import type { ContractEventEnvelope, ContractVoided } from '@bloxtr8/contracts';
import { message } from '@bloxtr8/discord-kit';
import type { NoticeRule } from './notice.ts';
import { noticesFor } from './notice.ts';

type Case = NonNullable<ContractEventEnvelope['event']['case']>;

const contractVoided: NoticeRule<ContractVoided> = async (event, lookups) => {
  const contract = await lookups.contract(event.contractId);
  if (contract === undefined) return [];
  return noticesFor(
    [contract.buyerId, contract.sellerId],
    'contract.voided',
    message(
      '⌛ The contract was not signed by both in time and is void. Make a new offer to trade.',
    ),
    contract.listingId,
  );
};

/** Contract events that ask something of someone (execution is told with the second signature). */
export const CONTRACT_NOTICES: { readonly [C in Case]?: NoticeRule<never> } = {
  contractVoided,
} as { readonly [C in Case]?: NoticeRule<never> };
