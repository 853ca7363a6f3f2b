import type { Stripe } from 'stripe';
import { newClientSecret, newStripeId } from './ids.ts';

export interface PaymentIntentInput {
  readonly amount: number;
  readonly currency: string;
  readonly metadata: Record<string, string>;
  readonly description: string | null;
  readonly transferGroup: string | null;
  readonly receiptEmail: string | null;
  readonly statementDescriptorSuffix: string | null;
  /** Explicit payment method types; `null` means automatic payment methods (Stripe's default). */
  readonly paymentMethodTypes: readonly string[] | null;
  readonly allowRedirects: Stripe.PaymentIntent.AutomaticPaymentMethods.AllowRedirects | null;
}

/** A new PaymentIntent awaiting the buyer, with every field Stripe returns for one. */
export function buildPaymentIntent(
  input: PaymentIntentInput,
  createdSeconds: number,
): Stripe.PaymentIntent {
  const id = newStripeId('pi');
  const isAutomatic = input.paymentMethodTypes === null;
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: isAutomatic ? automaticPaymentMethods(input.allowRedirects) : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: newClientSecret(id),
    confirmation_method: 'automatic',
    created: createdSeconds,
    currency: input.currency,
    customer: null,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: { ...input.metadata },
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: {
        installments: null,
        mandate_options: null,
        network: null,
        request_three_d_secure: 'automatic',
      },
    },
    payment_method_types:
      input.paymentMethodTypes === null ? ['card'] : [...input.paymentMethodTypes],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: input.statementDescriptorSuffix,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: input.transferGroup,
  };
}

function automaticPaymentMethods(
  allowRedirects: Stripe.PaymentIntent.AutomaticPaymentMethods.AllowRedirects | null,
): Stripe.PaymentIntent.AutomaticPaymentMethods {
  return allowRedirects === null
    ? { enabled: true }
    : { enabled: true, allow_redirects: allowRedirects };
}
