import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { z } from 'zod';
import type { BoundedLog } from './bounded-log.ts';
import type { RecordedCall } from './call-log.ts';
import type { ControlProblem } from './control-problem.ts';
import { controlProblem } from './control-problem.ts';
import type { DoubleContext } from './double-context.ts';
import type { FaultPlan } from './fault-plan.ts';

export interface ControlDependencies {
  readonly context: DoubleContext;
  readonly faults: FaultPlan;
  readonly calls: BoundedLog<RecordedCall>;
  /**
   * Back to a freshly started double: no objects, records, faults or held events, and the
   * webhook endpoint and settings that the start options gave.
   */
  readonly reset: () => Promise<void>;
}

export interface ControlInput {
  readonly body: unknown;
  readonly pathParams: Readonly<Record<string, string>>;
}

export type ControlResult = Result<unknown, ControlProblem>;

export interface ControlRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly pattern: string;
  readonly handle: (
    dependencies: ControlDependencies,
    input: ControlInput,
  ) => ControlResult | Promise<ControlResult>;
}

/** A control request body checked against its schema; a bad one is a 400 problem. */
export function parseControlBody<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
): Result<z.output<Schema>, ControlProblem> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return ok(parsed.data);
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  return err(controlProblem(400, 'INVALID_REQUEST', detail));
}
