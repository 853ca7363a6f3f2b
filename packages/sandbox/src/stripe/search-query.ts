import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';

/**
 * The part of Stripe's search query language (https://docs.stripe.com/search) that PaymentIntent
 * search needs: `metadata['key']:'value'`, `status:'succeeded'`, `currency:'usd'`, `amount>1000`,
 * `created>=1700000000`, negation with `-`, and clauses joined by spaces, `AND` or `OR`.
 */
export type SearchOperator = ':' | '>' | '<' | '>=' | '<=';

export interface SearchClause {
  readonly isNegated: boolean;
  readonly field: 'amount' | 'created' | 'currency' | 'metadata' | 'status';
  readonly metadataKey: string | null;
  readonly operator: SearchOperator;
  readonly value: string;
}

export interface SearchQuery {
  readonly clauses: readonly SearchClause[];
  readonly joiner: 'AND' | 'OR';
}

const CLAUSES_MAX = 10;
const CLAUSE =
  /^\s*(-?)(metadata\[(?:'([^']*)'|"([^"]*)")\]|[a-z_]+)\s*(>=|<=|:|>|<)\s*(?:'([^']*)'|"([^"]*)"|([^\s'"]+))/;
const JOINER = /^\s+(AND|OR)\s+/i;
const NUMERIC_FIELDS = ['amount', 'created'];
const TEXT_FIELDS = ['currency', 'status'];

export function parseSearchQuery(query: string): Result<SearchQuery, string> {
  const clauses: SearchClause[] = [];
  const joiners = new Set<'AND' | 'OR'>();
  let rest = query;
  while (rest.trim() !== '') {
    if (clauses.length === CLAUSES_MAX) return err(`at most ${CLAUSES_MAX} clauses are allowed`);
    const match = CLAUSE.exec(rest);
    if (match === null) return err(`could not parse '${rest.trim()}'`);
    const clause = toClause(match);
    if (!clause.ok) return clause;
    clauses.push(clause.value);
    rest = rest.slice(match[0].length);
    if (rest.trim() === '') break;
    // Clauses separated by a plain space are joined by AND, as in Stripe's language.
    const joiner = JOINER.exec(rest);
    joiners.add(joiner?.[1]?.toUpperCase() === 'OR' ? 'OR' : 'AND');
    if (joiner !== null) rest = rest.slice(joiner[0].length);
  }
  if (clauses.length === 0) return err('the query is empty');
  if (joiners.size > 1) return err('AND and OR cannot be combined');
  return ok({ clauses, joiner: joiners.has('OR') ? 'OR' : 'AND' });
}

function toClause(match: RegExpExecArray): Result<SearchClause, string> {
  const [, negation, name = '', singleKey, doubleKey, operator, single, double, bare] = match;
  const isMetadata = name.startsWith('metadata[');
  const field = isMetadata ? 'metadata' : name;
  const value = single ?? double ?? bare ?? '';
  if (!isMetadata && !NUMERIC_FIELDS.includes(field) && !TEXT_FIELDS.includes(field)) {
    return err(
      `Field '${field}' is an unsupported search field for resource payment_intents. See http://stripe.com/docs/search#query-fields-for-payment-intents for a list of supported fields.`,
    );
  }
  if (operator !== ':' && !NUMERIC_FIELDS.includes(field)) {
    return err(`the operator '${operator}' only applies to numeric fields`);
  }
  if (NUMERIC_FIELDS.includes(field) && !/^\d+$/.test(value)) {
    return err(`'${value}' is not a number for field '${field}'`);
  }
  return ok({
    isNegated: negation === '-',
    field: field as SearchClause['field'],
    metadataKey: isMetadata ? (singleKey ?? doubleKey ?? '') : null,
    operator: operator as SearchOperator,
    value,
  });
}

export function matchesQuery(paymentIntent: Stripe.PaymentIntent, query: SearchQuery): boolean {
  const results = query.clauses.map((clause) => matchesClause(paymentIntent, clause));
  return query.joiner === 'AND' ? results.every(Boolean) : results.some(Boolean);
}

function matchesClause(paymentIntent: Stripe.PaymentIntent, clause: SearchClause): boolean {
  const isMatch = compare(fieldValue(paymentIntent, clause), clause.operator, clause.value);
  return clause.isNegated ? !isMatch : isMatch;
}

function fieldValue(
  paymentIntent: Stripe.PaymentIntent,
  clause: SearchClause,
): string | number | null {
  switch (clause.field) {
    case 'metadata':
      return paymentIntent.metadata[clause.metadataKey ?? ''] ?? null;
    case 'amount':
      return paymentIntent.amount;
    case 'created':
      return paymentIntent.created;
    case 'currency':
      return paymentIntent.currency;
    case 'status':
      return paymentIntent.status;
  }
}

function compare(
  actual: string | number | null,
  operator: SearchOperator,
  expected: string,
): boolean {
  if (actual === null) return false;
  if (typeof actual === 'string') return actual === expected;
  const target = Number(expected);
  switch (operator) {
    case ':':
      return actual === target;
    case '>':
      return actual > target;
    case '<':
      return actual < target;
    case '>=':
      return actual >= target;
    case '<=':
      return actual <= target;
  }
}
