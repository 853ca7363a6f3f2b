export type { CommandStatusChange } from './model/command-status-change.ts';
export type { DeadLetterEntry } from './model/dead-letter-entry.ts';
export type { EscrowFact, EscrowViewState, SettlementKind } from './model/escrow-facts.ts';
export type {
  DisputeResolutionView,
  DisputeView,
  EscrowView,
  SettlementFailureView,
} from './model/escrow-view.ts';
export { foldEscrowView } from './model/fold-escrow-view.ts';
export type { TimelineDetail, TimelineValue } from './model/timeline-codec.ts';
export type { CommandStatus } from './queries/get-command-status.ts';
export { getCommandStatus } from './queries/get-command-status.ts';
export type { DlqOverviewRow } from './queries/get-dlq-overview.ts';
export { getDlqOverview } from './queries/get-dlq-overview.ts';
export type { EscrowParties } from './queries/get-escrow-parties.ts';
export { getEscrowParties } from './queries/get-escrow-parties.ts';
export type { EscrowDetails, TimelineEntry } from './queries/get-escrow-view.ts';
export { getEscrowView } from './queries/get-escrow-view.ts';
export type { DisputeQueueItem } from './queries/list-dispute-queue.ts';
export { listDisputeQueue } from './queries/list-dispute-queue.ts';
export type { UserTrade } from './queries/list-user-trades.ts';
export { listUserTrades } from './queries/list-user-trades.ts';
export type { Page, PageOptions, QueryFailure } from './queries/page-cursor.ts';
export { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from './queries/page-cursor.ts';
export type { ConsumerGroupLag, ProjectionLagOptions } from './queries/projection-lag.ts';
export { projectionLag } from './queries/projection-lag.ts';
export type { BacklogProbe, BacklogReading } from './service/backlog-probe.ts';
export {
  backlogProbeFor,
  embeddedBacklogProbe,
  kafkaBacklogProbe,
  UNKNOWN_BACKLOG,
} from './service/backlog-probe.ts';
export {
  consumerGroupId,
  PROJECTIONS_GROUP_PREFIX,
  sourceTopics,
} from './service/consumer-groups.ts';
export type { RebuildReport } from './service/rebuild-projections.ts';
export { rebuildProjections } from './service/rebuild-projections.ts';
export type {
  ProjectionsService,
  ProjectionsServiceOptions,
} from './service/start-projections-service.ts';
export { startProjectionsService } from './service/start-projections-service.ts';
export { readGeneration as currentProjectionsGeneration } from './store/generation.ts';
