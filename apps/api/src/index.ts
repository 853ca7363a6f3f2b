export type { ServerDependencies } from './build-server.ts';
export { buildServer } from './build-server.ts';
export type { Problem } from './problem.ts';
export { PROBLEM_CONTENT_TYPE, problemTypeOf, sendProblem } from './problem.ts';
