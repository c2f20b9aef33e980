import { describe, expect, it, vi } from 'vitest';
import { buildRitualHandlers } from './handlers';
import type { RitualService } from './service';
import type { FileRegistry } from '../files';

const ctx = { transport: 'web' as const, client: 'test' };

describe('ritual handlers', () => {
  it('pass requests through to the service', async () => {
    const exported = { path: '/x/Rest.mp3', bytes: 3, format: 'mp3' as const, durationSec: 1, exportId: 'e1' };
    const rituals = { generate: vi.fn(async () => ({ id: 'r1' })), list: vi.fn(() => []), rename: vi.fn(), export: vi.fn(async () => exported) } as unknown as RitualService;
    const files: Pick<FileRegistry, 'exported'> = { exported: (r) => ({ ...r, fileId: 'f1' }) };
    const h = buildRitualHandlers({ rituals, files });
    expect(await h['rituals.generate']({ intention: 'calm', minutes: 5, focus: [], style: 'gentle', bed: 'none', balance: 0.5 }, ctx)).toEqual({ id: 'r1' });
    expect(rituals.generate).toHaveBeenCalledWith(expect.objectContaining({ intention: 'calm' }));
    await h['rituals.list']({ query: 'sleep', limit: 10 }, ctx);
    expect(rituals.list).toHaveBeenCalledWith('sleep', 10);
    await h['rituals.rename']({ id: 'r1', title: 'Rest' }, ctx);
    expect(rituals.rename).toHaveBeenCalledWith('r1', 'Rest');
    // An export is registered with the file registry, so the renderer can download it by id.
    expect(await h['rituals.export']({ id: 'r1', format: 'mp3', exportId: 'e1' }, ctx)).toMatchObject({ fileId: 'f1', path: '/x/Rest.mp3' });
    expect(rituals.export).toHaveBeenCalledWith('r1', 'mp3', { exportId: 'e1' });
  });
});
