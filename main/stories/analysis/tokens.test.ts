import fs from 'node:fs';
import path from 'node:path';
import { countTokens as wholeCount } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { countTokens } from './tokens';

/** The tokenizer's own count of the text at once: what the piecewise count must equal. */
const whole = (t: string) => wholeCount(t, { disallowedSpecial: new Set() });

describe('token counts', () => {
  it('counted piece by piece, exactly the tokenizer’s count of the whole text, where line breaks meet every kind of next line', () => {
    const tricky = [
      '',
      '\n',
      'a\nb',
      'x;\n/* c */\ny',
      'x;\n// c\n  // d\n  y',
      'a\n/\n//\n/x',
      'f(a)\n   \n  \n\tg()\n',
      'blank lines with trailing spaces   \n   \n\n   x',
      'crlf\r\n  y\r\n\r\nz\r\n',
      'it\'s\n  s\n\'s\n',
      '}\n}\n  }\n\n}\n',
      'tabs\n\t\t\tdeep()\n\t \tmixed\n',
      'unicode\n\u00a0nbsp\n\u3000ideographic\n  élan\n日本語\n  ß\n',
      'digits\n1234567\n  89\n',
      'special <|endoftext|>\n<|endoftext|>\n  <|fim_prefix|>',
      'a\u2028b\n\u2029c\n',
      '  \n\n\n\n\nx\n\n\n',
      `${'long line '.repeat(60)}\n${'  indented '.repeat(40)}\nend`,
    ];
    for (const t of tricky) expect(countTokens(t), JSON.stringify(t.slice(0, 40))).toBe(whole(t));
    // The same again: counts remembered from the first pass give the same totals.
    for (const t of tricky) expect(countTokens(t)).toBe(whole(t));
  });

  it('on real code and prose (this folder, the README, a tokenizer’s own sources) file by file', () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const files = [
      ...fs.readdirSync(dir).map((f) => path.join(dir, f)),
      path.resolve(dir, '../../../README.md'),
      ...['main.js', 'GptEncoding.js', 'BytePairEncodingCore.js'].map((f) => path.resolve(dir, '../../../node_modules/gpt-tokenizer/esm', f)),
    ];
    let compared = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(countTokens(text), f).toBe(whole(text));
      compared += text.length;
    }
    expect(compared).toBeGreaterThan(100_000);
  });
});
