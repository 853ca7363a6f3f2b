#!/usr/bin/env node
import { DatabaseUnavailableError, MigrationError } from '@bloxtr8/db';
import { ConfigError } from '@bloxtr8/platform';
import { runDemo } from './commands/demo.ts';
import { runDiscord } from './commands/discord.ts';
import { runDlq } from './commands/dlq.ts';
import { runKafka } from './commands/kafka-topics.ts';
import { runMigrate } from './commands/migrate.ts';
import { runProjections } from './commands/projections.ts';
import { runRun } from './commands/run.ts';
import { runSandbox } from './commands/sandbox.ts';
import { runStart } from './commands/start.ts';
import { runUsers } from './commands/users.ts';

const USAGE = `usage: bloxtr8 <command>

commands:
  start     run the whole platform in one process (HTTP gateway and every service)
  run <service>...
            run some services in this process, for running scaled out:
            gateway, escrow, payments, projections, marketplace, notifications, bot
            (bot alone answers Discord's interactions on PORT and calls the gateway at PUBLIC_URL)
  sandbox [--webhook-url URL]
            the provider sandboxes (Stripe, Discord, Roblox) as a process of their own, for
            running scaled out without provider accounts; prints the variables services need
  demo [--via discord]
            drive one complete trade against the running sandbox platform (npm start)
            through its HTTP API (or only through signed Discord interactions), printing it
  discord commands register [--guild ID]
            install the bot's slash commands (bulk overwrite: twice is one set)
  migrate   apply pending database migrations and exit
  dlq list|show|replay
            inspect dead letters and put them back on their topics
  projections rebuild|lag
            replay the topics into empty read models, or show how far behind they are
  users grant <discord-id> ADMIN|MODERATOR | revoke <discord-id> | list [--role R]
            give or take staff roles (audited), e.g. to make the first admin
  kafka topics apply [--dry-run]
            create the catalog's missing Kafka topics and report drift of existing ones
            (exit 2 on drift; existing topics are never altered)
  help      show this text

Configuration comes from the environment; see .env.example.`;

/** Failures an operator can fix get one line, not a stack trace. */
const OPERATOR_ERRORS = [ConfigError, DatabaseUnavailableError, MigrationError];

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return runStart(rest);
    case 'run':
      return runRun(rest);
    case 'migrate':
      return runMigrate(rest);
    case 'sandbox':
      return runSandbox(rest);
    case 'demo':
      return runDemo(rest);
    case 'dlq':
      return runDlq(rest);
    case 'projections':
      return runProjections(rest);
    case 'kafka':
      return runKafka(rest);
    case 'users':
      return runUsers(rest);
    case 'discord':
      return runDiscord(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`bloxtr8: unknown command "${command}"\n\n${USAGE}`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (OPERATOR_ERRORS.some((kind) => error instanceof kind)) {
      console.error(`bloxtr8: ${(error as Error).message}`);
    } else {
      console.error('bloxtr8: unexpected failure', error);
    }
    process.exitCode = 1;
  },
);
