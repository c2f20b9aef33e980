import { z } from 'zod';
import { Preset } from '../../contract';
import raw from '../../resources/presets/sessions.json';

/** Built-in starting points (solfeggio, chakra, blessing …), validated once at load so a broken
 *  resource file fails loudly in tests rather than in a user's session list. */
export const presets: Preset[] = z.array(Preset).parse(raw);
