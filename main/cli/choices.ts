/** Option values the commands check against the contract: a named choice (`--style`), and a
 *  provider that must be able to do the job (`--provider`, `--writer`) — the ids come from the
 *  provider table by capability, never from a list written out here. Loaded only by the commands
 *  that take them (zod comes with the contract). */
import { KoruError } from '../../contract/errors';
import { canWrite, PROVIDER_IDS, providersThat, type ProviderCapability, type ProviderId } from '../../contract/providers';

/** `value` if the schema accepts it; a BAD_INPUT naming the flag and every choice otherwise. */
export function oneOf<T extends string>(schema: { safeParse(v: unknown): { success: boolean }; options: readonly T[] }, value: string | undefined, flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!schema.safeParse(value).success) throw new KoruError('BAD_INPUT', `${flag} must be one of ${schema.options.join(', ')} (got "${value}")`);
  return value as T;
}

/** Who may do a job: a capability of the table, or 'writer' (text providers and the offline writer). */
export type ProviderRole = ProviderCapability | 'writer';

export function providersFor(...roles: ProviderRole[]): ProviderId[] {
  return PROVIDER_IDS.filter((p) => roles.some((role) => (role === 'writer' ? canWrite(p) : providersThat(role).includes(p))));
}

/** The id in `value` if it may do one of `roles`; a BAD_INPUT naming the flag and the ids that may. */
export function providerOption(value: string | undefined, roles: ProviderRole | ProviderRole[], flag: string): ProviderId | undefined {
  if (value === undefined) return undefined;
  const allowed = providersFor(...(Array.isArray(roles) ? roles : [roles]));
  if (!(allowed as string[]).includes(value)) throw new KoruError('BAD_INPUT', `${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as ProviderId;
}
