import { defineConfig } from 'vitest/config';

const databaseSetup = './packages/db/src/testing/global-setup.ts';
const kafkaSetup = './packages/bus/src/kafka/testing/kafka-global-setup.ts';

/**
 * One project per test level, named after the file suffix (CONVENTIONS.md): `*.unit.test.ts` has no
 * I/O; `*.int.test.ts` talks to real PostgreSQL/PGlite, Kafka and loopback doubles; `*.e2e.test.ts`
 * drives the whole platform through HTTP. `npm test` runs all three.
 */
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/.tools/**', '**/.data/**'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/*.unit.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['**/*.int.test.ts'],
          globalSetup: [databaseSetup, kafkaSetup],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          globalSetup: [databaseSetup, kafkaSetup],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
