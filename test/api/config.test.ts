/**
 * The API's settings (config/api.ts): bearer tokens from AFBRYD_API_TOKENS, the development default,
 * and one-line errors that never show a token.
 */
import { describe, expect, it } from 'vitest';
import { DEV_API_TOKENS, loadApiConfig } from '../../config/api.js';
import { ConfigError } from '../../config/env.js';

const SECRET = 'aVerySecretToken-1234567890';

function failure(env: NodeJS.ProcessEnv, embedded = false): string {
  try {
    loadApiConfig(env, { embedded });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('API settings', () => {
  it('reads tokens and their actors, the port and the host', () => {
    const config = loadApiConfig(
      { AFBRYD_API_TOKENS: JSON.stringify({ [SECRET]: 'billing', 'another-token-0987654321': 'operator:jens' }), AFBRYD_API_PORT: '3100' },
      { embedded: false },
    );
    expect(config).toEqual({
      port: 3100,
      host: '127.0.0.1',
      tokens: { [SECRET]: 'billing', 'another-token-0987654321': 'operator:jens' },
      devTokens: false,
      logLevel: 'info',
    });
  });

  it('defaults to port 3000 on 127.0.0.1, and to the development tokens only for the embedded dev server on a loopback address', () => {
    expect(loadApiConfig({}, { embedded: true })).toEqual({ port: 3000, host: '127.0.0.1', tokens: { ...DEV_API_TOKENS }, devTokens: true, logLevel: 'info' });
    expect(failure({})).toMatch(/^AFBRYD_API_TOKENS is not set: the API needs bearer tokens, a JSON object from token to actor/);
    expect(failure({ AFBRYD_API_HOST: '0.0.0.0' }, true)).toMatch(/^AFBRYD_API_TOKENS is not set/);
  });

  it.each([
    ['not JSON', `{${SECRET}`, 'AFBRYD_API_TOKENS must be a JSON object from token to actor, e.g. {"<token>":"billing"}'],
    ['an array', JSON.stringify([SECRET]), 'AFBRYD_API_TOKENS must be a JSON object from token to actor, e.g. {"<token>":"billing"}'],
    ['no token', '{}', 'AFBRYD_API_TOKENS names no token'],
    ['a short token', JSON.stringify({ short: 'billing' }), 'AFBRYD_API_TOKENS token 1 must be at least 16 characters without spaces'],
    ['an e-mail address as actor', JSON.stringify({ [SECRET]: 'jens@example.dk' }), 'AFBRYD_API_TOKENS token 1: the actor must be an id like "billing" or "operator:jens" (no names or e-mail addresses)'],
    ['an actor without a role', JSON.stringify({ [SECRET]: 'system:x' }), 'AFBRYD_API_TOKENS token 1: the actor must start with a role (billing, operator, customer-service, auditor, datahub), e.g. "customer-service:anne"'],
  ])('refuses %s in one line that shows no token', (_what, value, message) => {
    const text = failure({ AFBRYD_API_TOKENS: value });
    expect(text).toBe(`invalid configuration: ${message}`);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('\n');
  });

  it('names every bad variable', () => {
    expect(failure({ AFBRYD_API_TOKENS: '{}', AFBRYD_API_PORT: 'http', AFBRYD_API_LOG_LEVEL: 'loud' })).toBe(
      'invalid configuration: AFBRYD_API_TOKENS names no token; AFBRYD_API_PORT must be a port number; AFBRYD_API_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    );
  });
});
