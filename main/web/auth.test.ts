import { describe, expect, it } from 'vitest';
import { bearerToken, checkRequest, hostnameOf, isLoopbackHost, originAllowed, tokensMatch } from './auth';

describe('tokensMatch', () => {
  it('is exact and handles missing tokens', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abd', 'abc')).toBe(false);
    expect(tokensMatch('ab', 'abc')).toBe(false);
    expect(tokensMatch('', 'abc')).toBe(false);
    expect(tokensMatch(null, 'abc')).toBe(false);
  });
});

describe('originAllowed', () => {
  it('accepts our own page and non-browser clients', () => {
    expect(originAllowed('http://127.0.0.1:4000', '127.0.0.1:4000', true)).toBe(true);
    expect(originAllowed('http://localhost:4000', 'localhost:4000', true)).toBe(true);
    expect(originAllowed(undefined, '127.0.0.1:4000', true)).toBe(true);
  });

  it('refuses other sites, ports, schemes and rebinding names', () => {
    expect(originAllowed('http://evil.example', '127.0.0.1:4000', true)).toBe(false);
    expect(originAllowed('http://127.0.0.1:5000', '127.0.0.1:4000', true)).toBe(false);
    expect(originAllowed('https://127.0.0.1:4000', '127.0.0.1:4000', true)).toBe(false);
    expect(originAllowed('null', '127.0.0.1:4000', true)).toBe(false);
    // DNS rebinding: Host and Origin agree, but the name is not ours on a loopback bind.
    expect(originAllowed('http://evil.example:4000', 'evil.example:4000', true)).toBe(false);
    expect(originAllowed('http://studio.lan:4000', 'studio.lan:4000', false)).toBe(true);
  });
});

describe('host names', () => {
  it('parses Host headers and recognises loopback names', () => {
    expect(hostnameOf('127.0.0.1:4000')).toBe('127.0.0.1');
    expect(hostnameOf('[::1]:4000')).toBe('[::1]');
    expect(hostnameOf(undefined)).toBeNull();
    expect(hostnameOf('bad host')).toBeNull();
    expect(['127.0.0.1', 'LOCALHOST', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });
});

describe('checkRequest', () => {
  it('is the one rule for pages, files and the WebSocket: Host first, then Origin', () => {
    expect(checkRequest({ host: '127.0.0.1:4000' }, true)).toBeNull();
    expect(checkRequest({ host: 'localhost:4000', origin: 'http://localhost:4000' }, true)).toBeNull();
    expect(checkRequest({ host: 'evil.example:4000' }, true)).toEqual({ status: 421, reason: 'unexpected Host header' });
    expect(checkRequest({ host: '127.0.0.1:4000', origin: 'http://evil.example' }, true)?.status).toBe(403);
    expect(checkRequest({ host: 'studio.lan:4000', origin: 'http://studio.lan:4000' }, false)).toBeNull();
    expect(checkRequest({}, true)?.status).toBe(421);
  });

  it('reads a bearer token and nothing else', () => {
    expect(bearerToken('Bearer abc_DEF-1')).toBe('abc_DEF-1');
    expect([bearerToken(undefined), bearerToken('Basic abc'), bearerToken('Bearer a b'), bearerToken('Bearer ')]).toEqual([null, null, null, null]);
  });
});
