import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import koru from './koru-rules.js';

// RuleTester reports through the test framework's globals; hand it vitest's.
RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const at = (path: string) => new URL(`../../${path}`, import.meta.url).pathname;

tester.run('capability-index', koru.rules['capability-index'], {
  valid: [
    { filename: at('main/rituals/jobs.ts'), code: "import { createMaster } from '../audio';" },
    { filename: at('main/rituals/jobs.ts'), code: "import { x } from './cache';" },
    { filename: at('main/rituals/jobs.ts'), code: "import { x } from '../audio/index';" },
    // Tests may reach into the folder they test, or a neighbour's internals.
    { filename: at('main/rituals/jobs.test.ts'), code: "import { migrate } from '../storage/db';" },
    { filename: at('test/integration/a.test.ts'), code: "import { migrate } from '../../main/storage/db';" },
    { filename: at('main/cli/commands.ts'), code: "const m = await import('../web');" },
  ],
  invalid: [
    { filename: at('main/rituals/jobs.ts'), code: "import { layoutTimeline } from '../audio/mix/timeline';", errors: [{ messageId: 'deep' }] },
    { filename: at('main/cli/commands.ts'), code: "const m = await import('../web/launch');", errors: [{ messageId: 'deep' }] },
    { filename: at('main/app/index.ts'), code: "export { x } from '../storage/job-repo';", errors: [{ messageId: 'deep' }] },
  ],
});

tester.run('test-doubles', koru.rules['test-doubles'], {
  valid: [
    { filename: at('main/playback/player.test.ts'), code: "import { inlinePlayer } from './testing';" },
    { filename: at('main/cli/testing.ts'), code: "import { tempDir } from '../storage/testing';" },
    { filename: at('bench/live.ts'), code: "import { sineSession } from '../main/playback/testing';" },
    { filename: at('main/hardware/sim/run.ts'), code: "import { startSerialSim } from './serial-sim';" },
  ],
  invalid: [
    { filename: at('main/playback/player.ts'), code: "import { MemorySink } from './testing';", errors: [{ messageId: 'double' }] },
    { filename: at('main/app/index.ts'), code: "import { startSerialSim } from '../hardware/sim/serial-sim';", errors: [{ messageId: 'double' }] },
  ],
});
