import { useQueryClient } from '@tanstack/react-query';
import { BookOpen, FolderOpen, MessageCircle, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { OFFLINE, providersThat } from '../../../contract/providers';
import {
  SEED_VOICES,
  STORY_MAX_MINUTES,
  STORY_MIN_MINUTES,
  STORY_MINUTE_CHOICES,
  STORY_STYLES,
  StoryDepth,
  StoryRequest,
  type SeedVoice,
  type StoryRequestInput,
  type StoryStyle,
} from '../../../contract/stories';
import { issuesMessage } from '../../../contract/issues';
import { useFiles } from '../app/files';
import { useKoruMutation, useKoruQuery } from '../app/koru';
import { PROVIDER_NAMES } from '../providers/names';
import { NumberField, SelectField, TextField } from '../ui/fields';

const STYLE_LABELS: Record<StoryStyle, string> = {
  documentary: 'Documentary',
  tutorial: 'Tutorial',
  technical: 'Technical briefing',
  fiction: 'Fiction',
  podcast: 'Podcast (two hosts)',
};
const VOICE_OPTIONS = (Object.keys(SEED_VOICES) as SeedVoice[]).map((v) => ({ value: v, label: `${SEED_VOICES[v].label} — ${SEED_VOICES[v].says}` }));
const AUTO = '' as const;

interface Form {
  source: string;
  ref: string;
  style: StoryStyle;
  minutes: number;
  depth: StoryDepth;
  focus: string[];
  instructions: string;
  writer: string;
  provider: string;
  host: SeedVoice;
  guest: SeedVoice;
  bed: string;
}

const blank = (): Form => ({ source: '', ref: '', style: 'documentary', minutes: 10, depth: 'intermediate', focus: [], instructions: '', writer: AUTO, provider: AUTO, host: 'rachel', guest: 'drew', bed: 'none' });

/** A folder on this machine, or an http(s) git URL. */
function sourceOf(text: string, ref: string): StoryRequestInput['source'] {
  const t = text.trim();
  return /^https?:\/\//i.test(t) ? { kind: 'git', url: t, ...(ref.trim() ? { ref: ref.trim() } : {}) } : { kind: 'folder', path: t };
}

export function toRequest(f: Form, message: string): { request: StoryRequestInput | null; error: string | null } {
  if (f.source.trim() === '') return { request: null, error: 'Enter a folder or a git URL' };
  const input: StoryRequestInput = {
    source: sourceOf(f.source, f.ref),
    style: f.style,
    minutes: f.minutes,
    depth: f.depth,
    focus: f.focus,
    ...(message.trim() ? { message: message.trim() } : {}),
    ...(f.instructions.trim() ? { instructions: f.instructions.trim() } : {}),
    ...(f.writer ? { writer: f.writer as StoryRequest['writer'] } : {}),
    ...(f.provider ? { provider: f.provider as StoryRequest['provider'] } : {}),
    voices: f.style === 'podcast' ? [f.host, f.guest] : [f.host],
    bed: f.bed,
  };
  const r = StoryRequest.safeParse(input);
  return r.success ? { request: input, error: null } : { request: null, error: issuesMessage(r.error) };
}

/** The new-story form: the intent chat first (it fills style, depth, length and focus), then the
 *  source, style, length, voices, depth and focus chips → stories.generate. */
export function StoryForm({ onStarted }: { onStarted: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(blank);
  const [message, setMessage] = useState('');
  const [chip, setChip] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const presets = useKoruQuery('presets.list', {}, { staleTime: Infinity });
  const files = useFiles();
  const pickFolder = useKoruMutation('files.pickFolder', { onSuccess: (r) => r && set('source', r.path) });
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const intent = useKoruMutation('stories.intent', {
    onSuccess: (r) => setForm((f) => ({ ...f, style: r.style, depth: r.depth, minutes: r.minutes, focus: r.focus, instructions: r.instructions || f.instructions })),
  });
  const generate = useKoruMutation('stories.generate', {
    onSuccess: ({ id }) => {
      void queryClient.invalidateQueries({ queryKey: ['stories.list'] });
      onStarted(id);
    },
  });
  const { request, error } = toRequest(form, message);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (request && !generate.isPending) generate.mutate(request);
  };
  const addChip = () => {
    const c = chip.trim().toLowerCase();
    if (c && !form.focus.includes(c) && form.focus.length < 8) set('focus', [...form.focus, c]);
    setChip('');
  };
  const writers = [{ value: AUTO, label: 'Automatic (the settings’ writer, else offline)' }, { value: OFFLINE, label: 'Offline story writer' }, ...providersThat('text').map((p) => ({ value: p, label: PROVIDER_NAMES[p] }))];
  const speakers = [{ value: AUTO, label: 'Automatic (first configured voice)' }, ...providersThat('speech').map((p) => ({ value: p, label: PROVIDER_NAMES[p] }))];
  const minuteChoices = [...STORY_MINUTE_CHOICES.map((m) => ({ value: String(m), label: `${m} minutes` })), { value: 'other', label: 'Other…' }];
  const isChoice = (STORY_MINUTE_CHOICES as readonly number[]).includes(form.minutes);

  return (
    <form className="story-form editor" onSubmit={submit} aria-labelledby="story-form-title" noValidate>
      <header className="editor__header">
        <h2 id="story-form-title">New story</h2>
      </header>

      <section className="panel story-chat" aria-labelledby="story-chat-title">
        <header className="panel__header">
          <h3 id="story-chat-title">
            <MessageCircle size={16} aria-hidden="true" /> What do you want to hear?
          </h3>
        </header>
        <TextField label="Tell Koru in your words" value={message} onChange={setMessage} multiline placeholder="Explain the routing system of this repo, 10 minutes, podcast style" testId="story-message" />
        <div className="button-row">
          <button type="button" className="button" disabled={message.trim().length < 3 || intent.isPending} onClick={() => intent.mutate({ message, ...(form.writer ? { writer: form.writer as StoryRequest['writer'] } : {}) })} data-testid="story-intent">
            {intent.isPending ? 'Reading…' : 'Suggest settings'}
          </button>
          {intent.data ? (
            <span className="muted" role="status" data-testid="story-intent-result">
              A {intent.data.minutes}-minute {intent.data.style} for {intent.data.depth === 'beginner' ? 'a' : 'an'} {intent.data.depth} listener{intent.data.focus.length ? `, about ${intent.data.focus.join(', ')}` : ''}.
            </span>
          ) : null}
        </div>
      </section>

      <TextField label="Folder or git URL" value={form.source} onChange={(v) => set('source', v)} placeholder="/home/me/code/project  or  https://github.com/owner/repo" hint="A folder on the machine Koru runs on, or an http(s) address of a git repository" error={submitted && form.source.trim() === '' ? 'Enter a folder or a git URL' : undefined} testId="story-source" />
      {files.desktop ? (
        <div className="button-row">
          <button type="button" className="button" onClick={() => pickFolder.mutate({})} disabled={pickFolder.isPending} data-testid="story-pick-folder">
            <FolderOpen size={16} aria-hidden="true" /> Choose folder…
          </button>
        </div>
      ) : null}
      {/^https?:\/\//i.test(form.source.trim()) ? <TextField label="Branch, tag or commit (optional)" value={form.ref} onChange={(v) => set('ref', v)} testId="story-ref" /> : null}

      <div className="form-grid">
        <SelectField label="Style" value={form.style} options={STORY_STYLES.map((s) => ({ value: s, label: STYLE_LABELS[s] }))} onChange={(v) => set('style', v)} testId="story-style" />
        <SelectField label="Length" value={isChoice ? String(form.minutes) : 'other'} options={minuteChoices} onChange={(v) => set('minutes', v === 'other' ? 12 : Number(v))} testId="story-minutes" />
        {!isChoice ? <NumberField label={`Minutes (${STORY_MIN_MINUTES}–${STORY_MAX_MINUTES})`} value={form.minutes} onChange={(v) => set('minutes', v)} testId="story-minutes-other" /> : null}
        <SelectField label="Depth" value={form.depth} options={StoryDepth.options.map((d) => ({ value: d, label: d.charAt(0).toUpperCase() + d.slice(1) }))} onChange={(v) => set('depth', v)} testId="story-depth" />
        <SelectField label={form.style === 'podcast' ? 'Host voice' : 'Narrator'} value={form.host} options={VOICE_OPTIONS} onChange={(v) => set('host', v)} testId="story-voice" />
        {form.style === 'podcast' ? <SelectField label="Guest voice" value={form.guest} options={VOICE_OPTIONS} onChange={(v) => set('guest', v)} testId="story-guest" /> : null}
        <SelectField label="Writer" value={form.writer} options={writers} onChange={(v) => set('writer', v)} testId="story-writer" />
        <SelectField label="Voiced by" value={form.provider} options={speakers} onChange={(v) => set('provider', v)} testId="story-provider" />
        <SelectField label="Tone bed" value={form.bed} options={[{ value: 'none', label: 'None (narration only)' }, ...(presets.data ?? []).map((p) => ({ value: p.id, label: p.name }))]} onChange={(v) => set('bed', v)} testId="story-bed" />
      </div>

      <fieldset className="story-focus">
        <legend>Focus</legend>
        <ul className="chips" aria-label="Focus areas">
          {form.focus.map((f) => (
            <li key={f} className="chip" data-testid="story-focus-chip">
              {f}
              <button type="button" className="icon-button" aria-label={`Remove ${f}`} onClick={() => set('focus', form.focus.filter((x) => x !== f))}>
                <X size={12} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
        <div className="button-row">
          <input className="input" aria-label="Add a focus area" value={chip} maxLength={60} onChange={(e) => setChip(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addChip())} data-testid="story-focus-input" />
          <button type="button" className="button" onClick={addChip} disabled={chip.trim() === ''}>
            Add
          </button>
        </div>
      </fieldset>

      {submitted && error ? (
        <p className="field__error" role="alert" data-testid="story-form-error">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={generate.isPending} data-testid="story-generate">
          <BookOpen size={16} aria-hidden="true" /> {generate.isPending ? 'Starting…' : 'Tell the story'}
        </button>
      </div>
    </form>
  );
}
