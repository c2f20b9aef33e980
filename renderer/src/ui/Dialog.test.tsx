// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog, Dialog } from './Dialog';

afterEach(cleanup);

/** A page with a button that opens a dialog through state (no Radix Trigger), like every dialog here. */
function Page({ removeOpener = false }: { removeOpener?: boolean }) {
  const [open, setOpen] = useState(false);
  const [gone, setGone] = useState(false);
  return (
    <>
      <button type="button">Elsewhere</button>
      <h2 tabIndex={-1} data-testid="fallback">
        List
      </h2>
      {gone ? null : (
        <button type="button" onClick={() => setOpen(true)} data-testid="opener">
          Open
        </button>
      )}
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete?"
        description="Really."
        confirmLabel="Delete"
        onConfirm={() => {
          if (removeOpener) setGone(true);
          setOpen(false);
        }}
        fallbackFocus={() => document.querySelector<HTMLElement>('[data-testid="fallback"]')}
      />
    </>
  );
}

const openFrom = async (button: HTMLElement) => {
  button.focus(); // a click focuses a button in browsers; jsdom needs telling
  fireEvent.click(button);
  await screen.findByTestId('confirm-dialog');
  await waitFor(() => expect(screen.getByTestId('confirm-dialog').contains(document.activeElement)).toBe(true));
};

describe('dialog focus', () => {
  it('returns focus to the control that opened it, after Escape, Cancel or the close button', async () => {
    render(<Page />);
    const opener = screen.getByTestId('opener');
    for (const close of [() => fireEvent.keyDown(document.activeElement!, { key: 'Escape' }), () => fireEvent.click(screen.getByText('Cancel')), () => fireEvent.click(screen.getByLabelText('Close'))]) {
      await openFrom(opener);
      close();
      await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
      expect(document.activeElement).toBe(opener);
    }
  });

  it('falls back when the opener is gone (the thing it deleted)', async () => {
    render(<Page removeOpener />);
    await openFrom(screen.getByTestId('opener'));
    fireEvent.click(screen.getByTestId('confirm'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('fallback'));
  });

  it('a plain Dialog does the same', async () => {
    function Plain() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)} data-testid="opener">
            New
          </button>
          <Dialog open={open} onOpenChange={setOpen} title="New session" testId="confirm-dialog">
            <button type="button" onClick={() => setOpen(false)}>
              Pick
            </button>
          </Dialog>
        </>
      );
    }
    render(<Plain />);
    const opener = screen.getByTestId('opener');
    await openFrom(opener);
    fireEvent.click(screen.getByText('Pick'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });
});
