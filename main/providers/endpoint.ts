import { KoruError } from '../../contract/errors';
import { baseUrlProblem, cloudOf, endpointHost, isLoopbackUrl, providerLabel, type KeyedProviderId } from '../../contract/providers';
import { defaultOrigin, envBaseUrl, envKey } from '../secrets';
import { ProviderError } from './errors';

/**
 * Where a cloud provider's requests go, and which key (if any) may go with them. A key belongs
 * to the endpoint origin it was entered for: a stored key to the base URL in effect when it was
 * saved, an environment key to the environment's base URL (else the vendor's own). A key is
 * never sent to any other origin. Servers on this machine are reached without a key unless one
 * was entered for them; the SDKs insist on some key, so they get KEYLESS instead.
 */
export interface Endpoint {
  /** What the SDK is given (OpenAI's includes /v1). */
  baseUrl: string;
  origin: string;
  host: string;
  source: 'default' | 'settings' | 'env';
}

export const KEYLESS = 'koru-no-key';

/** Which key requests carry: the stored one, the environment's, none (`local`: a server on
 *  this machine, reached with KEYLESS), or no request may go out (`none`). */
export interface Credential {
  use: 'store' | 'env' | 'local' | 'none';
  /** A key that exists but belongs to another endpoint. */
  detached: Detached | null;
}

/** A key that exists but belongs to another endpoint. */
export interface Detached {
  host: string;
  source: 'store' | 'env';
}

export function resolveEndpoint(p: KeyedProviderId, settingsBaseUrl: string | null, env: NodeJS.ProcessEnv): Endpoint {
  const cloud = cloudOf(p);
  const fromEnv = envBaseUrl(p, env);
  const [baseUrl, source]: [string, Endpoint['source']] = fromEnv
    ? [fromEnv, 'env']
    : settingsBaseUrl
      ? [settingsBaseUrl, 'settings']
      : [cloud.defaultBaseUrl, 'default'];
  const problem = baseUrlProblem(baseUrl);
  if (problem) {
    const where = source === 'env' ? `${cloud.baseUrlEnv} in the environment` : `The ${providerLabel(p)} base URL`;
    throw new KoruError('BAD_INPUT', `${where} cannot be used: ${problem}`);
  }
  const url = new URL(baseUrl);
  return { baseUrl, origin: url.origin, host: url.host, source };
}

/** The origin an environment key belongs to. */
export function envKeyOrigin(p: KeyedProviderId, env: NodeJS.ProcessEnv): string {
  const fromEnv = envBaseUrl(p, env);
  if (fromEnv && baseUrlProblem(fromEnv) === null) return new URL(fromEnv).origin;
  return defaultOrigin(p);
}

/** `stored`: where the stored key belongs (null: a store filled by this process itself, which
 *  follows the environment's rule), or undefined when none is stored. */
export function resolveCredential(p: KeyedProviderId, endpoint: Endpoint, stored: { origin: string | null } | undefined, env: NodeJS.ProcessEnv): Credential {
  const hasEnvKey = envKey(p, env) !== undefined;
  const envOrigin = envKeyOrigin(p, env);
  const storedOrigin = stored ? (stored.origin ?? envOrigin) : undefined;
  if (hasEnvKey && envOrigin === endpoint.origin) return { use: 'env', detached: null };
  if (storedOrigin === endpoint.origin) return { use: 'store', detached: null };
  const elsewhere = storedOrigin ? { origin: storedOrigin, source: 'store' as const } : hasEnvKey ? { origin: envOrigin, source: 'env' as const } : null;
  const detached = elsewhere ? { host: endpointHost(elsewhere.origin), source: elsewhere.source } : null;
  return { use: isLoopbackUrl(endpoint.origin) ? 'local' : 'none', detached };
}

/** Why no request can go out, in words: no key, or a key that belongs elsewhere. */
export function missingKeyError(p: KeyedProviderId, endpoint: Endpoint, detached: Detached | null): ProviderError {
  const name = providerLabel(p);
  const cloud = cloudOf(p);
  const message = !detached
    ? `No ${name} API key is set — add one in Settings → Providers`
    : detached.source === 'store'
      ? `Your ${name} key was entered for ${detached.host}, so Koru does not send it to ${endpoint.host} — enter the key for ${endpoint.host} in Settings → Providers, or set the base URL back`
      : `${cloud.keyEnv} belongs to ${detached.host}, so Koru does not send it to ${endpoint.host} — set ${cloud.baseUrlEnv} as well, or enter a key for ${endpoint.host} in Settings → Providers`;
  return new ProviderError(p, 'auth', { message });
}
