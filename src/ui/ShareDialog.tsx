import { useEffect, useId, useRef, useState } from 'react';

interface ShareDialogProps {
  open: boolean;
  title: string;
  label: string;
  text: string;
  onClose(): void;
}

/** A modal with text to copy (a link or embed code): selectable, with a Copy button and a fallback hint. */
export function ShareDialog({ open, title, label, text, onClose }: ShareDialogProps) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setStatus('');
      dialog.showModal();
      area.current?.select();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Copied to the clipboard.');
    } catch {
      area.current?.select();
      setStatus('Copying was blocked by the browser: the text is selected, press Ctrl+C (⌘C) to copy it.');
    }
  };

  return (
    <dialog ref={ref} className="share-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{title}</h2>
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea id={`${id}-text`} ref={area} readOnly rows={Math.min(12, text.split('\n').length + 1)} value={text} spellCheck={false} />
      <p className="help" role="status">
        {status}
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
