import { LIMITS, type KoruErrorShape } from '../../contract';

/** Longest string kept inside `details` (a parse error quoting its line, say). */
const DETAIL_STRING_CHARS = 200;

function trimStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > DETAIL_STRING_CHARS ? `${value.slice(0, DETAIL_STRING_CHARS)}…` : value;
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => trimStrings(v, depth + 1));
  return Object.fromEntries(Object.entries(value).slice(0, 20).map(([k, v]) => [k, trimStrings(v, depth + 1)]));
}

/**
 * An error as it may cross the boundary: the message and `details` bounded (LIMITS), so a parse
 * error cannot echo a 2 MB line back, and details that cannot be serialised are dropped.
 */
export function cappedError(shape: KoruErrorShape): KoruErrorShape {
  const max = LIMITS.errorMessageChars;
  const message = shape.message.length > max ? `${shape.message.slice(0, max - 1)}…` : shape.message;
  if (shape.details === undefined) return { code: shape.code, message };
  let details: unknown;
  try {
    details = trimStrings(shape.details);
    const text = JSON.stringify(details);
    if (text === undefined || Buffer.byteLength(text) > LIMITS.errorDetailsBytes) details = undefined;
  } catch {
    details = undefined; // circular or otherwise unserialisable
  }
  return details === undefined ? { code: shape.code, message } : { code: shape.code, message, details };
}
