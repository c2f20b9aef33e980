import { KoruError } from '../../../contract/errors';
import { issuesMessage } from '../../../contract/issues';
import { Program } from '../../../contract/program';
import { parseToneSpec } from './tone-spec';

/**
 * SBaGen's `-i` as a Program: the specs (CLI words, each may hold several specs) form one
 * tone-set played from the start. `specs` are joined with spaces, so error columns count in
 * the joined string.
 */
export function programFromImmediate(specs: string[], name = 'immediate'): Program {
  if (!Array.isArray(specs) || specs.some((s) => typeof s !== 'string')) {
    throw new KoruError('BAD_INPUT', 'immediate specs must be an array of strings');
  }
  const voices = parseToneSpec(specs.join(' '));
  const r = Program.safeParse({ sets: [{ name, voices }], timeline: [{ at: 0, set: name }] });
  if (!r.success) {
    throw new KoruError('PARSE_ERROR', `not a valid Koru program: ${issuesMessage(r.error, { maxShown: 1 })}`);
  }
  return r.data;
}
