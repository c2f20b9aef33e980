import { FileDown } from 'lucide-react';
import { notify } from '../app/toasts';
import { useKoruMutation } from '../app/koru';

/** Hand a text to the browser as a file download. */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Save the stored session as an SBaGen `.sbg` schedule (for SBaGen, SBaGen+ and Gnaural). */
export function SbgExportButton({ id, dirty }: { id: string; dirty: boolean }) {
  const exporter = useKoruMutation('sessions.exportSbg', {
    onSuccess: (r) => {
      download(r.fileName, r.text);
      if (r.warnings.length) notify('warning', 'Saved as .sbg, with approximations', { description: r.warnings.join(' ') });
      else notify('success', 'Saved as .sbg', { description: r.fileName });
    },
  });
  return (
    <div className="sbg-export">
      <button
        type="button"
        className="button button--ghost"
        onClick={() => exporter.mutate({ id })}
        disabled={exporter.isPending}
        data-testid="export-sbg"
      >
        <FileDown size={16} aria-hidden="true" /> Save as .sbg
      </button>
      <span className="muted">{dirty ? 'Saves the last saved version.' : 'The SBaGen schedule format, which Gnaural reads too.'}</span>
    </div>
  );
}
