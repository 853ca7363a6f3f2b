import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** scripts/kafka/kafka: real Apache Kafka (KRaft) brokers on 127.0.0.1 for tests and benches. */
const SCRIPT = fileURLToPath(new URL('../../../../../scripts/kafka/kafka', import.meta.url));

/** A cluster start, a JVM or two included, takes seconds; Maven's first download takes longer. */
const SCRIPT_TIMEOUT_MS = 600_000;

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runKafkaScript(args: readonly string[]): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile(SCRIPT, [...args], { timeout: SCRIPT_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

async function runOrThrow(args: readonly string[]): Promise<string> {
  const result = await runKafkaScript(args);
  if (result.code !== 0) {
    const reason = result.stderr
      .split('\n')
      .filter((line) => line.includes('error'))
      .at(-1);
    throw new Error(`scripts/kafka/kafka ${args.join(' ')} failed: ${reason ?? result.stderr}`);
  }
  return result.stdout.split('\n').at(-1) ?? '';
}

export interface ClusterOptions {
  readonly name?: string;
  readonly nodes?: 1 | 3;
  readonly port?: number;
}

function clusterArgs(options: ClusterOptions): string[] {
  return [
    ...(options.name === undefined ? [] : ['--name', options.name]),
    ...(options.nodes === undefined ? [] : ['--nodes', String(options.nodes)]),
    ...(options.port === undefined ? [] : ['--port', String(options.port)]),
  ];
}

/** Starts a cluster (or finds it running) and returns its bootstrap servers. */
export function startKafkaCluster(options: ClusterOptions = {}): Promise<string> {
  return runOrThrow(['start', '--quiet', ...clusterArgs(options)]);
}

export async function stopKafkaCluster(name: string): Promise<void> {
  await runOrThrow(['stop', '--name', name]);
}

export async function stopKafkaNode(name: string, id: number): Promise<void> {
  await runOrThrow(['stop-node', String(id), '--name', name]);
}

export function startKafkaNode(name: string, id: number): Promise<string> {
  return runOrThrow(['start-node', String(id), '--name', name]);
}

/** True when every node of the named cluster is up. */
export async function isKafkaClusterUp(name: string): Promise<boolean> {
  return (await runKafkaScript(['status', '--name', name])).code === 0;
}

/** The script runs brokers on the JVM; without Java on PATH there is nothing to start. */
export function hasJava(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}
