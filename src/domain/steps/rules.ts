/** Building blocks shared by the catalogue entries. */
import type { RetryRule } from './definition';
import { REFUSALS } from './definition';

/** Tried once more after the pause, unless the script refused (nothing changed: a retry cannot help). */
export const RETRY_UNLESS_REFUSED: RetryRule = { retries: 1, never: REFUSALS };

/** Never tried again: a check, a clean-up, or a step the run cannot repeat safely. */
export const NO_RETRY: RetryRule = { retries: 0, never: [] };

/**
 * The shrink of C:: like RETRY_UNLESS_REFUSED, and a refusal because files Windows cannot move sit where C: must end
 * (Size Not Supported) climbs the shrink retry ladder (src/domain/shrink-retry.ts) before the run gives up.
 */
export const RETRY_SHRINK: RetryRule = { retries: 1, never: REFUSALS, ladder: 'shrink' };
