export { deleteTestTopics } from './delete-test-topics.ts';
export type { ClusterOptions, ScriptResult } from './kafka-script.ts';
export {
  hasJava,
  isKafkaClusterUp,
  runKafkaScript,
  startKafkaCluster,
  startKafkaNode,
  stopKafkaCluster,
  stopKafkaNode,
} from './kafka-script.ts';
export { canStartKafkaClusters, kafkaBrokersForTests } from './kafka-test-brokers.ts';
