import type { Stripe } from 'stripe';
import type { CardDecline } from './card-declines.ts';
import { newStripeId } from './ids.ts';

export interface ChargeInput {
  readonly paymentIntent: Stripe.PaymentIntent;
  readonly amount: number;
  readonly currency: string;
  readonly paymentMethodId: string;
  /** `null` for an approved payment; the decline otherwise. */
  readonly decline: CardDecline | null;
}

/**
 * The charge a payment attempt leaves behind: approved and captured, or declined. It carries the
 * PaymentIntent's metadata and transfer group, as Stripe copies them onto the charge.
 */
export function buildCharge(input: ChargeInput, createdSeconds: number): Stripe.Charge {
  const isApproved = input.decline === null;
  const { paymentIntent } = input;
  return {
    id: newStripeId('ch'),
    object: 'charge',
    amount: input.amount,
    amount_captured: isApproved ? input.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: isApproved ? newStripeId('txn') : null,
    billing_details: blankBillingDetails(),
    calculated_statement_descriptor: 'BLOXTR8 SANDBOX',
    captured: isApproved,
    created: createdSeconds,
    currency: input.currency,
    customer: null,
    description: paymentIntent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: input.decline?.code ?? null,
    failure_message: input.decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...paymentIntent.metadata },
    on_behalf_of: null,
    outcome: input.decline === null ? approvedOutcome() : declinedOutcome(input.decline),
    paid: isApproved,
    payment_intent: paymentIntent.id,
    payment_method: input.paymentMethodId,
    payment_method_details: { type: 'card', card: visaTestCard(input.amount, isApproved) },
    receipt_email: paymentIntent.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: paymentIntent.statement_descriptor,
    statement_descriptor_suffix: paymentIntent.statement_descriptor_suffix,
    status: isApproved ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: paymentIntent.transfer_group,
  };
}

function blankBillingDetails(): Stripe.Charge.BillingDetails {
  return {
    address: {
      city: null,
      country: null,
      line1: null,
      line2: null,
      postal_code: null,
      state: null,
    },
    email: null,
    name: null,
    phone: null,
    tax_id: null,
  };
}

function approvedOutcome(): Stripe.Charge.Outcome {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'approved_by_network',
    reason: null,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: 'Payment complete.',
    type: 'authorized',
  };
}

function declinedOutcome(decline: CardDecline): Stripe.Charge.Outcome {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason: decline.declineCode,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

/** Stripe's `4242 4242 4242 4242` test card: the only card the sandbox ever "sees". */
function visaTestCard(
  amount: number,
  isApproved: boolean,
): Stripe.Charge.PaymentMethodDetails.Card {
  return {
    amount_authorized: isApproved ? amount : null,
    authorization_code: isApproved ? '123456' : null,
    brand: 'visa',
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: 'US',
    electronic_commerce_indicator: null,
    exp_month: 12,
    exp_year: 2034,
    funding: 'credit',
    installments: null,
    last4: '4242',
    mandate: null,
    network: 'visa',
    network_transaction_id: null,
    regulated_status: 'unregulated',
    three_d_secure: null,
    transaction_link_id: null,
    wallet: null,
  };
}
