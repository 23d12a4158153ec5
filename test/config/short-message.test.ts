/**
 * The SMS/e-mail gateway's settings (config/short-message.ts): documented defaults, one-line errors.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/env.js';
import { loadShortMessageConfig } from '../../config/short-message.js';

describe('AFBRYD_SHORT_MESSAGES and the senders', () => {
  it('defaults: the simulator, the fictional supplier as sender (unset and empty alike)', () => {
    const defaults = { gateway: 'simulator', sender: { smsSender: 'Eksempel', emailFrom: 'kundeservice@eksempel-energi.invalid' } };
    expect(loadShortMessageConfig({})).toEqual(defaults);
    expect(loadShortMessageConfig({ AFBRYD_SHORT_MESSAGES: '', AFBRYD_SMS_SENDER: ' ', AFBRYD_SHORT_MESSAGE_EMAIL_FROM: '' })).toEqual(defaults);
  });

  it('takes a sender id of up to 11 characters and a From address', () => {
    expect(loadShortMessageConfig({ AFBRYD_SMS_SENDER: 'Energi 24', AFBRYD_SHORT_MESSAGE_EMAIL_FROM: 'info@energi.dk' }).sender).toEqual({ smsSender: 'Energi 24', emailFrom: 'info@energi.dk' });
  });

  it('refuses a bad value in one line naming the variable', () => {
    for (const env of [{ AFBRYD_SHORT_MESSAGES: 'twilio' }, { AFBRYD_SMS_SENDER: 'Eksempel Energi A/S' }, { AFBRYD_SMS_SENDER: '12345' }, { AFBRYD_SHORT_MESSAGE_EMAIL_FROM: 'no-at-sign' }]) {
      const name = Object.keys(env)[0]!;
      expect(() => loadShortMessageConfig(env)).toThrow(ConfigError);
      expect(() => loadShortMessageConfig(env)).toThrow(new RegExp(`^invalid configuration: ${name} `));
    }
  });
});
