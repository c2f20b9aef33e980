import { describe, expect, it } from 'vitest';
import { hostnameOf, isLoopbackHost, originAllowed, tokensMatch } from './auth';

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
