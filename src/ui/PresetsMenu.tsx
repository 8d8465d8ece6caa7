import { useEffect, useId, useRef, useState } from 'react';
import { usePlaygroundStore } from '../state/context';
import { PRESETS, type Preset } from '../state/presets';

interface PresetsMenuProps {
  onApplied(preset: Preset): void;
}

/** A menu button (WAI-ARIA menu pattern): arrow keys move between items, Escape closes and returns focus. */
export function PresetsMenu({ onApplied }: PresetsMenuProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const load = usePlaygroundStore((s) => s.load);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = (event: MouseEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && event.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const choose = (preset: Preset) => {
    load(structuredClone(preset.data));
    setOpen(false);
    buttonRef.current?.focus();
    onApplied(preset);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      setOpen(false);
      if (event.key === 'Escape') buttonRef.current?.focus();
      return;
    } else return;
    event.preventDefault();
  };

  return (
    <div className="menu-wrap">
      <button
        ref={buttonRef}
        type="button"
        className="secondary"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen((o) => !o)}
      >
        Presets
      </button>
      {open ? (
        <div ref={menuRef} id={`${id}-menu`} role="menu" aria-label="Presets" className="menu" tabIndex={-1} onKeyDown={onKeyDown}>
          {PRESETS.map((preset) => (
            <button key={preset.id} type="button" role="menuitem" tabIndex={-1} onClick={() => choose(preset)}>
              {preset.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
