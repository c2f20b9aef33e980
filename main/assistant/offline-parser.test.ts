/** The offline parser against a table of phrasings: which function, and exactly which arguments
 *  (times resolved in Berlin, where 2 March is UTC+1 and 2 April already summer time). */
import { describe, expect, it } from 'vitest';
import { digitsFor, parseOffline } from './offline-parser';

const NOW = new Date('2026-03-02T10:00:00Z'); // Monday, 11:00 in Berlin
const ZONE = 'Europe/Berlin';

const TABLE: Array<[string, string | null, Record<string, unknown> | null]> = [
  ["I want to learn Spanish in three months", "submit_goal_intent", {"goal_statement":"Learn Spanish","timeline":"3 months"}],
  ["I would like to run a marathon by October", "submit_goal_intent", {"goal_statement":"Run a marathon","timeline":"by October"}],
  ["My goal is to read twelve books within a year", "submit_goal_intent", {"goal_statement":"Read twelve books","timeline":"1 year"}],
  ["I'd like to lose 5 kg over the next 8 weeks", "submit_goal_intent", {"goal_statement":"Lose 5 kg","timeline":"over the next 8 weeks"}],
  ["Help me meditate every day for 30 days", "submit_goal_intent", {"goal_statement":"Meditate every day","timeline":"for 30 days"}],
  ["I hope to finish my thesis before June", "submit_goal_intent", {"goal_statement":"Finish my thesis","timeline":"before June"}],
  ["Goal: write a novel in 6 months", "submit_goal_intent", {"goal_statement":"Write a novel","timeline":"6 months"}],
  ["I'm going to learn the guitar in two months", "submit_goal_intent", {"goal_statement":"Learn the guitar","timeline":"2 months"}],
  ["Remind me to call Mum tomorrow at seven", "create_task", {"title":"Call Mum","due":"2026-03-03T07:00:00+01:00"}],
  ["Remind me to water the plants on Friday at 6pm", "create_task", {"title":"Water the plants","due":"2026-03-06T18:00:00+01:00"}],
  ["Add a task to buy milk tomorrow morning", "create_task", {"title":"Buy milk","due":"2026-03-03T09:00:00+01:00"}],
  ["Schedule a dentist appointment next Tuesday at 14:30", "create_task", {"title":"Dentist appointment","due":"2026-03-10T14:30:00+01:00"}],
  ["I have to send the invoice by Thursday noon", "create_task", {"title":"Send the invoice","due":"2026-03-05T12:00:00+01:00"}],
  ["I need to pay rent on the 5th", "create_task", {"title":"Pay rent","due":"2026-03-05T09:00:00+01:00"}],
  ["Put yoga on my calendar on Wednesday at 7am for 45 minutes", "create_task", {"title":"Yoga","due":"2026-03-04T07:00:00+01:00","duration_minutes":45}],
  ["Remind me to stretch in 2 hours", "create_task", {"title":"Stretch","due":"2026-03-02T13:00:00+01:00"}],
  ["Add run 5 km the day after tomorrow at 6:30", "create_task", {"title":"Run 5 km","due":"2026-03-04T06:30:00+01:00"}],
  ["Book a call with Sam on 10 March at 9", "create_task", {"title":"Call with Sam","due":"2026-03-10T09:00:00+01:00"}],
  ["Remind me to meditate this evening", "create_task", {"title":"Meditate","due":"2026-03-02T19:00:00+01:00"}],
  ["New task: review the budget on March 12th at 4 pm", "create_task", {"title":"Review the budget","due":"2026-03-12T16:00:00+01:00"}],
  ["Add practise Spanish tomorrow at 8pm for half an hour", "create_task", {"title":"Practise Spanish","due":"2026-03-03T20:00:00+01:00","duration_minutes":30}],
  ["Don't let me forget to renew my passport next month", "create_task", {"title":"Renew my passport","due":"2026-04-02T09:00:00+02:00"}],
  ["Remind me to pick up the kids at 3pm", "create_task", {"title":"Pick up the kids","due":"2026-03-02T15:00:00+01:00"}],
  ["I need to email Jo in 3 days", "create_task", {"title":"Email Jo","due":"2026-03-05T09:00:00+01:00"}],
  ["Schedule a walk on Saturday", "create_task", {"title":"Walk","due":"2026-03-07T09:00:00+01:00"}],
  ["Move my run to tomorrow at seven", "reschedule_task", {"task":"my run","new_time":"2026-03-03T07:00:00+01:00"}],
  ["Reschedule the dentist to next Friday at 10am", "reschedule_task", {"task":"the dentist","new_time":"2026-03-13T10:00:00+01:00"}],
  ["Push the budget review to Monday at 9", "reschedule_task", {"task":"the budget review","new_time":"2026-03-09T09:00:00+01:00"}],
  ["Postpone yoga until Thursday evening", "reschedule_task", {"task":"yoga","new_time":"2026-03-05T19:00:00+01:00"}],
  ["Change my call with Sam to 4 pm", "reschedule_task", {"task":"my call with Sam","new_time":"2026-03-02T16:00:00+01:00"}],
  ["Shift the walk to Sunday morning", "reschedule_task", {"task":"the walk","new_time":"2026-03-08T09:00:00+01:00"}],
  ["Move my Spanish lesson to the day after tomorrow at 18:00", "reschedule_task", {"task":"my Spanish lesson","new_time":"2026-03-04T18:00:00+01:00"}],
  ["Play twenty minutes of theta", "start_sound_session", {"preset":"theta","minutes":20}],
  ["Start a sleep session for an hour", "start_sound_session", {"preset":"sleep","minutes":60}],
  ["Play some pink noise for 45 minutes", "start_sound_session", {"preset":"pink noise","minutes":45}],
  ["Put on alpha for focus for 25 minutes", "start_sound_session", {"preset":"alpha","minutes":25}],
  ["I want some singing bowls", "start_sound_session", {"preset":"singing bowls","minutes":20}],
  ["Play solfeggio tones", "start_sound_session", {"preset":"solfeggio","minutes":20}],
  ["Make me a sleep ritual", "create_ritual", {"intention":"sleep","minutes":10}],
  ["Create a ritual for gratitude, 15 minutes", "create_ritual", {"intention":"gratitude","minutes":15}],
  ["Make me a 10 minute ritual for letting go of stress", "create_ritual", {"intention":"letting go of stress","minutes":10}],
  ["Write a ritual about courage of twenty minutes", "create_ritual", {"intention":"courage","minutes":20}],
  ["Give me a morning ritual for 5 minutes", "create_ritual", {"intention":"morning","minutes":5}],
  ["what is the weather like", null, null],
];

describe('offline intent parser', () => {
  it('has at least 40 phrasings covering all five functions', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(TABLE.map((r) => r[1]).filter(Boolean)).size).toBe(5);
  });

  it.each(TABLE)('%s', (phrase, name, args) => {
    const r = parseOffline(phrase, NOW, ZONE);
    if (name === null) expect(r).toBeNull();
    else expect(r).toEqual({ name, args });
  });

  it('reads number words only where they count or tell the time', () => {
    expect(digitsFor('go for a run at seven for twenty-five minutes')).toBe('go for a run at 7 for 25 minutes');
    expect(digitsFor('one more thing')).toBe('one more thing');
  });

  it('the same words in another zone give the same wall clock', () => {
    expect(parseOffline('Remind me to call Mum tomorrow at seven', NOW, 'America/New_York')?.args.due).toBe('2026-03-03T07:00:00-05:00');
  });
});
