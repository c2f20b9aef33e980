import type { z } from 'zod';

/**
 * The most bytes any value a schema accepts can take as JSON (UTF-8), read from the schema's own
 * limits: the transport's frame limit is derived from this, so a valid call always fits in one
 * message. Infinity when something is unbounded (a string or list without `.max()`, a record,
 * `unknown`): the contract test requires every channel input to be bounded.
 *
 * Upper bounds, deliberately pessimistic: every character of a string is taken as a control
 * character (`\u0000`, 6 bytes once escaped); unknown keys of a non-strict object are ignored,
 * as zod strips them before a handler sees them.
 */
export function maxEncodedBytes(schema: z.ZodType): number {
  return bound(schema as unknown as Node);
}

/** Budgets declared with `withJsonBudget`, by the schema instance that checks them. */
const budgets = new WeakMap<object, number>();

const utf8 = new TextEncoder();

/**
 * A schema whose values must also fit in `bytes` of JSON (UTF-8). Where the structural bound is
 * far above anything real (a program of 256 tone-sets of 16 custom waveforms each is 107 MB, a
 * real schedule a few kilobytes), this is the bound the frame limit is derived from, and an
 * input over it is refused by validation in the words of `message`.
 */
export function withJsonBudget<S extends z.ZodType>(schema: S, bytes: number, message: string): S {
  const checked = schema.refine((value) => utf8.encode(JSON.stringify(value) ?? '').length <= bytes, { message }) as S;
  budgets.set(checked, bytes);
  return checked;
}

/** The JSON bytes of one escaped character, at worst. */
const WORST_CHAR_BYTES = 6;
/** "-1.2345678901234567e-308": the longest a JSON number gets. */
const NUMBER_BYTES = 24;

interface Check {
  _zod: { def: { check: string; maximum?: number } };
}
interface Node {
  _zod: {
    def: {
      type: string;
      checks?: Check[];
      shape?: Record<string, Node>;
      element?: Node;
      innerType?: Node;
      in?: Node;
      options?: Node[];
      items?: Node[];
      rest?: Node | null;
      left?: Node;
      right?: Node;
      values?: unknown[];
      entries?: Record<string, unknown>;
    };
  };
}

function maxLength(node: Node): number {
  const max = (node._zod.def.checks ?? [])
    .map((c) => c._zod.def)
    .filter((d) => d.check === 'max_length' || d.check === 'length_equals')
    .map((d) => d.maximum ?? (d as { length?: number }).length ?? Infinity);
  return max.length ? Math.min(...max) : Infinity;
}

const json = (value: unknown) => JSON.stringify(value)?.length ?? 4;

function bound(node: Node): number {
  const budget = budgets.get(node);
  return budget === undefined ? structural(node) : Math.min(budget, structural(node));
}

function structural(node: Node): number {
  const def = node._zod.def;
  switch (def.type) {
    case 'string':
      return 2 + WORST_CHAR_BYTES * maxLength(node);
    case 'number':
    case 'int':
    case 'bigint':
      return NUMBER_BYTES;
    case 'boolean':
      return 5;
    case 'null':
    case 'undefined':
    case 'void':
      return 4;
    case 'literal':
      return Math.max(...(def.values ?? []).map(json));
    case 'enum':
      return Math.max(...Object.values(def.entries ?? {}).map(json));
    case 'object': {
      let total = 2;
      for (const [key, value] of Object.entries(def.shape ?? {})) total += json(key) + 2 + bound(value);
      return total;
    }
    case 'array':
      return 2 + maxLength(node) * (bound(def.element as Node) + 1);
    case 'tuple':
      return def.rest ? Infinity : 2 + (def.items ?? []).reduce((sum, item) => sum + bound(item) + 1, 0);
    case 'union':
      return Math.max(...(def.options ?? []).map(bound));
    case 'intersection':
      return bound(def.left as Node) + bound(def.right as Node);
    case 'optional':
    case 'nonoptional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return bound(def.innerType as Node);
    case 'nullable':
      return Math.max(4, bound(def.innerType as Node));
    case 'pipe':
      // What is parsed is what comes in; the transform's output never crosses the wire inbound.
      return bound(def.in as Node);
    default:
      // unknown, any, record, map, set, lazy, transform alone, …: no bound to read.
      return Infinity;
  }
}
