/**
 * Negative controls: the fuzz properties must fail against a door that is wrong. A stand-in API that
 * echoes what it was sent, one that answers 500 to some input, one that logs bodies — each is caught.
 * (The canary sweep of workflow histories has its positive control in canary.test.ts.)
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiProperties } from './api.js';
import { FUZZ_GSRN, FUZZ_TOKENS } from './context.js';
import { FuzzStats, runProperty } from './properties.js';

const caseId = `case-${FUZZ_GSRN}-C-control`;
const apps: FastifyInstance[] = [];

/** A stand-in API with the routes of the real one, answering as `answer` says. */
async function standIn(answer: (body: string, log: (line: string) => void) => { status: number; body: unknown }, logLines: string[]): Promise<FastifyInstance> {
  const app = Fastify();
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('*', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  const handler = async (request: { body: unknown }, reply: { code(n: number): { send(b: unknown): unknown } }) => {
    const a = answer(String(request.body ?? ''), (line) => logLines.push(line));
    return reply.code(a.status).send(a.body);
  };
  app.post('/cases', handler);
  app.post('/cases/:id/events', handler);
  await app.ready();
  apps.push(app);
  return app;
}

function propertyOf(app: FastifyInstance, logLines: string[], name: string) {
  const p = apiProperties({ app, logLines, stats: new FuzzStats(), tokens: FUZZ_TOKENS, caseId, gsrn: FUZZ_GSRN }).find((x) => x.name.startsWith(name));
  if (!p) throw new Error(`no property ${name}`);
  return p;
}

afterAll(async () => {
  for (const app of apps) await app.close();
});

describe('negative controls: the properties catch a wrong door', () => {
  let echo: FastifyInstance;
  let fiveHundred: FastifyInstance;
  let logger: FastifyInstance;
  const logLines: string[] = [];
  beforeAll(async () => {
    echo = await standIn((body) => ({ status: 400, body: { error: 'invalid-request', message: `bad: ${body.slice(0, 500)}` } }), []);
    fiveHundred = await standIn((body) => (body.includes('{') ? { status: 500, body: { error: 'internal', message: 'x' } } : { status: 400, body: { error: 'x', message: 'x' } }), []);
    logger = await standIn((body, log) => {
      log(JSON.stringify({ level: 30, msg: 'request', body }));
      return { status: 422, body: { error: 'invalid-request', message: 'bad', issues: [] } };
    }, logLines);
  });

  it('an API that echoes the input: the canary property fails', async () => {
    await expect(runProperty(propertyOf(echo, [], 'api: the canary'), { numRuns: 50, seed: 1 })).rejects.toThrow(/the answer carries/);
  });

  it('an API that answers 500: the arbitrary-JSON property fails', async () => {
    await expect(runProperty(propertyOf(fiveHundred, [], 'api: arbitrary JSON'), { numRuns: 50, seed: 1 })).rejects.toThrow(/answered 500/);
  });

  it('an API that logs bodies: the canary property fails', async () => {
    await expect(runProperty(propertyOf(logger, logLines, 'api: the canary'), { numRuns: 50, seed: 1 })).rejects.toThrow(/the log carries/);
  });

  it('an API that answers 422 without naming the field: the near-miss property fails', async () => {
    await expect(runProperty(propertyOf(logger, logLines, 'api: a valid start body with one field wrong'), { numRuns: 50, seed: 1 })).rejects.toThrow(/the answer names/);
  });
});
