// Types for main-bundle.mjs (plain JS so bin/koru.mjs and npm's prepare run it without a compiler).
export const ROOT: string;
export const MAIN_DIR: string;
export const BUILD_COMMAND: string;
export type MainBundleState = { state: 'fresh' } | { state: 'missing' } | { state: 'stale'; file: string };
export function mainBundleState(root?: string): MainBundleState;
export function buildMain(options?: { logLevel?: 'info' | 'warn' | 'error' | 'silent' }): Promise<void>;
export function ensureMainBuilt(log?: (line: string) => void): Promise<void>;
