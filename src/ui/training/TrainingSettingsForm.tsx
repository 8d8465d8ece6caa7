import { type ReactNode, useId, useState } from 'react';
import { usePlaygroundStore } from '../../state/context';
import { BACKEND_CHOICES, type TrainingField, type TrainingSettings } from '../../state/training';
import { DATASET_LIMITS, DATASET_NAMES, type DatasetName } from '../../training/types';
import { describedBy, FieldError } from '../FieldError';

export const DATASET_LABELS: Readonly<Record<DatasetName, string>> = {
  digits: 'Digits (8 × 8 images, 10 classes)',
  'fashion-mnist': 'Fashion-MNIST (14 × 14 images, 10 classes)',
  spiral: 'Spiral (2-D)',
  moons: 'Moons (2-D)',
  circles: 'Circles (2-D)',
  xor: 'XOR (2-D)',
  blobs: 'Blobs (2-D, 3 classes)',
};

export const BACKEND_LABELS: Readonly<Record<TrainingSettings['backend'], string>> = {
  auto: 'Auto',
  fused: 'Fused WASM (SIMD kernel)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

const INIT_LABELS = { glorot_uniform: 'Glorot uniform (Keras)', torch_default: 'PyTorch default (Kaiming uniform)' } as const;

/** "128, 64" → [128, 64]; "" → [] (no hidden layer: a linear model); undefined for text that is not whole numbers. */
export function parseHidden(text: string): number[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(/[\s,]+/).filter((p) => p !== '');
  const widths = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  return widths.every(Number.isFinite) ? widths : undefined;
}

/** A number typed in a box: undefined for text that is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/,/g, '');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The percentage a fraction shows as (0.95 → 95), without float dust (0.57 × 100 = 56.99999999999999). */
export const percentOf = (fraction: number) => Number((fraction * 100).toPrecision(12));

interface Field {
  label: string;
  error: string | undefined;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
  note?: ReactNode;
}

function Control({ label, error, children, note }: Field) {
  const id = useId();
  const problem = `${id}-problem`;
  const props = {
    id,
    ...(error ? { 'aria-invalid': true as const } : {}),
    ...(describedBy(error && problem) ? { 'aria-describedby': describedBy(error && problem) as string } : {}),
  };
  return (
    <div className="training-field">
      <label htmlFor={id}>{label}</label>
      <div className="training-input">
        {children(props)}
        {note}
      </div>
      <FieldError id={problem} message={error} />
    </div>
  );
}

/**
 * A text box for a number or a list: what is typed stays in the box while it is being edited; a value that reads
 * goes to the store (even out of range: the store keeps it and trainingIssues says what is allowed), text that
 * does not read gets its own message.
 */
function TextControl<T>({
  label,
  value,
  show,
  read,
  unreadable,
  error,
  onValue,
  note,
  inputMode = 'decimal',
}: {
  label: string;
  value: T;
  show: (value: T) => string;
  read: (text: string) => T | undefined;
  unreadable: string;
  error: string | undefined;
  onValue: (value: T) => void;
  note?: ReactNode;
  inputMode?: 'decimal' | 'numeric' | 'text';
}) {
  const shown = show(value);
  const [draft, setDraft] = useState<{ text: string; basis: string; bad: boolean } | null>(null);
  const current = draft && draft.basis === shown ? draft : null;
  const message = current?.bad ? unreadable : error;
  return (
    <Control label={label} error={message} note={note}>
      {(props) => (
        <input
          {...props}
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={false}
          value={current ? current.text : shown}
          onChange={(e) => {
            const text = e.target.value;
            const parsed = read(text);
            if (parsed === undefined) setDraft({ text, basis: shown, bad: true });
            else {
              setDraft({ text, basis: show(parsed), bad: false });
              onValue(parsed);
            }
          }}
          onBlur={() => {
            if (!current?.bad) setDraft(null);
          }}
        />
      )}
    </Control>
  );
}

interface TrainingSettingsFormProps {
  settings: TrainingSettings;
  errors: Partial<Record<TrainingField, string>>;
  disabled: boolean;
}

/** The training settings: every control labelled, with trainingIssues' message for it beside it. */
export function TrainingSettingsForm({ settings, errors, disabled }: TrainingSettingsFormProps) {
  const setTraining = usePlaygroundStore((s) => s.setTraining);
  const limits = DATASET_LIMITS[settings.dataset] ?? DATASET_LIMITS.digits;
  const noise = limits.noise;
  return (
    <fieldset className="training-settings" disabled={disabled}>
      <legend>Settings</legend>
      <Control label="Dataset" error={errors.dataset}>
        {(props) => (
          <select {...props} value={settings.dataset} onChange={(e) => setTraining({ dataset: e.target.value as DatasetName })}>
            {DATASET_NAMES.map((name) => (
              <option key={name} value={name}>
                {DATASET_LABELS[name]}
              </option>
            ))}
          </select>
        )}
      </Control>
      <TextControl
        label="Samples"
        value={settings.samples ?? limits.samples.default}
        show={String}
        read={parseNumber}
        unreadable="Samples must be a whole number."
        error={errors.samples}
        inputMode="numeric"
        onValue={(samples) => setTraining({ samples })}
        note={
          <span className="unit">
            {limits.samples.min.toLocaleString('en-US')}–{limits.samples.max.toLocaleString('en-US')}
          </span>
        }
      />
      {noise ? (
        <TextControl
          label="Noise"
          value={settings.noise ?? noise.default}
          show={String}
          read={parseNumber}
          unreadable="Noise must be a number."
          error={errors.noise}
          onValue={(value) => setTraining({ noise: value })}
          note={
            <span className="unit">
              {noise.min}–{noise.max}
            </span>
          }
        />
      ) : null}
      <TextControl
        label="Hidden layers"
        value={settings.hidden}
        show={(h) => h.join(', ')}
        read={parseHidden}
        unreadable="Hidden layers: whole numbers separated by commas, e.g. 128, 64 (empty for none)."
        error={errors.hidden}
        inputMode="text"
        onValue={(hidden) => setTraining({ hidden })}
        note={<span className="unit">units per layer</span>}
      />
      <Control label="Activation" error={errors.activation}>
        {(props) => (
          <select
            {...props}
            value={settings.activation}
            onChange={(e) => setTraining({ activation: e.target.value as TrainingSettings['activation'] })}
          >
            <option value="relu">ReLU</option>
            <option value="tanh">tanh</option>
          </select>
        )}
      </Control>
      <TextControl
        label="Batch size"
        value={settings.batchSize}
        show={String}
        read={parseNumber}
        unreadable="Batch size must be a whole number."
        error={errors.batchSize}
        inputMode="numeric"
        onValue={(batchSize) => setTraining({ batchSize })}
      />
      <TextControl
        label="Seeds"
        value={settings.seeds}
        show={String}
        read={parseNumber}
        unreadable="Seeds must be a whole number."
        error={errors.seeds}
        inputMode="numeric"
        onValue={(seeds) => setTraining({ seeds })}
        note={<span className="unit">runs per schedule (seeds 0 … {Math.max(0, settings.seeds - 1)})</span>}
      />
      <Control label="Initialisation" error={errors.init}>
        {(props) => (
          <select {...props} value={settings.init} onChange={(e) => setTraining({ init: e.target.value as TrainingSettings['init'] })}>
            {Object.entries(INIT_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        )}
      </Control>
      <Control label="Backend" error={errors.backend}>
        {(props) => (
          <select
            {...props}
            value={settings.backend}
            onChange={(e) => setTraining({ backend: e.target.value as TrainingSettings['backend'] })}
          >
            {BACKEND_CHOICES.map((b) => (
              <option key={b} value={b}>
                {BACKEND_LABELS[b]}
              </option>
            ))}
          </select>
        )}
      </Control>
      <TextControl
        label="Target accuracy"
        value={settings.targetAccuracy}
        show={(t) => String(percentOf(t))}
        read={(text) => {
          const n = parseNumber(text.replace(/%\s*$/, ''));
          return n === undefined ? undefined : n / 100;
        }}
        unreadable="The target accuracy is a percentage, e.g. 95."
        error={errors.targetAccuracy}
        onValue={(targetAccuracy) => setTraining({ targetAccuracy })}
        note={<span className="unit">% validation accuracy</span>}
      />
    </fieldset>
  );
}
