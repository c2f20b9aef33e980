// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoryRequest } from '../../../contract/stories';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { StoryForm } from './StoryForm';

beforeAll(installDomShims);
afterEach(cleanup);

function renderForm() {
  const fake = fakeClient({
    'presets.list': () => [],
    'stories.intent': () => ({ focus: ['routing'], depth: 'beginner', style: 'podcast', minutes: 15, instructions: '' }),
    'stories.generate': (input) => {
      StoryRequest.parse(input); // main would refuse anything the contract refuses
      return { id: 's1' };
    },
  });
  const onStarted = vi.fn();
  renderWithClient(<StoryForm onStarted={onStarted} />, fake.client);
  return { fake, onStarted };
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('new-story form', () => {
  it('the intent chat fills style, length, depth and focus; the request carries them, the message and both podcast voices', async () => {
    const { fake, onStarted } = renderForm();
    type('story-message', 'the routing system, for a beginner, as a podcast');
    fireEvent.click(screen.getByTestId('story-intent'));
    await screen.findByTestId('story-intent-result');
    expect((screen.getByTestId('story-style') as HTMLSelectElement).value).toBe('podcast');
    expect((screen.getByTestId('story-minutes') as HTMLSelectElement).value).toBe('15');
    expect(screen.getAllByTestId('story-focus-chip').map((c) => c.textContent)).toEqual(['routing']);
    type('story-source', 'https://git.example.org/team/atlas.git');
    fireEvent.change(screen.getByTestId('story-guest'), { target: { value: 'antoni' } });
    fireEvent.click(screen.getByTestId('story-generate'));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('s1'));
    expect(fake.callsTo('stories.generate')[0]).toMatchObject({
      source: { kind: 'git', url: 'https://git.example.org/team/atlas.git' },
      style: 'podcast',
      minutes: 15,
      depth: 'beginner',
      focus: ['routing'],
      message: 'the routing system, for a beginner, as a podcast',
      voices: ['rachel', 'antoni'],
      bed: 'none',
    });
  });

  it('sends nothing without a source, and says why', async () => {
    const { fake } = renderForm();
    fireEvent.click(screen.getByTestId('story-generate'));
    expect((await screen.findByTestId('story-form-error')).textContent).toMatch(/folder or a git URL/);
    expect(fake.callsTo('stories.generate')).toHaveLength(0);
  });
});
