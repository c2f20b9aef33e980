/** `--provider` / `--writer` values, checked against the provider table: the ids a command accepts
 *  are the providers with that capability (plus the offline writer for scripts), never a list
 *  written out here. Loaded only by the commands that take one (zod comes with the table). */
import { KoruError } from '../../contract/errors';
import { canWrite, PROVIDER_IDS, providersThat, type ProviderCapability, type ProviderId } from '../../contract/providers';

/** Who may do `role`: a capability of the table, or 'writer' (text providers and the offline writer). */
export type ProviderRole = ProviderCapability | 'writer';

export function providersFor(role: ProviderRole): ProviderId[] {
  return role === 'writer' ? PROVIDER_IDS.filter(canWrite) : providersThat(role);
}

/** The id in `value` if it may do `role`; a BAD_INPUT naming the flag and the ids that may. */
export function providerOption(value: string | undefined, role: ProviderRole, flag: string): ProviderId | undefined {
  if (value === undefined) return undefined;
  const allowed = providersFor(role);
  if (!(allowed as string[]).includes(value)) throw new KoruError('BAD_INPUT', `${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as ProviderId;
}
