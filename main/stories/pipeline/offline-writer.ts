/**
 * The offline story writer: a chaptered script composed from the analysis alone, in any of the
 * five styles, sized to a word budget — no key, no network. Each chapter is a list of facts
 * ("beats": what the project is, what a file declares, who uses it, what it depends on) that a
 * style renders into sentences: a documentary narrator, tutorial steps, technical precision, a
 * fiction of a city and its inhabitants, or a podcast where a host asks and a guest answers.
 * Depth decides how much is explained; focus areas move matching chapters forward and give them
 * more time. The same input always gives the same script (choices are seeded by it), so a second
 * identical story costs nothing.
 */
import type { StoryChapter, StoryDepth, StoryIntent, StoryLine, StoryScript, StoryStyle } from '../../../contract/stories';
import { countWords, identifierWords, pathWords } from '../ear';
import type { ChapterFact, FileFact, RepoFacts } from './facts';

export interface OfflineStoryInput {
  facts: RepoFacts;
  intent: StoryIntent;
  /** Words the whole script should have (both speakers together). */
  words: number;
}

interface Beat {
  /** What a podcast host would ask to draw this out. */
  ask: string;
  /** The fact, plainly. */
  say: string;
  /** Said only when there is room (and never to beginners when `advanced`). */
  detail?: boolean;
  advanced?: boolean;
  beginner?: boolean;
}

/** FNV-1a: a seed from the input, so phrasing varies between repositories but not between runs. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const pct = (x: number) => `${Math.round(x * 100)} percent`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const list = (items: string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const fileName = (p: string) => pathWords(p).split(',')[0]!;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const KIND_WORD: Record<FileFact['declares'][number]['kind'], string> = { function: 'a function', class: 'a class', type: 'a type', value: 'a value' };

function fileBeats(f: FileFact, facts: RepoFacts): Beat[] {
  const name = fileName(f.path);
  const where = pathWords(f.path);
  const beats: Beat[] = [];
  const opener = f.says
    ? `${capital(where)} describes itself in one line: ${f.says.replace(/[`*]/g, '')}`
    : `${capital(where)} is ${plural(f.lines, 'line')} of ${f.language}.`;
  beats.push({ ask: `What happens in ${name}?`, say: opener });
  if (f.declares.length > 0) {
    const shown = f.declares.slice(0, 4).map((d) => `${KIND_WORD[d.kind]} called ${identifierWords(d.name)}`);
    const more = f.declares.length > 4 ? `, and ${plural(f.declares.length - 4, 'more name')}` : '';
    beats.push({ ask: `And what does it give the rest of the code?`, say: `It offers ${list(shown)}${more}.` });
  }
  if (f.usedBy > 0) {
    beats.push({
      ask: `Does anything depend on it?`,
      say: `${plural(f.usedBy, 'other file')} ${f.usedBy === 1 ? 'imports' : 'import'} it, which makes it ${f.usedBy >= 3 ? 'one of the load-bearing walls of' : 'a shared piece of'} ${facts.name}.`,
    });
  }
  if (f.imports.length > 0) {
    beats.push({ ask: `What does it lean on?`, say: `It reaches for ${list(f.imports.slice(0, 3).map(fileName))}, so reading ${f.imports.length === 1 ? 'that file' : 'those'} next makes sense.`, detail: true });
  }
  if (f.says && f.declares.length === 0) beats.push({ ask: `How big is it?`, say: `It runs to ${plural(f.lines, 'line')} of ${f.language}.`, detail: true });
  return beats;
}

function overviewBeats(facts: RepoFacts, depth: StoryDepth): Beat[] {
  const b: Beat[] = [];
  const langs = facts.languages.filter((l) => l.share >= 0.05);
  const main = langs[0];
  const desc = facts.description ?? readmeLine(facts.readme);
  if (desc) b.push({ ask: `So what is ${facts.name}, in a sentence?`, say: `In its own words: ${desc}` });
  b.push({
    ask: `How big are we talking?`,
    say: `${capital(facts.name)} holds ${plural(facts.totals.files, 'file')} worth reading, about ${plural(facts.totals.codeLines, 'line')} of code${facts.skipped > 0 ? `, once ${plural(facts.skipped, 'file')} of lock files, build output and binaries are set aside` : ''}.`,
  });
  if (main) {
    b.push({
      ask: `What is it written in?`,
      say:
        langs.length > 1
          ? `Mostly ${main.name}, at ${pct(main.share)} of the lines, with ${list(langs.slice(1, 4).map((l) => `${l.name} at ${pct(l.share)}`))}.`
          : `It is written in ${main.name}, nearly all of it.`,
    });
  }
  const runtime = facts.dependencies.filter((d) => !d.dev);
  const dev = facts.dependencies.filter((d) => d.dev);
  if (facts.dependencies.length > 0) {
    b.push({
      ask: `Does it stand on the shoulders of other projects?`,
      say: `It depends on ${plural(runtime.length, 'package')} at run time${runtime.length ? `, among them ${list(runtime.slice(0, 4).map((d) => identifierWords(d.name.replace(/^@/, '').replace(/\//g, ' ')) || d.name))}` : ''}${dev.length ? `, and ${dev.length} more for development and tests` : ''}.`,
    });
    b.push({ ask: `What is a dependency, for someone new?`, say: 'A dependency is code somebody else wrote and published, which this project pulls in instead of writing it again.', beginner: true });
  }
  if (facts.manifests.length > 1) {
    const eco = [...new Set(facts.manifests.map((m) => m.ecosystem))];
    b.push({ ask: `One project, or several?`, say: `${plural(facts.manifests.length, 'manifest')} across ${list(eco.map(ecosystemWords))} say it is really several packages living in one repository.`, detail: true });
  }
  b.push({
    ask: `How hard is it to find your way around?`,
    say: `On Koru's complexity scale it scores ${facts.complexity.score} out of 100: ${facts.complexity.level === 'small' ? 'small enough to hold in your head' : facts.complexity.level === 'moderate' ? 'moderate, a map helps' : 'large, so we will follow the main roads'}.`,
    advanced: depth === 'beginner' ? false : undefined,
  });
  if (facts.contributors.length > 0) b.push({ ask: `Who builds it?`, say: `Its most active contributors include ${list(facts.contributors.slice(0, 3))}.`, detail: true });
  return b;
}

function ecosystemWords(e: string): string {
  return ({ npm: 'npm', pypi: 'Python packaging', cargo: 'Cargo', go: 'Go modules', maven: 'Maven', gradle: 'Gradle' } as Record<string, string>)[e] ?? e;
}

function readmeLine(readme: string | null): string | null {
  if (!readme) return null;
  const para = readme
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^#+.*$/gm, '').replace(/!\[[^\]]*\]\([^)]*\)|<[^>]+>|\[!\[[^\]]*\][^)]*\)/g, '').trim())
    .find((p) => p.length > 20 && !/^[-*|>`]/.test(p));
  if (!para) return null;
  const s = /^(.{20,300}?[.!?])(\s|$)/.exec(para.replace(/\s+/g, ' '))?.[1] ?? para.replace(/\s+/g, ' ').slice(0, 240);
  return s.replace(/`([^`]+)`/g, (_m, c: string) => (c.includes('/') ? pathWords(c) : identifierWords(c)));
}

function chapterBeats(c: ChapterFact, facts: RepoFacts, depth: StoryDepth): Beat[] {
  const files = c.keyFiles;
  switch (c.kind) {
    case 'overview':
      return overviewBeats(facts, depth);
    case 'entry':
      return [
        { ask: `Where does it all start?`, say: `Execution begins at ${list(facts.entryPoints.slice(0, 3).map(pathWords))}.` },
        { ask: `What is an entry point?`, say: 'An entry point is the first file that runs when you start the program; everything else is called from there.', beginner: true },
        ...files.slice(0, 3).flatMap((f) => fileBeats(f, facts)),
      ];
    case 'module':
      return [
        {
          ask: `Tell me about ${c.module === '*' ? 'the rest' : chapterTitle(c).toLowerCase()}.`,
          say: c.module === '*' ? `The smaller corners, ${plural(c.files, 'file')} in all, fill in the rest.` : `${capital(c.module ? pathWords(`${c.module}/x`).split(', in ')[1] ?? c.title : c.title)} holds ${plural(c.files, 'file')} and ${plural(c.lines, 'line')}.`,
        },
        ...files.flatMap((f) => fileBeats(f, facts)),
      ];
    case 'tests':
      return [
        { ask: `How do they know it works?`, say: `${plural(facts.tests, 'test file')} check it${facts.testExamples[0] ? `, for example ${pathWords(facts.testExamples[0])}` : ''}.` },
        { ask: `Why do tests matter here?`, say: 'A test is a small program that runs the real code and checks the answer, so a change that breaks something is caught before anyone relies on it.', beginner: true },
        ...files.slice(0, 2).flatMap((f) => fileBeats(f, facts).slice(0, 2)),
      ];
    case 'build':
      return [
        {
          ask: `And how does it get built and shipped?`,
          say: facts.ci.length ? `Continuous integration runs from ${list(facts.ci.slice(0, 2).map(pathWords))}, so every change is built and tested on a clean machine.` : `Configuration files like ${list(files.slice(0, 2).map((f) => fileName(f.path)))} describe how it is built.`,
        },
        ...(facts.docs.length ? [{ ask: `Is there documentation?`, say: `Yes: ${list(facts.docs.slice(0, 3).map(pathWords))}.`, detail: true }] : []),
      ];
  }
}

/** Focus terms that a chapter's paths, names or comments mention. */
function focusScore(c: ChapterFact, terms: string[]): number {
  if (terms.length === 0) return 0;
  const hay = [c.title, c.module ?? '', ...c.keyFiles.flatMap((f) => [f.path, f.says ?? '', ...f.declares.map((d) => d.name)])].join(' ').toLowerCase();
  // A stem, so "routing" finds the router: the word less a suffix, never under four letters.
  return terms.filter((t) => hay.includes(t.slice(0, Math.max(4, t.length - 3)))).length;
}

const STYLE_OPENING: Record<StoryStyle, (f: RepoFacts, focus: string) => string[]> = {
  documentary: (f, focus) => [`This is the story of ${f.name}: what it is made of, how its parts fit, and where to look first.${focus}`],
  tutorial: (f, focus) => [`In this walkthrough we open ${f.name} together, one step at a time, so that by the end you know where everything lives.${focus} Keep the repository open beside you if you can.`],
  technical: (f, focus) => [`A technical briefing on ${f.name}: structure, dependencies, entry points and the code that carries the most weight.${focus}`],
  fiction: (f, focus) => [`Imagine ${f.name} as a small city at dawn. Its streets are folders, its houses are files, and the names painted on their doors are the functions and classes inside.${focus} Let us walk through it.`],
  podcast: (f, focus) => [`Welcome back! Today we are reading a codebase together: ${f.name}.${focus}`],
};

const CHAPTER_LEAD: Record<StoryStyle, (c: ChapterFact, n: number) => string> = {
  documentary: (c) => `${c.title === 'What it is' ? 'First, the big picture.' : `Next: ${chapterTitle(c).toLowerCase()}.`}`,
  tutorial: (c, n) => `Step ${n}: ${chapterTitle(c).toLowerCase()}.`,
  technical: (c) => `${chapterTitle(c)}.`,
  fiction: (c) => (c.kind === 'overview' ? 'From the hill above the city, you can see all of it at once.' : c.kind === 'entry' ? 'Every city has a gate, and this is where travellers come in.' : c.kind === 'tests' ? 'At the edge of town stand the inspectors, who check every house before anyone moves in.' : c.kind === 'build' ? 'And at night, the builders come and put the city together again, stone by stone.' : `The next district is ${chapterTitle(c)}.`),
  podcast: (c) => `Let's talk about ${chapterTitle(c).toLowerCase()}.`,
};

const STYLE_CLOSING: Record<StoryStyle, (f: RepoFacts, start: string) => string> = {
  documentary: (f, start) => `That is ${f.name}. If you read one file next, make it ${start}.`,
  tutorial: (f, start) => `You have now walked the whole of ${f.name}. Your next step: open ${start} and follow its imports one by one.`,
  technical: (f, start) => `In summary: ${f.complexity.level} complexity, ${f.languages[0]?.name ?? 'mixed'} at the core, and ${start} as the place to start reading.`,
  fiction: (f, start) => `The sun sets over ${f.name}. Tomorrow, knock on the door of ${start}; it knows everyone in town.`,
  podcast: (f, start) => `That's ${f.name}. Start with ${start}, follow the imports, and you'll be at home in no time. Thanks for listening!`,
};

function chapterTitle(c: ChapterFact): string {
  if (c.kind !== 'module' || !c.module || c.module === '*') return c.title;
  return capital(c.module.split('/').map((s) => s.replace(/[_.-]+/g, ' ')).join(', '));
}

const REACTIONS = ['Right.', 'Interesting.', 'Okay, that makes sense.', 'Got it.', 'Nice.', 'Huh, I would not have guessed that.'];

function render(style: StoryStyle, beats: Beat[], seed: number, turn: number): StoryLine[] {
  if (style !== 'podcast') return beats.map((b) => ({ speaker: 'host' as const, text: style === 'tutorial' && b.detail ? `Notice this: ${lower(b.say)}` : b.say }));
  // Two hosts: the host asks, the guest answers; now and then the host reacts.
  const out: StoryLine[] = [];
  beats.forEach((b, i) => {
    out.push({ speaker: 'host', text: b.ask });
    out.push({ speaker: 'guest', text: b.say });
    if ((seed + turn + i) % 4 === 3) out.push({ speaker: 'host', text: REACTIONS[(seed + turn + i) % REACTIONS.length]! });
  });
  return out;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const lineWords = (lines: StoryLine[]) => lines.reduce((s, l) => s + countWords(l.text), 0);

export function writeOfflineStory(input: OfflineStoryInput): StoryScript {
  const { facts, intent } = input;
  const style = intent.style;
  const seed = hash(`${facts.label}|${style}|${intent.depth}|${intent.focus.join(',')}`);
  const terms = intent.focus.flatMap((f) => f.toLowerCase().split(/[^a-z0-9]+/)).filter((t) => t.length >= 3);
  // Focus first (after the overview), the rest in the order a person would explain them.
  const ordered = facts.chapters
    .map((c, i) => ({ c, i, score: focusScore(c, terms) }))
    .sort((a, b) => (a.c.kind === 'overview' ? -1 : b.c.kind === 'overview' ? 1 : b.score - a.score || a.i - b.i));
  const focusText = intent.focus.length ? ` You asked about ${list(intent.focus)}, so that comes first.` : '';
  const opening: StoryLine[] = STYLE_OPENING[style](facts, focusText).map((text) => ({ speaker: 'host' as const, text }));
  if (style === 'podcast') opening.push({ speaker: 'guest', text: `Happy to be here. ${capital(facts.name)} is a nice one to explore.` });
  if (intent.instructions) opening.push({ speaker: 'host', text: `As requested: ${intent.instructions.replace(/[`*#]/g, '')}` });

  const weightOf = (o: (typeof ordered)[number]) => (o.c.kind === 'overview' ? 1.4 : o.c.kind === 'build' || o.c.kind === 'tests' ? 0.6 : 1) * (o.score > 0 ? 3 : 1);
  const totalWeight = ordered.reduce((s, o) => s + weightOf(o), 0) || 1;
  const start = fileName(facts.chapters.find((c) => c.kind === 'entry')?.keyFiles[0]?.path ?? facts.chapters.find((c) => c.kind === 'module')?.keyFiles[0]?.path ?? facts.readme ?? 'the README');
  const closingWords = 40;
  const budget = Math.max(60, input.words - lineWords(opening) - closingWords);

  const chapters: StoryChapter[] = [];
  let turn = 0;
  ordered.forEach((o, n) => {
    const share = (budget * weightOf(o)) / totalWeight;
    const beats = chapterBeats(o.c, facts, intent.depth).filter((b) => (intent.depth === 'beginner' ? b.advanced !== false : !b.beginner));
    const lines: StoryLine[] = [{ speaker: 'host', text: CHAPTER_LEAD[style](o.c, n + 1) }];
    if (n === 0) lines.unshift(...opening);
    // Essential beats first; details while the chapter's share lasts.
    for (const b of beats) {
      const rendered = render(style, [b], seed, turn++);
      // Each chapter says at least one thing; the rest while its share of the words lasts.
      if (lines.length > (n === 0 ? opening.length + 1 : 1) && lineWords(lines) + lineWords(rendered) > share) continue;
      lines.push(...rendered);
    }
    if (lines.length > 1) chapters.push({ title: chapterTitle(o.c), lines: lines.slice(0, 200) });
  });
  const last = chapters.at(-1);
  const closing: StoryLine = { speaker: 'host', text: STYLE_CLOSING[style](facts, start) };
  if (last) last.lines.push(closing);
  else chapters.push({ title: 'The story', lines: [...opening, closing] });

  const summary = `${capital(facts.name)}: ${plural(facts.totals.files, 'file')}, mostly ${facts.languages[0]?.name ?? 'code'}, told as a ${style}${intent.focus.length ? ` with a focus on ${list(intent.focus)}` : ''}.`;
  return { title: titleFor(style, facts.name), summary, chapters: chapters.slice(0, 40) };
}

function titleFor(style: StoryStyle, name: string): string {
  const t = { documentary: `${name}: a documentary`, tutorial: `A walk through ${name}`, technical: `${name}, a technical briefing`, fiction: `The city of ${name}`, podcast: `Inside ${name}` }[style];
  return t.slice(0, 120);
}
