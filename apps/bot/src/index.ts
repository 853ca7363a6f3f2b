export { BOT_HANDLERS, commandDefinitions, registerCommands } from './command-set.ts';
export type { HandlerSet } from './dispatch-interaction.ts';
export type { ApiProblem, GatewayClientSettings } from './gateway-client.ts';
export { GatewayClient } from './gateway-client.ts';
export type { BotDependencies, PaymentRef } from './interaction-context.ts';
export type { InteractionsEndpointOptions } from './interactions-endpoint.ts';
export { INTERACTIONS_PATH, interactionsEndpoint } from './interactions-endpoint.ts';
export { messageForRefusal, REFUSAL_MESSAGES } from './refusal-messages.ts';
export { REPLAY_WINDOW_SECONDS } from './verify-interaction.ts';
