// Types of build/start.cjs (for the tests that load it).
export const INPUTS: readonly string[];
export const STAMP: string;
export function newestInput(root: string, inputs?: readonly string[]): number;
export function needsBuild(root: string, inputs?: readonly string[]): boolean;
export function needsPowerShell(args: readonly string[]): boolean;
