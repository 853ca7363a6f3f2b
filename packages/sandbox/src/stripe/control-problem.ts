/**
 * Why a control-API request was refused. The control API is the double's own (not Stripe's), so
 * it answers with RFC 9457 problem details like the platform's other HTTP APIs.
 */
export interface ControlProblem {
  readonly status: number;
  readonly code: ControlProblemCode;
  readonly detail: string;
}

export type ControlProblemCode =
  | 'NOT_FOUND'
  | 'INVALID_REQUEST'
  | 'UNEXPECTED_STATE'
  | 'CLIENT_SECRET_MISMATCH'
  | 'STORAGE_FULL'
  | 'TIMEOUT';

export function controlProblem(
  status: number,
  code: ControlProblemCode,
  detail: string,
): ControlProblem {
  return { status, code, detail };
}

export function notFound(kind: string, id: string): ControlProblem {
  return controlProblem(404, 'NOT_FOUND', `no ${kind} '${id}'`);
}
