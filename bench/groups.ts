// The benchmark groups, in the order `npm run bench` runs and prints them.
export type Figures = Record<string, number | string>;

export const GROUPS: { id: string; title: string; load: () => Promise<() => Promise<Figures>> }[] = [
  { id: 'render', title: 'render: 1 h of pink/40 200+10/20 → 16-bit WAV data at 44.1 kHz', load: async () => (await import('./render')).benchRender },
  { id: 'cli', title: 'cli: `koru --version` start-up, and a 1 h render through the built command vs SBaGen+', load: async () => (await import('./cli')).benchCli },
  { id: 'export', title: 'export: a 5-minute session to WAV and 192 kbps MP3, beside lame -b 192', load: async () => (await import('./export')).benchExport },
  { id: 'live', title: 'live: play latency and underruns', load: async () => (await import('./live')).benchLive },
  { id: 'load', title: 'load: a ritual playing while another is voiced, an MP3 export runs, the other core is busy and the main loop blocks 200 ms/s', load: async () => (await import('./load')).benchLoad },
  { id: 'spectrum', title: 'spectrum: analyser cost', load: async () => (await import('./spectrum')).benchSpectrum },
  { id: 'sky', title: 'sky: `koru sky events` over ten years (moon quarters, eclipses, stations)', load: async () => (await import('./sky')).benchSky },
  { id: 'stories-analysis', title: 'stories: analysis of a generated 20,000-file repository, and a 100k-token pack', load: async () => (await import('./stories-analysis')).benchStoriesAnalysis },
  { id: 'stories', title: 'stories: an offline 10-minute story end to end; first audio with mocks at realistic latency; a repeat', load: async () => (await import('./stories')).benchStories },
  { id: 'visuals', title: 'visuals: frame time in Chromium (software rendering) while a session plays', load: async () => (await import('./visuals')).benchVisuals },
  { id: 'rituals', title: 'rituals: first narration, cache, a 10,000-ritual library', load: async () => (await import('./rituals')).benchRituals },
  { id: 'assistant', title: 'assistant: end of speech → first reply sample (mocks at realistic latency) and Koru’s share; endpointing; barge-in', load: async () => (await import('./assistant')).benchAssistant },
  { id: 'practice', title: 'practice: a voiced mala (108 repetitions, offline voice, over a bed) to WAV, and the longest voiced practice', load: async () => (await import('./practice')).benchPractice },
  { id: 'dubbing', title: 'dubbing: decode per codec, a 1 h MP3’s peak RSS, a 10-minute dub end to end on the mocks at realistic latency, sync error', load: async () => (await import('./dubbing')).benchDubbing },
];
