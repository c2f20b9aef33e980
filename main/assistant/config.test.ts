/** The configuration files: Koru's own parse; a broken copy is refused with line numbers when
 *  saved, and one broken on disk is reported while the last good version stays in use. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../storage/testing';
import { builtinText, createConfigStore, parseIntents, parsePrompt } from './config';

describe('assistant configuration', () => {
  it('Koru’s own files parse: five functions with JSON-schema parameters, a prompt and a greeting', () => {
    const { functions, validators } = parseIntents(builtinText('intents'));
    expect(functions.map((f) => f.name)).toEqual(['submit_goal_intent', 'create_task', 'reschedule_task', 'start_sound_session', 'create_ritual']);
    expect(validators.get('create_task')!.safeParse({ title: 'Run' }).success).toBe(false);
    expect(validators.get('create_task')!.safeParse({ title: 'Run', due: 'tomorrow', duration_minutes: 30 }).success).toBe(true);
    expect(parsePrompt(builtinText('prompt')).greeting).toMatch(/^Hello/);
  });

  it('names the line of a YAML syntax error, a wrong field, an unknown function and a broken schema', () => {
    expect(() => parseIntents('functions:\n  - name: create_task\n    name: again\n')).toThrow(/^intents\.yaml: line 3: Map keys must be unique/);
    const unknown = 'functions:\n  - name: create_task\n    description: ok\n    parameters: { type: object, properties: {} }\n  - name: order_pizza\n    description: no\n    parameters: { type: object, properties: {} }\n';
    expect(() => parseIntents(unknown)).toThrow(/line 5: .*Koru carries out only submit_goal_intent/);
    const badSchema = 'functions:\n  - name: create_task\n    description: ok\n    parameters:\n      type: object\n      properties:\n        due: { type: strin }\n';
    expect(() => parseIntents(badSchema)).toThrow(/line 5: the parameters of create_task are not a JSON schema Koru can check/);
    expect(() => parsePrompt('no front matter')).toThrow(/voice_prompt\.md: line 1: start with front matter/);
    expect(() => parsePrompt('---\ngreeting: ""\n---\nYou are Koru.')).toThrow(/line 2: .*greeting cannot be empty/);
  });

  it('refuses to save a broken copy; a copy broken on disk keeps the last good version in use', () => {
    const store = createConfigStore(tempDir('koru-assistant-config-'));
    expect(() => store.save('intents', 'functions: [')).toThrow(/line 1/);
    expect(store.view('intents').source).toBe('builtin');

    const mine = builtinText('prompt').replace(/greeting: .*/, 'greeting: Good morning, friend.');
    expect(store.save('prompt', mine)).toMatchObject({ source: 'custom', error: null });
    expect(store.load().greeting).toBe('Good morning, friend.');

    writeFileSync(join(store.dir, 'voice_prompt.md'), '---\ngreeting: [\n---\nbroken');
    const view = store.view('prompt');
    expect(view.error).toMatch(/^voice_prompt\.md: line 2: .* — the last good version is in use$/);
    expect(view.text).toMatch(/greeting: \[/); // what you wrote is shown, to fix it
    expect(store.load().greeting).toBe('Good morning, friend.');

    expect(store.reset('prompt')).toMatchObject({ source: 'builtin', error: null });
    expect(store.load().greeting).toMatch(/^Hello/);
  });
});
