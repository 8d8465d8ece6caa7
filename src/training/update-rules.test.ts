import { describe, expect, it } from 'vitest';
import { FRAMEWORKS, OPTIMIZER_KINDS } from '../schedules/index';
import { OPTIMIZER_DEFAULTS, updateRuleOf } from './config';
import { updateRuleFor, updateRuleNote } from './update-rules';

describe('the update-rule callout', () => {
  it.each(FRAMEWORKS.flatMap((framework) => OPTIMIZER_KINDS.map((kind) => [framework, kind] as const)))(
    '%s %s names the library class the run trains with',
    (framework, kind) => {
      const note = updateRuleNote(framework, kind);
      const rule = updateRuleFor(framework);
      expect(rule).toBe(updateRuleOf({ schedule: { framework } }));
      expect(note.optimizer).toBe(rule === 'keras' ? `keras.optimizers.${kind}` : `torch.optim.${kind}`);
      expect(note.update.length).toBeGreaterThan(0);
      expect(note.difference.length).toBeGreaterThan(40);
    },
  );

  it("quotes each library's own default epsilon and decay", () => {
    expect(updateRuleNote('torch', 'Adam').update.join(' ')).toContain(`ε = ${OPTIMIZER_DEFAULTS.torch.Adam.eps}`);
    expect(updateRuleNote('keras', 'Adam').update.join(' ')).toContain(`ε = ${OPTIMIZER_DEFAULTS.keras.Adam.epsilon}`);
    expect(updateRuleNote('torch', 'AdamW').update.join(' ')).toContain(`defaults to ${OPTIMIZER_DEFAULTS.torch.AdamW.weight_decay}`);
    expect(updateRuleNote('keras', 'AdamW').update.join(' ')).toContain(`defaults to ${OPTIMIZER_DEFAULTS.keras.AdamW.weight_decay}`);
    expect(updateRuleNote('torch', 'RMSprop').update[0]).toContain(String(OPTIMIZER_DEFAULTS.torch.RMSprop.alpha));
    expect(updateRuleNote('keras', 'RMSprop').update[0]).toContain(String(OPTIMIZER_DEFAULTS.keras.RMSprop.rho));
  });
});
