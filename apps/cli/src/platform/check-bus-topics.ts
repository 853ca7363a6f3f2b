import type { MessageBus } from '@bloxtr8/bus';
import { prepareBusTopics } from '@bloxtr8/bus';
import type { Logger } from '@bloxtr8/platform';
import { ConfigError } from '@bloxtr8/platform';

/** Topics named in a one-line message at most; the rest are counted. */
const TOPICS_NAMED_MAX = 3;

/**
 * The embedded log creates its topics; Kafka's are only checked, since provisioning them (with the
 * deployment's replication) is `bloxtr8 kafka topics apply`'s job. Missing topics stop the start
 * with one line naming that command; drift is one warning line.
 */
export async function prepareTopics(bus: MessageBus, logger: Logger): Promise<void> {
  const { missing, drifted } = await prepareBusTopics(bus);
  if (missing.length > 0) {
    throw new ConfigError(
      `Kafka lacks ${missing.length} of the catalog's topics (${nameSome(missing)}): run \`bloxtr8 kafka topics apply\` once before starting services`,
    );
  }
  if (drifted.length > 0) {
    logger.warn(
      { drifted },
      `Kafka topics differ from the catalog: ${nameSome(drifted.map((topic) => topic.topic))}; \`bloxtr8 kafka topics apply --dry-run\` shows how`,
    );
  }
}

function nameSome(topics: readonly string[]): string {
  const named = topics.slice(0, TOPICS_NAMED_MAX).join(', ');
  const rest = topics.length - TOPICS_NAMED_MAX;
  return rest > 0 ? `${named} and ${rest} more` : named;
}
