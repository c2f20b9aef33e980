import { describe, expect, it } from 'vitest';
import { chunkText } from './chunk';

const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('chunkText', () => {
  it('keeps whole sentences together under the limit', () => {
    const text = 'Breathe in. Hold it gently! Now breathe out? Rest.';
    expect(chunkText(text, 30).map((c) => c.text)).toEqual(['Breathe in. Hold it gently!', 'Now breathe out? Rest.']);
    expect(chunkText(text, 1000).map((c) => c.text)).toEqual([text]);
  });

  it('splits a long sentence at clauses, then words, never mid-word', () => {
    const sentence = 'As you settle, notice the weight of your body, the touch of the air on your skin, and the slow rhythm of the breath moving in and out.';
    const chunks = chunkText(sentence, 50);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(50);
    // Every word survives intact and in order.
    expect(words(chunks.map((c) => c.text).join(' '))).toEqual(words(sentence));
    expect(chunks[0]!.text).toBe('As you settle, notice the weight of your body,');
  });

  it('cuts a single word only when it alone exceeds the limit', () => {
    const long = 'x'.repeat(25);
    const chunks = chunkText(`Go to ${long} now.`, 10);
    expect(chunks.map((c) => c.text)).toEqual(['Go to', 'xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx now.']);
  });

  it('gives each chunk its neighbours as previous/next text for continuity', () => {
    const chunks = chunkText('One two three. Four five six. Seven eight nine.', 17);
    expect(chunks).toEqual([
      { text: 'One two three.', nextText: 'Four five six.' },
      { text: 'Four five six.', previousText: 'One two three.', nextText: 'Seven eight nine.' },
      { text: 'Seven eight nine.', previousText: 'Four five six.' },
    ]);
  });

  it('handles a 20-minute script under every provider limit without losing words', () => {
    const para = 'Let the breath find its own pace, slow and unhurried. Notice the ground holding you; there is nothing to do. ';
    const script = para.repeat(300);
    for (const max of [1000, 4000, 4096, 5000]) {
      const chunks = chunkText(script, max);
      expect(Math.max(...chunks.map((c) => c.text.length))).toBeLessThanOrEqual(max);
      expect(chunks.map((c) => c.text).join(' ')).toBe(script.trim());
      for (const c of chunks) expect(c.text).toMatch(/[.;]$/); // ends at a boundary
    }
  });

  it('returns nothing for blank text and refuses a silly limit', () => {
    expect(chunkText('  \n ', 100)).toEqual([]);
    expect(() => chunkText('hi', 0)).toThrow(/maxChars/);
  });
});
