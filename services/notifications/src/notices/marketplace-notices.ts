import type {
  ContractCreated,
  ContractSigned,
  MarketplaceEventEnvelope,
  OfferAnswered,
  OfferMade,
} from '@bloxtr8/contracts';
import { OfferAnswer } from '@bloxtr8/contracts';
import {
  contractButtons,
  formatUsd,
  message,
  offerButtons,
  viewEscrowButton,
} from '@bloxtr8/discord-kit';
import type { NoticeRule } from './notice.ts';
import { noticesFor, titleOf } from './notice.ts';

type Case = NonNullable<MarketplaceEventEnvelope['event']['case']>;

/** An offer waits for the party that did not propose it: Accept, Counter or Decline. */
const offerMade: NoticeRule<OfferMade> = async (offer, lookups) => {
  const recipient = offer.proposedBy === offer.buyerId ? offer.sellerId : offer.buyerId;
  const what = offer.parentOfferId === '' ? 'New offer' : 'Counter-offer';
  const title = await titleOf(lookups, offer.listingId);
  const text = `💬 ${what} of **${formatUsd(offer.amountMinor)}** for ${title}. It stands until ${offer.expiresAt}.`;
  return noticesFor(
    [recipient],
    'offer.made',
    message(text, { rows: offerButtons(offer.offerId) }),
    offer.listingId,
  );
};

const ANSWERS: Partial<Record<OfferAnswer, string>> = {
  [OfferAnswer.ACCEPTED]:
    '✅ Your offer was accepted. The contract comes next: you get it to sign.',
  [OfferAnswer.DECLINED]: '❌ Your offer was declined.',
  [OfferAnswer.EXPIRED]: '⌛ Your offer expired unanswered.',
};

/** The proposer learns the answer (a counter is its own OfferMade). */
const offerAnswered: NoticeRule<OfferAnswered> = async (answered, lookups) => {
  const text = ANSWERS[answered.answer];
  if (text === undefined) return [];
  const title = await titleOf(lookups, answered.listingId);
  const proposer = (await lookups.offer(answered.offerId))?.proposedBy;
  return noticesFor(
    [proposer],
    'offer.answered',
    message(`${text} (${title})`),
    answered.listingId,
  );
};

/** Both parties are asked to sign the new contract. */
const contractCreated: NoticeRule<ContractCreated> = async (contract, lookups) => {
  const title = await titleOf(lookups, contract.listingId);
  const text = `📝 The contract for ${title} is ready. Both of you sign it before ${contract.expiresAt}.`;
  return noticesFor(
    [contract.buyerId, contract.sellerId],
    'contract.created',
    message(text, { rows: contractButtons(contract.contractId) }),
    contract.listingId,
  );
};

/** One signature asks for the other; the second opens the escrow for both. */
const contractSigned: NoticeRule<ContractSigned> = async (signed, lookups) => {
  const contract = await lookups.contract(signed.contractId);
  if (contract === undefined) return [];
  if (signed.executed) {
    const text =
      '🤝 Both signed: the contract is executed and the escrow opens. The buyer gets the payment link.';
    return noticesFor(
      [contract.buyerId, contract.sellerId],
      'contract.executed',
      message(text, {
        rows: contract.escrowId === null ? [] : viewEscrowButton(contract.escrowId),
      }),
      signed.listingId,
    );
  }
  const other = signed.signerId === contract.buyerId ? contract.sellerId : contract.buyerId;
  const text = '✍️ The other party signed the contract. Your signature is awaited.';
  return noticesFor(
    [other],
    'contract.signed',
    message(text, { rows: contractButtons(contract.id) }),
    signed.listingId,
  );
};

/** The marketplace events that ask something of someone; listing posts are handled apart. */
export const MARKETPLACE_NOTICES: { readonly [C in Case]?: NoticeRule<never> } = {
  offerMade,
  offerAnswered,
  contractCreated,
  contractSigned,
} as { readonly [C in Case]?: NoticeRule<never> };
