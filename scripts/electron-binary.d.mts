// Types for electron-binary.mjs (plain JS, run by `npm start` without a compiler).
export function electronBinary(options: {
  root: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  timeoutMs?: number;
}): { path: string } | { why: string };
