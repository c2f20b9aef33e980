import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSender,
  originOf,
  permissionDecision,
  webPreferences,
  windowOpenDecision,
  withCspHeader,
} from './security';

const APP = 'koru://app';

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const prefs = webPreferences('/opt/koru/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/opt/koru/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('contentSecurityPolicy', () => {
  const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

  it('allows only our own scripts in production', () => {
    const csp = contentSecurityPolicy(false);
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it('relaxes only what the Vite dev server needs in development', () => {
    const csp = contentSecurityPolicy(true);
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'unsafe-inline'");
    expect(directive(csp, 'connect-src')).toMatch(/ws:\/\/localhost:\*/);
    expect(csp).not.toMatch(/unsafe-eval/);
  });
});

describe('origins and navigation', () => {
  it('computes origins for custom schemes and refuses origin-less URLs', () => {
    expect(originOf('koru://app/index.html#/x')).toBe('koru://app');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    for (const url of ['file:///etc/passwd', 'about:blank', 'data:text/html,hi', 'not a url', 'http://u:p@localhost:5173/']) {
      expect(originOf(url), url).toBeNull();
    }
  });

  it('allows navigation within our origin only', () => {
    expect(isAllowedNavigation('koru://app/index.html', APP)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', APP)).toBe(false);
    expect(isAllowedNavigation('koru://other/index.html', APP)).toBe(false);
    expect(isAllowedNavigation('file:///home/u/x.html', APP)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts our main frame only', () => {
    expect(isTrustedSender('koru://app/index.html', true, APP)).toBe(true);
    expect(isTrustedSender('koru://app/index.html', false, APP)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, APP)).toBe(false);
    expect(isTrustedSender('file:///tmp/x.html', true, 'file:///tmp/')).toBe(false);
    expect(isTrustedSender(null, true, APP)).toBe(false);
    expect(isTrustedSender(undefined, true, APP)).toBe(false);
  });
});

describe('permissions, windows and external links', () => {
  it('refuses permissions by default', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'hid', 'serial', 'unknown']) {
      expect(permissionDecision(p), p).toBe(false);
    }
    expect(permissionDecision('clipboard-sanitized-write')).toBe(true);
  });

  it('denies every new window', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });

  it('hands only plain https links to the system browser', () => {
    expect(isSafeExternalUrl('https://koru.example/docs')).toBe(true);
    for (const url of ['http://x.example', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://u:p@x.example']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('withCspHeader', () => {
  it("replaces a server's CSP in any letter case and keeps other headers", () => {
    const out = withCspHeader({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] }, "default-src 'self'");
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
    expect(withCspHeader(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
