/**
 * The case settings' step spread (issue 14 item 8, config/case-settings.ts): new cases snapshot the
 * second (`stepSpread: 'second'`), a deployment may keep the minute, and nothing else is accepted. A
 * snapshot without the field (taken before it existed) keeps the minute: test/rules/step-time.test.ts
 * and test/workflows/case/step-window.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CASE_RULES, loadCaseSettings, resolveCaseSettings } from '../../config/case-settings.js';

describe('stepSpread', () => {
  it('is the second by default, in every new snapshot', () => {
    expect(DEFAULT_CASE_RULES.stepSpread).toBe('second');
    expect(resolveCaseSettings().case.stepSpread).toBe('second');
  });

  it('may be set to the minute, and then the snapshot is another version', () => {
    const minute = loadCaseSettings({ AFBRYD_CASE_RULES: '{"stepSpread":"minute"}' });
    expect(minute.case.stepSpread).toBe('minute');
    expect(minute.versionId).not.toBe(resolveCaseSettings().versionId);
  });

  it('refuses any other unit, naming the field', () => {
    expect(() => loadCaseSettings({ AFBRYD_CASE_RULES: '{"stepSpread":"hour"}' })).toThrow(/AFBRYD_CASE_RULES\.stepSpread/);
  });
});
