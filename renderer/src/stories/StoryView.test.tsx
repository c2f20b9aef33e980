// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Story, STORY_READY, StoryRequest } from '../../../contract/stories';
import { IDLE } from '../playback/usePlayback';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { StoryView } from './StoryView';

beforeAll(installDomShims);
afterEach(cleanup);

const finished = (message: string) =>
  Story.parse({
    id: 's1',
    title: 'Atlas',
    request: StoryRequest.parse({ source: { kind: 'folder', path: '/code/atlas' }, minutes: 30 }),
    status: 'completed',
    progress: 100,
    message,
    error: null,
    problem: null,
    repo: null,
    intent: null,
    script: null,
    writer: 'offline',
    speakers: [],
    segments: { done: 40, total: 40 },
    chapters: [],
    transcript: [],
    durationSec: 540,
    jobId: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  });

function show(story: Story) {
  const fake = fakeClient({ 'stories.get': () => story, 'playback.status': () => IDLE, 'providers.status': () => [], 'jobs.list': () => [] });
  renderWithClient(<StoryView id="s1" />, fake.client);
}

describe('a finished story', () => {
  it('says when it came out shorter than asked, and says nothing more when it is simply ready', async () => {
    show(finished(`${STORY_READY}: 9 of the 30 minutes asked, all the offline writer found to say`));
    expect((await screen.findByTestId('story-note')).textContent).toBe('Ready: 9 of the 30 minutes asked, all the offline writer found to say');
    cleanup();
    show(finished(STORY_READY));
    await screen.findByTestId('story-title');
    expect(screen.queryByTestId('story-note')).toBeNull();
  });
});
