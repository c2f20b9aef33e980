import { useQueryClient } from '@tanstack/react-query';
import { Sparkles } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import type { Mantra } from '../../../contract/practice';
import { koruKey, useKoruMutation } from '../app/koru';
import { TextField } from '../ui/fields';

/** The end of a practice: dedicate it (your words, or suggested ones) and, if you like, read a
 *  short reflection. */
export function Dedication({ mantra, sitting, saved, onDone }: { mantra: Mantra; sitting: number; saved: string | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(saved ?? '');
  const [variant, setVariant] = useState(0);
  const suggest = useKoruMutation('practice.write', { onSuccess: (r) => setText(r.text) });
  const reflect = useKoruMutation('practice.write');
  const save = useKoruMutation('practice.dedicate', {
    onSuccess: (stats) => {
      queryClient.setQueryData(koruKey('practice.stats', { mantraId: mantra.id, days: 30 }), stats);
      toast.success('Dedication saved');
      onDone();
    },
  });
  return (
    <section className="panel" aria-labelledby="practice-dedication" data-testid="practice-dedication">
      <header className="panel__header">
        <h3 id="practice-dedication">Dedication</h3>
      </header>
      <p className="muted">{sitting > 0 ? `${sitting.toLocaleString()} repetitions this sitting.` : 'Rest a moment before you move on.'}</p>
      <TextField label="Dedicate this practice" value={text} onChange={setText} multiline placeholder="May this practice benefit all beings." testId="practice-dedication-text" />
      <div className="button-row">
        <button
          type="button"
          className="button button--ghost"
          disabled={suggest.isPending}
          onClick={() => {
            suggest.mutate({ mantraId: mantra.id, kind: 'dedication', variant });
            setVariant((v) => v + 1);
          }}
          data-testid="practice-suggest-dedication"
        >
          <Sparkles size={14} aria-hidden="true" /> {suggest.isPending ? 'Writing…' : 'Suggest'}
        </button>
        <button type="button" className="button button--ghost" disabled={reflect.isPending} onClick={() => reflect.mutate({ mantraId: mantra.id, kind: 'reflection' })} data-testid="practice-reflect">
          Reflection
        </button>
        <button type="button" className="button button--primary" disabled={text.trim() === '' || save.isPending} onClick={() => save.mutate({ mantraId: mantra.id, text })} data-testid="practice-dedicate">
          Save dedication
        </button>
        <button type="button" className="button" onClick={onDone}>
          Close
        </button>
      </div>
      {reflect.data ? (
        <p className="practice-text" data-testid="practice-reflection">
          {reflect.data.text}
        </p>
      ) : null}
    </section>
  );
}
