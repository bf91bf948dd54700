// Types of build/ps51-refs.cjs (for the tests that load it).
export interface Ps51Refs {
  readonly net48: string;
  readonly sma: string;
}
export const PACKAGES: readonly { readonly id: string; readonly version: string }[];
export function refsDir(root: string): string;
export function findRefs(root: string): Ps51Refs | undefined;
export function ensureRefs(
  root: string,
  options?: { env?: NodeJS.ProcessEnv; output?: 'inherit' | 'stderr' },
): Ps51Refs & { readonly restored: boolean };
