// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../../contract';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { ExportPanel } from './ExportPanel';

beforeAll(installDomShims);
afterEach(cleanup);

/** An export main holds open until the test settles it, as a long render would be. */
function setup() {
  let settle: { resolve: (r: ExportResult) => void; reject: (e: unknown) => void } | null = null;
  const fake = fakeClient({
    'sessions.export': () => new Promise<ExportResult>((resolve, reject) => (settle = { resolve, reject })),
    'exports.cancel': ({ id }) => {
      settle?.reject(Object.assign(new Error('The export was cancelled; no file was saved.'), { code: 'CONFLICT', details: { cancelled: true } }));
      return { cancelled: id.length > 0 };
    },
  });
  let rename: (name: string, id?: string) => void = () => undefined;
  function Harness() {
    const [subject, setSubject] = useState({ name: 'Calm', id: 's1' });
    rename = (name, id = 's1') => act(() => setSubject({ name, id }));
    return <ExportPanel channel="sessions.export" id={subject.id} name={subject.name} note="Renders the whole session." />;
  }
  renderWithClient(<Harness />, fake.client);
  return { fake, finish: (r: ExportResult) => settle?.resolve(r), rename: (name: string, id?: string) => rename(name, id) };
}

const exportIdOf = (input: unknown) => (input as { exportId: string }).exportId;

describe('export panel', () => {
  it('shows its own export’s progress, then where the file was saved', async () => {
    const { fake, finish } = setup();
    fireEvent.click(screen.getByTestId('export-mp3'));
    await waitFor(() => expect(fake.callsTo('sessions.export')).toHaveLength(1));
    const [input] = fake.callsTo('sessions.export');
    expect(input).toMatchObject({ id: 's1', format: 'mp3' });
    const exportId = exportIdOf(input);
    expect(exportId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(screen.getByTestId<HTMLButtonElement>('export-wav').disabled).toBe(true);

    act(() => fake.emit('export.progress', { id: exportId, fraction: 0.42, state: 'running' }));
    act(() => fake.emit('export.progress', { id: 'someone-elses', fraction: 0.9, state: 'running' }));
    expect(screen.getByRole('progressbar', { name: 'Export progress' }).getAttribute('aria-valuenow')).toBe('42');

    act(() => finish({ exportId, path: '/data/exports/Calm-s1.mp3', bytes: 7_200_000, durationSec: 300, fileId: 'f_abcdefghijklmnopqrstuv' }));
    await waitFor(() => expect(screen.getByTestId('export-result').textContent).toContain('/data/exports/Calm-s1.mp3'));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('Cancel is a keyboard-reachable button that stops this export and says no file was saved', async () => {
    const { fake } = setup();
    fireEvent.click(screen.getByTestId('export-wav'));
    await waitFor(() => expect(screen.getByTestId('export-cancel')).toBeTruthy());
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    cancel.focus();
    expect(document.activeElement).toBe(cancel);
    fireEvent.click(cancel);
    await waitFor(() => expect(screen.getByTestId('export-cancelled').textContent).toMatch(/WAV export cancelled\. No file was saved/));
    expect(fake.callsTo('exports.cancel')).toEqual([{ id: exportIdOf(fake.callsTo('sessions.export')[0]) }]);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('export-wav').disabled).toBe(false);
  });

  it('drops the result line once what it exported is renamed (its file has the old name)', async () => {
    const { fake, finish, rename } = setup();
    fireEvent.click(screen.getByTestId('export-mp3'));
    await waitFor(() => expect(fake.callsTo('sessions.export')).toHaveLength(1));
    const exportId = exportIdOf(fake.callsTo('sessions.export')[0]);
    act(() => finish({ exportId, path: '/data/exports/Calm-s1.mp3', bytes: 1000, durationSec: 300, fileId: 'f_abcdefghijklmnopqrstuv' }));
    await waitFor(() => expect(screen.getByTestId('export-result').textContent).toContain('Calm-s1.mp3'));
    rename('Deep calm');
    expect(screen.queryByTestId('export-result')).toBeNull();
    expect(document.body.textContent).not.toContain('Calm-s1.mp3');
    // Another session in the same panel does not inherit it either, even under the same name.
    rename('Calm', 's2');
    expect(screen.queryByTestId('export-result')).toBeNull();
  });
});
