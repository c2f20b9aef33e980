import type { Rule } from 'eslint';

declare const plugin: { rules: Record<'capability-index' | 'test-doubles', Rule.RuleModule> };
export default plugin;
