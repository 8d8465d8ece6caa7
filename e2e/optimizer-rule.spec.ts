import { expect, test } from '@playwright/test';
import { chooseFamily, panel } from './helpers';

test("each panel names the optimizer update rule it trains with, and how the other framework's differs", async ({ page }) => {
  await page.goto('/');
  const a = panel(page, 'A');
  await chooseFamily(a, 'torch', 'StepLR');
  const rule = a.locator('details.update-rule');
  await expect(rule.locator('summary')).toHaveText('Trains with torch.optim.SGD');
  await rule.locator('summary').click();
  await expect(rule).toContainText('v = μ·v + g');
  await expect(rule).toContainText('part as soon as the schedule changes it');

  await chooseFamily(a, 'keras', 'ExponentialDecay');
  await expect(rule.locator('summary')).toHaveText('Trains with keras.optimizers.SGD');
  await expect(rule).toContainText('v = μ·v − lr·g');

  await a.getByLabel('Optimizer', { exact: true }).selectOption('Adam');
  await expect(rule.locator('summary')).toHaveText('Trains with keras.optimizers.Adam');
  await expect(rule).toContainText('ε = 1e-7, in float32');
});
