import { err, ok } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';
import type { PaymentIntentInput } from './build-payment-intent.ts';
import { chargeMinimum } from './currencies.ts';
import type { FormFields } from './form-body.ts';
import type { Read } from './request-params.ts';
import {
  findUnknownParameter,
  readBoolean,
  readCurrency,
  readEnum,
  readMetadata,
  readRequiredAmount,
  readString,
  readStringList,
} from './request-params.ts';
import type { StripeFailure } from './stripe-errors.ts';
import { amountTooSmall, invalidParameter, notModelled } from './stripe-errors.ts';

const CREATE_PARAMETERS = [
  'amount',
  'currency',
  'metadata',
  'description',
  'transfer_group',
  'receipt_email',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'automatic_payment_methods',
  'payment_method_types',
  'capture_method',
  'confirm',
] as const;

/** The parameters of `POST /v1/payment_intents`, checked as Stripe checks them. */
export function readPaymentIntentInput(params: FormFields): Read<PaymentIntentInput> {
  const unknown = findUnknownParameter(params, CREATE_PARAMETERS);
  if (unknown !== null) return err(unknown);
  const unsupported = findUnmodelledChoice(params);
  if (unsupported !== null) return err(unsupported);
  const amount = readRequiredAmount(params);
  if (!amount.ok) return amount;
  const currency = readCurrency(params);
  if (!currency.ok) return currency;
  if (amount.value < chargeMinimum(currency.value)) {
    return err(amountTooSmall(chargeMinimum(currency.value), currency.value));
  }
  const methods = readPaymentMethods(params);
  if (!methods.ok) return methods;
  const texts = readTexts(params);
  if (!texts.ok) return texts;
  const metadata = readMetadata(params);
  if (!metadata.ok) return metadata;
  return ok({
    amount: amount.value,
    currency: currency.value,
    metadata: metadata.value,
    ...texts.value,
    ...methods.value,
  });
}

/** Confirming server-side and manual capture are real Stripe features the double leaves out. */
function findUnmodelledChoice(params: FormFields): StripeFailure | null {
  if (params.confirm !== undefined && params.confirm !== 'false') {
    return notModelled('confirm=true (the buyer pays on the sandbox page or via the control API)');
  }
  const capture = params.capture_method;
  if (capture !== undefined && capture !== 'automatic' && capture !== 'automatic_async') {
    return notModelled(`capture_method=${String(capture)}`);
  }
  return null;
}

type PaymentMethodChoice = Pick<PaymentIntentInput, 'paymentMethodTypes' | 'allowRedirects'>;

function readPaymentMethods(params: FormFields): Read<PaymentMethodChoice> {
  const types = readStringList(params, 'payment_method_types');
  if (!types.ok) return types;
  const automatic = params.automatic_payment_methods;
  if (automatic === undefined) return ok({ paymentMethodTypes: types.value, allowRedirects: null });
  if (typeof automatic === 'string') {
    return err(invalidParameter('automatic_payment_methods', 'Invalid hash'));
  }
  const unknown = findUnknownParameter(automatic, ['enabled', 'allow_redirects']);
  if (unknown !== null) return err(unknown);
  const enabled = readBoolean(automatic, 'enabled');
  if (!enabled.ok) return enabled;
  const redirects = readEnum(automatic, 'allow_redirects', ['always', 'never'] as const);
  if (!redirects.ok) return redirects;
  if (enabled.value === true && types.value !== null) {
    return err(
      invalidParameter(
        'payment_method_types',
        'You may only specify one of these parameters: automatic_payment_methods, payment_method_types.',
      ),
    );
  }
  const explicitTypes = enabled.value === true ? null : (types.value ?? ['card']);
  const allowRedirects: Stripe.PaymentIntent.AutomaticPaymentMethods.AllowRedirects | null =
    redirects.value;
  return ok({ paymentMethodTypes: explicitTypes, allowRedirects });
}

type Texts = Pick<
  PaymentIntentInput,
  'description' | 'transferGroup' | 'receiptEmail' | 'statementDescriptorSuffix'
>;

function readTexts(params: FormFields): Read<Texts> {
  // Stripe refuses a full statement descriptor for card payments; only the suffix is allowed.
  if (params.statement_descriptor !== undefined) {
    return err(
      invalidParameter(
        'statement_descriptor',
        'The `statement_descriptor` parameter is not supported for the `card` payment method type. Please use `statement_descriptor_suffix` instead.',
      ),
    );
  }
  const description = readString(params, 'description', 1000);
  if (!description.ok) return description;
  const transferGroup = readString(params, 'transfer_group');
  if (!transferGroup.ok) return transferGroup;
  const receiptEmail = readString(params, 'receipt_email', 800);
  if (!receiptEmail.ok) return receiptEmail;
  const suffix = readString(params, 'statement_descriptor_suffix', 22);
  if (!suffix.ok) return suffix;
  return ok({
    description: description.value,
    transferGroup: transferGroup.value,
    receiptEmail: receiptEmail.value,
    statementDescriptorSuffix: suffix.value,
  });
}
