import { Redis } from 'ioredis';

export interface RedisForTestsOptions {
  /** CI runs every suite: there a missing Redis fails the run instead of skipping quietly. */
  readonly isCi: boolean;
}

/**
 * Whether the Redis cases of a suite can run against `url`. Off CI a missing Redis skips them with
 * a loud notice; on CI it is an error, so a green run never hides skipped Redis suites.
 */
export async function isRedisAvailableForTests(
  suite: string,
  url: string,
  options: RedisForTestsOptions,
): Promise<boolean> {
  if (await answersPing(url)) return true;
  if (options.isCi) {
    throw new Error(
      `${suite}: CI=true requires Redis at ${url} (.ci/run starts the machine's redis-server)`,
    );
  }
  console.error(`${suite}: no Redis at ${url}; the Redis cases are SKIPPED`);
  return false;
}

async function answersPing(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
