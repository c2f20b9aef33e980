import { describe, expect, it, vi } from 'vitest';
import { buildRitualHandlers } from './handlers';
import type { RitualService } from './service';

const ctx = { transport: 'web' as const, client: 'test' };

describe('ritual handlers', () => {
  it('pass requests through to the service', async () => {
    const rituals = { generate: vi.fn(async () => ({ id: 'r1' })), list: vi.fn(() => []), rename: vi.fn() } as unknown as RitualService;
    const h = buildRitualHandlers({ rituals });
    expect(await h['rituals.generate']({ intention: 'calm', minutes: 5, focus: [], style: 'gentle', bed: 'none', balance: 0.5 }, ctx)).toEqual({ id: 'r1' });
    expect(rituals.generate).toHaveBeenCalledWith(expect.objectContaining({ intention: 'calm' }));
    await h['rituals.list']({ query: 'sleep', limit: 10 }, ctx);
    expect(rituals.list).toHaveBeenCalledWith('sleep', 10);
    await h['rituals.rename']({ id: 'r1', title: 'Rest' }, ctx);
    expect(rituals.rename).toHaveBeenCalledWith('r1', 'Rest');
  });
});
