import type { StripeFailure } from './stripe-errors.ts';

/** The decline codes the double can simulate, as Stripe's test cards produce them. */
export const DECLINE_CODES = [
  'generic_decline',
  'insufficient_funds',
  'lost_card',
  'stolen_card',
  'fraudulent',
  'expired_card',
  'incorrect_cvc',
  'processing_error',
] as const;
export type DeclineCode = (typeof DECLINE_CODES)[number];

export interface CardDecline {
  /** The error `code`: `card_declined`, or a more specific code for some declines. */
  readonly code: string;
  readonly declineCode: DeclineCode;
  readonly message: string;
}

const DECLINES: Readonly<Record<DeclineCode, { code: string; message: string }>> = {
  generic_decline: { code: 'card_declined', message: 'Your card was declined.' },
  insufficient_funds: { code: 'card_declined', message: 'Your card has insufficient funds.' },
  lost_card: { code: 'card_declined', message: 'Your card was declined.' },
  stolen_card: { code: 'card_declined', message: 'Your card was declined.' },
  fraudulent: { code: 'card_declined', message: 'Your card was declined.' },
  expired_card: { code: 'expired_card', message: 'Your card has expired.' },
  incorrect_cvc: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  processing_error: {
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
};

export function describeDecline(declineCode: DeclineCode): CardDecline {
  return { ...DECLINES[declineCode], declineCode };
}

/** The 402 a card decline gets from the API, which the SDK raises as `StripeCardError`. */
export function cardDeclined(declineCode: DeclineCode): StripeFailure {
  const decline = describeDecline(declineCode);
  return {
    status: 402,
    error: {
      type: 'card_error',
      code: decline.code,
      decline_code: declineCode,
      message: decline.message,
      doc_url: `https://stripe.com/docs/error-codes/${decline.code.replaceAll('_', '-')}`,
    },
  };
}
