import { describe, expect, it, vi } from 'vitest';
import { createEventHub } from './events';
import { idleStatus, spyLog } from './testing';

describe('event hub', () => {
  it('delivers a valid event to every subscriber with the parsed payload', () => {
    const hub = createEventHub();
    const a = vi.fn();
    const b = vi.fn();
    hub.subscribe(a);
    hub.subscribe(b);
    expect(hub.emit('export.progress', { id: 'x', fraction: 0.5, state: 'running' })).toBe(true);
    expect(a).toHaveBeenCalledWith('export.progress', { id: 'x', fraction: 0.5, state: 'running' });
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('drops and logs a payload that breaks the contract', () => {
    const log = spyLog();
    const hub = createEventHub({ log });
    const listener = vi.fn();
    hub.subscribe(listener);
    expect(hub.emit('export.progress', { id: 'x', fraction: 1.5, state: 'running' })).toBe(false);
    expect(hub.emit('playback.status', { ...idleStatus(), state: 'exploded' } as never)).toBe(false);
    expect(listener).not.toHaveBeenCalled();
    expect(log.at('error')).toHaveLength(2);
  });

  it('drops unknown event names', () => {
    const log = spyLog();
    const hub = createEventHub({ log });
    const listener = vi.fn();
    hub.subscribe(listener);
    expect(hub.emit('nope' as never, {} as never)).toBe(false);
    expect(listener).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('error', expect.stringContaining('nope'));
  });

  it('stops delivering after unsubscribe', () => {
    const hub = createEventHub();
    const listener = vi.fn();
    const off = hub.subscribe(listener);
    hub.emit('playback.status', idleStatus());
    off();
    hub.emit('playback.status', idleStatus());
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps delivering to others when one listener throws', () => {
    const log = spyLog();
    const hub = createEventHub({ log });
    const after = vi.fn();
    hub.subscribe(() => {
      throw new Error('listener bug');
    });
    hub.subscribe(after);
    expect(hub.emit('playback.status', idleStatus())).toBe(true);
    expect(after).toHaveBeenCalledTimes(1);
    expect(log.at('error')).toHaveLength(1);
  });
});
