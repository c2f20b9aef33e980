import { BookOpen, CircleDot, Goal as GoalIcon, Languages, ListMusic, MessageCircle, MoonStar, Settings as SettingsIcon, Sparkles, Speaker } from 'lucide-react';
import { useState } from 'react';
import { AssistantPage } from '../assistant/AssistantPage';
import { DubbingPage } from '../dubbing/DubbingPage';
import { GoalsPage } from '../goals/GoalsPage';
import { HardwarePage } from '../hardware/HardwarePage';
import { NowPlayingBar } from '../playback/NowPlayingBar';
import { PracticePage } from '../practice/PracticePage';
import { RitualsPage } from '../rituals/RitualsPage';
import { useRitualEvents } from '../rituals/useRituals';
import { SessionsPage, type Selection } from '../sessions/SessionsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SkyPanel } from '../sky/SkyPanel';
import { StoriesPage } from '../stories/StoriesPage';
import { useStoryEvents } from '../stories/useStories';
import { useScheduleEvents } from '../sky/useScheduleEvents';
import { SpectrumView } from '../spectrum/SpectrumView';
import { VisualsButton } from '../visuals/VisualsButton';
import { ConnectionBadge } from './ConnectionBadge';
import { useConnectionSync } from './connection-sync';
import { useKoruQuery } from './koru';

type Page = 'sessions' | 'rituals' | 'stories' | 'practice' | 'dubbing' | 'sky' | 'assistant' | 'goals' | 'hardware' | 'settings';

const NAV: { page: Page; label: string; Icon: typeof ListMusic }[] = [
  { page: 'sessions', label: 'Sessions', Icon: ListMusic },
  { page: 'rituals', label: 'Rituals', Icon: Sparkles },
  { page: 'stories', label: 'Stories', Icon: BookOpen },
  { page: 'practice', label: 'Practice', Icon: CircleDot },
  { page: 'dubbing', label: 'Dubbing', Icon: Languages },
  { page: 'sky', label: 'Sky', Icon: MoonStar },
  { page: 'assistant', label: 'Assistant', Icon: MessageCircle },
  { page: 'goals', label: 'Goals', Icon: GoalIcon },
  { page: 'hardware', label: 'Hardware', Icon: Speaker },
  { page: 'settings', label: 'Settings', Icon: SettingsIcon },
];

/** The shell: navigation, the current page, and the player that stays put across pages. */
export function App() {
  const [page, setPage] = useState<Page>('sessions');
  // Held here so the open session survives a visit to Settings and the player can start it.
  const [selection, setSelection] = useState<Selection>(null);
  const selected = useSelectedSession(selection);
  const [ritual, setRitual] = useState<string | null>(null);
  const [story, setStory] = useState<string | null>(null);
  // Ritual progress and failures arrive whichever page is open: a job keeps running meanwhile.
  useRitualEvents();
  useStoryEvents();
  // Schedule notices (a start is near, started, missed) become toasts on any page.
  useScheduleEvents();
  // Web mode: pause on a lost socket with the last data kept, catch up once it is back.
  useConnectionSync();

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <KoruMark />
          <span className="brand__name">Koru</span>
        </div>
        <ul className="nav">
          {NAV.map(({ page: p, label, Icon }) => (
            <li key={p}>
              <button
                type="button"
                className="nav__item"
                aria-current={page === p ? 'page' : undefined}
                onClick={() => setPage(p)}
                data-testid={`nav-${p}`}
              >
                <Icon size={18} aria-hidden="true" />
                {label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar__foot">
          <ConnectionBadge />
        </div>
      </nav>
      <main className="main" id="main" tabIndex={-1}>
        {page === 'sessions' ? (
          <SessionsPage selection={selection} onSelect={setSelection} />
        ) : page === 'rituals' ? (
          <RitualsPage selected={ritual} onSelect={setRitual} />
        ) : page === 'stories' ? (
          <StoriesPage selected={story} onSelect={setStory} />
        ) : page === 'practice' ? (
          <PracticePage />
        ) : page === 'dubbing' ? (
          <DubbingPage />
        ) : page === 'sky' ? (
          <SkyPanel />
        ) : page === 'assistant' ? (
          <AssistantPage />
        ) : page === 'goals' ? (
          <GoalsPage />
        ) : page === 'hardware' ? (
          <HardwarePage />
        ) : (
          <SettingsPage />
        )}
      </main>
      <footer className="dock" aria-label="Player">
        <SpectrumView />
        <VisualsButton />
        <NowPlayingBar selected={selected} />
      </footer>
    </div>
  );
}

/** Id and name of the stored session open in the editor (shares the editor's cache entry). */
function useSelectedSession(selection: Selection): { id: string; name: string } | null {
  const id = selection?.kind === 'existing' ? selection.id : null;
  const session = useKoruQuery('sessions.get', { id: id ?? '' }, { enabled: id !== null, staleTime: Infinity });
  return id === null ? null : { id, name: session.data?.name ?? 'Selected session' };
}

/** The koru: an unfurling fern frond, drawn as one spiral stroke. */
function KoruMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <path
        d="M6 28c0-9 5-17 13-19 5-1 8 2 8 6 0 3-2 5-5 5-2.4 0-4-1.5-4-3.6 0-1.6 1.2-2.7 2.6-2.7 1.1 0 1.9.8 1.9 1.8"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
      />
    </svg>
  );
}
