import { ACCOUNT_ROUTES } from './account-routes.ts';
import type { ApiRoute } from './api-route.ts';
import { LIST_ROUTES } from './list-routes.ts';
import { matchPath } from './path-pattern.ts';
import { PAYMENT_INTENT_ROUTES } from './payment-intent-routes.ts';
import { READ_ROUTES } from './read-routes.ts';
import { REFUND_ROUTES } from './refund-routes.ts';
import { SEARCH_ROUTES } from './search-payment-intents.ts';
import { TRANSFER_ROUTES } from './transfer-routes.ts';

/** Every Stripe endpoint the double serves. Search comes before `/:id`, which would swallow it. */
const API_ROUTES: readonly ApiRoute[] = [
  ...SEARCH_ROUTES,
  ...PAYMENT_INTENT_ROUTES,
  ...TRANSFER_ROUTES,
  ...REFUND_ROUTES,
  ...LIST_ROUTES,
  ...READ_ROUTES,
  ...ACCOUNT_ROUTES,
];

export interface RouteMatch {
  readonly route: ApiRoute;
  readonly pathParams: Readonly<Record<string, string>>;
}

export function findApiRoute(method: string, path: string): RouteMatch | null {
  for (const route of API_ROUTES) {
    if (route.method !== method) continue;
    const pathParams = matchPath(route.pattern, path);
    if (pathParams !== null) return { route, pathParams };
  }
  return null;
}
