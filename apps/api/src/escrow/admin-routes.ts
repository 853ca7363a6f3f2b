import { exportAuditLog } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import type { BacklogProbe } from '@bloxtr8/projections';
import { getDlqOverview, listDisputeQueue, projectionLag } from '@bloxtr8/projections';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { requestContextOf } from '../identity/request-context.ts';
import { jsonSafe } from '../json-safe.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { zQueryBigint } from '../validation/postgres-bigint.ts';
import { sendQueryFailure } from './query-failure.ts';

export interface AdminApiDependencies {
  readonly db: Database;
  readonly clock: Clock;
  /** Counts unprojected messages on the bus; lag is reported in time only without one. */
  readonly backlog?: BacklogProbe;
}

const ZInstant = z.string();
const ZFailure = z
  .object({
    kind: z.string().nullable(),
    code: z.string(),
    message: z.string(),
    failedAt: ZInstant,
  })
  .nullable();

const ZDisputePage = z.object({
  items: z.array(
    z.object({
      escrowId: z.string(),
      buyerId: z.string().nullable(),
      sellerId: z.string().nullable(),
      amountMinor: z.string().nullable(),
      currency: z.string().nullable(),
      raisedBy: z.string().nullable(),
      reason: z.string().nullable(),
      detail: z.string(),
      disputedAt: ZInstant,
      disputedFrom: z.string().nullable(),
      stale: z.boolean(),
      staleAt: ZInstant.nullable(),
      lastFailure: ZFailure,
    }),
  ),
  nextCursor: z.string().nullable(),
});

const ZDlqOverview = z.array(
  z.object({
    dlqTopic: z.string(),
    consumerGroup: z.string(),
    originTopic: z.string(),
    deadLetters: z.number(),
    oldestFailedAt: ZInstant,
    newestFailedAt: ZInstant,
    lastError: z.object({
      deadLetterId: z.string(),
      kind: z.string(),
      type: z.string(),
      message: z.string(),
      originPartition: z.number(),
      originOffset: z.string(),
    }),
  }),
);

const ZLag = z.array(
  z.object({
    consumerGroup: z.string(),
    topic: z.string(),
    generation: z.number(),
    messagesBehind: z.number().nullable(),
    behindMs: z.number().nullable(),
    newestEventAt: ZInstant.nullable(),
    sinceNewestEventMs: z.number().nullable(),
    lastProjectedAt: ZInstant.nullable(),
    messagesProjected: z.number(),
  }),
);

const ZAuditPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      occurredAt: ZInstant,
      actorType: z.string(),
      actorId: z.string().nullable(),
      action: z.string(),
      subjectType: z.string(),
      subjectId: z.string(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      requestId: z.string().nullable(),
      traceId: z.string().nullable(),
      detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    }),
  ),
  nextAfter: z.string().nullable(),
});

const AUDIT_PAGE_MAX = 1_000;

/** What moderators and admins watch: the dispute queue, dead letters, projection lag, the audit log. */
export function adminRoutes(dependencies: AdminApiDependencies): RouteModule {
  const { db } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.get(
      '/api/admin/disputes',
      {
        schema: {
          tags: ['moderation'],
          summary: 'Open disputes, oldest first',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).optional(),
            cursor: z.string().max(200).optional(),
          }),
          response: { 200: ZDisputePage },
        },
        config: { access: { who: 'staff', disputeHandling: true } },
      },
      async (request, reply) => {
        const page = await listDisputeQueue(db, request.query);
        if (!page.ok) return sendQueryFailure(reply, page.error);
        return jsonSafe(page.value);
      },
    );

    routes.get(
      '/api/admin/dlq',
      {
        schema: {
          tags: ['operations'],
          summary: 'Dead letters by topic and consumer group (replay with `bloxtr8 dlq replay`)',
          response: { 200: ZDlqOverview },
        },
        config: { access: { who: 'staff' } },
      },
      async () => jsonSafe(await getDlqOverview(db)),
    );

    routes.get(
      '/api/admin/projections/lag',
      {
        schema: {
          tags: ['operations'],
          summary: 'How far each read model is behind the events',
          response: { 200: ZLag },
        },
        config: { access: { who: 'staff' } },
      },
      async () =>
        jsonSafe(
          await projectionLag(db, {
            now: dependencies.clock.now(),
            ...(dependencies.backlog === undefined ? {} : { backlog: dependencies.backlog }),
          }),
        ),
    );

    routes.get(
      '/api/admin/audit',
      {
        schema: {
          tags: ['operations'],
          summary: 'The audit log in order, for export (admins only; each export is audited)',
          querystring: z.object({
            after: zQueryBigint(0n).optional(),
            subjectId: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
          }),
          response: { 200: ZAuditPage },
        },
        config: { access: { who: 'admin' } },
      },
      async (request) => {
        const limit = request.query.limit ?? 100;
        const entries = await exportAuditLog(db, {
          filter: {
            limit,
            ...(request.query.after === undefined ? {} : { afterId: request.query.after }),
            ...(request.query.subjectId === undefined
              ? {}
              : { subjectId: request.query.subjectId }),
          },
          exporter: { actorId: principalOf(request).userId, ...requestContextOf(request) },
        });
        const last = entries.at(-1);
        return {
          items: jsonSafe(entries),
          nextAfter: entries.length === limit && last !== undefined ? last.id.toString() : null,
        };
      },
    );
  };
}
