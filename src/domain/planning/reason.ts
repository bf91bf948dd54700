/** A reason of the plan: its code, the catalogue's severity for it, and the values its message is filled with. */
import type { Reason } from '../../contracts/generated/plan';
import { reasonSeverity, type ReasonCode } from '../reasons';

export type ReasonParams = Record<string, string | number | boolean>;

export function reason(code: ReasonCode, params: ReasonParams = {}): Reason {
  return { code, severity: reasonSeverity(code), params };
}
