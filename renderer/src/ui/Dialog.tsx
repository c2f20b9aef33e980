import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { useRef, type ReactNode } from 'react';

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  wide?: boolean;
  children: ReactNode;
  testId?: string;
  /** Where focus goes on close when the control that opened the dialog is gone (deleted…). */
  fallbackFocus?: () => HTMLElement | null;
}

/** Radix dialog: focus trapped inside, Escape and the close button dismiss, and focus returns to
 *  the control that opened it. Radix only does that for its own Dialog.Trigger; our dialogs are
 *  opened by ordinary buttons (open is state), so the opener is remembered here as focus enters. */
export function Dialog({ open, onOpenChange, title, description, wide, children, testId, fallbackFocus }: DialogProps) {
  const opener = useRef<HTMLElement | null>(null);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog__overlay" />
        <RadixDialog.Content
          className={`dialog${wide ? ' dialog--wide' : ''}`}
          data-testid={testId}
          {...(description ? {} : { 'aria-describedby': undefined })}
          // Fired before focus moves in, so the active element is still the opener.
          onOpenAutoFocus={() => {
            const active = document.activeElement;
            opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
          }}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            const back = opener.current?.isConnected ? opener.current : (fallbackFocus?.() ?? null);
            opener.current = null;
            back?.focus({ preventScroll: true });
          }}
        >
          <header className="dialog__header">
            <RadixDialog.Title className="dialog__title">{title}</RadixDialog.Title>
            <RadixDialog.Close className="icon-button" aria-label="Close">
              <X size={18} aria-hidden="true" />
            </RadixDialog.Close>
          </header>
          {description ? <RadixDialog.Description className="dialog__description">{description}</RadixDialog.Description> : null}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

interface ConfirmProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  fallbackFocus?: () => HTMLElement | null;
}

export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, onConfirm, busy, fallbackFocus }: ConfirmProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description} testId="confirm-dialog" fallbackFocus={fallbackFocus}>
      <div className="dialog__actions">
        <RadixDialog.Close className="button">Cancel</RadixDialog.Close>
        <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy} data-testid="confirm">
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
