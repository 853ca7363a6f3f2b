import { Admin } from '@platformatic/kafka';

/**
 * Deletes the topics a test file created, so a long-lived development broker does not collect
 * thousands of partitions over many runs.
 */
export async function deleteTestTopics(brokers: readonly string[], topics: readonly string[]) {
  if (topics.length === 0) return;
  const admin = new Admin({ clientId: 'bloxtr8-test', bootstrapBrokers: [...brokers] });
  try {
    const existing = new Set(await admin.listTopics());
    const ours = topics.filter((topic) => existing.has(topic));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
  } finally {
    await admin.close();
  }
}
