import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What deploying and calling the sandbox token needs: its ABI and creation bytecode. */
export interface ContractArtifact {
  readonly contractName: string;
  readonly compiler: string;
  readonly abi: readonly unknown[];
  readonly bytecode: `0x${string}`;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The committed artifact beside this file; `compileSandboxUsdc` must reproduce it exactly. */
export const SANDBOX_USDC_ARTIFACT_PATH = join(here, 'sandbox-usdc.artifact.json');
const SOURCE_NAME = 'SandboxUsdc.sol';
const CONTRACT_NAME = 'SandboxUsdc';

interface SolcOutput {
  readonly errors?: ReadonlyArray<{ readonly severity: string; readonly formattedMessage: string }>;
  readonly contracts: Record<
    string,
    Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>
  >;
}

/**
 * Imports resolve inside node_modules (OpenZeppelin from npm), under their package names, so the
 * metadata (and the bytecode that embeds its hash) never depends on where the repository lives.
 */
function readImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `cannot find ${path}` };
  }
}

/** Compiles the sandbox token with solc-js from npm: no network, the same output on any machine. */
export function compileSandboxUsdc(): ContractArtifact {
  const solc = require('solc') as {
    compile(input: string, callbacks: { import: typeof readImport }): string;
    version(): string;
  };
  const input = {
    language: 'Solidity',
    sources: {
      [SOURCE_NAME]: { content: readFileSync(join(here, 'contracts', SOURCE_NAME), 'utf8') },
    },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { [SOURCE_NAME]: { [CONTRACT_NAME]: ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), { import: readImport }),
  ) as SolcOutput;
  const errors = (output.errors ?? []).filter((each) => each.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((each) => each.formattedMessage).join('\n'));
  const contract = output.contracts[SOURCE_NAME]?.[CONTRACT_NAME];
  if (contract === undefined) throw new Error(`solc produced no ${CONTRACT_NAME}`);
  return {
    contractName: CONTRACT_NAME,
    compiler: `solc-js ${solc.version()}`,
    abi: contract.abi,
    bytecode: `0x${contract.evm.bytecode.object}`,
  };
}

/** The artifact as committed. */
export function readSandboxUsdcArtifact(): ContractArtifact {
  return JSON.parse(readFileSync(SANDBOX_USDC_ARTIFACT_PATH, 'utf8')) as ContractArtifact;
}

// `node packages/sandbox/src/chain/compile-sandbox-usdc.ts` regenerates the committed artifact.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SANDBOX_USDC_ARTIFACT_PATH, `${JSON.stringify(compileSandboxUsdc(), null, 2)}\n`);
}
