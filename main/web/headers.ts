// Response headers of the web-mode server: the renderer's CSP plus the usual hardening.
import { rendererCsp } from '../renderer-host';

/**
 * CSP for the built React app: scripts and styles only from our origin (Vite emits no inline
 * scripts in a production build), inline style attributes allowed for component libraries,
 * the WebSocket back to ourselves. Nothing may frame us.
 */
export const WEB_CSP = rendererCsp("'self' ws://127.0.0.1:* ws://localhost:*");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': WEB_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), geolocation=(), payment=(), usb=(), microphone=(self)',
};
