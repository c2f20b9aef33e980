import { describe, expect, it } from 'vitest';
import { countWords, forTheEar, identifierWords, pathWords } from './ear';

describe('text for the ear', () => {
  it('says code as words: identifiers, paths, operators, no punctuation read aloud', () => {
    expect(identifierWords('parseConfigFile')).toBe('parse config file');
    expect(identifierWords('MAX_FILE_BYTES')).toBe('max file bytes');
    expect(pathWords('packages/core/src/router.ts')).toBe('router dot T S, in packages core src');
    const said = forTheEar('Call `findRoute` in src/router.ts: `(p) => p === path && ok`; see [the docs](https://x.y/z) and packages/core.');
    expect(said).toBe('Call find route in router dot T S, in src: (p) arrow p equals path and ok see the docs and packages core.');
    expect(forTheEar('Here:\n```ts\nconst a = 1;\n```\nDone.')).not.toMatch(/const|```|=/);
  });

  it('counts spoken words', () => {
    expect(countWords("It's the router's table, 2 of them.")).toBe(7);
  });
});
