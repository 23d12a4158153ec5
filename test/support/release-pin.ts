/**
 * A workflow bundle of an older release, for tests that need a run started before a release — e.g. an
 * owner-liability case started before 0.6.9, which FAILED on a metering point without master data
 * (`UnknownMeteringPoint`) instead of waiting. The bundle is afbryd's own (WORKFLOW_BUNDLE_OPTIONS) with
 * workflows/releases.ts replaced by test/support/releases-before.ts: each run records the marker of the
 * newest release before the pinned one, so its history is the one a worker of that release wrote, and
 * the current worker replays it as such. Built per test file (a few seconds): use it only where a test
 * needs it.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../worker/worker.js';

const REAL = fileURLToPath(new URL('../../workflows/releases.ts', import.meta.url));
const STAND_IN = fileURLToPath(new URL('./releases-before.ts', import.meta.url));

/** What the webpack hooks hand a plugin (only the fields used here). */
interface ResolveData {
  context: string;
  request: string;
  contextInfo: { issuer: string };
}
interface Compiler {
  hooks: { normalModuleFactory: { tap(name: string, fn: (factory: { hooks: { beforeResolve: { tap(name: string, fn: (data: ResolveData) => void): void } } }) => void): void } };
}

/**
 * afbryd's workflow bundle as of the release before `release` (e.g. `0.6.9`: the bundle of 0.6.8).
 * @throws when `release` is not in workflows/releases.ts (when the bundle is loaded)
 */
export async function workflowBundleBefore(release: string): Promise<{ code: string }> {
  const pin = {
    apply(compiler: Compiler) {
      compiler.hooks.normalModuleFactory.tap('afbryd-release-pin', (factory) => {
        factory.hooks.beforeResolve.tap('afbryd-release-pin', (data) => {
          if (data.contextInfo.issuer === STAND_IN || !data.request.startsWith('.')) return;
          if (resolve(data.context, data.request).replace(/\.js$/, '.ts') === REAL) data.request = STAND_IN;
        });
      });
    },
  };
  const define = {
    apply(compiler: Compiler & { webpack?: { DefinePlugin: new (d: Record<string, string>) => { apply(c: unknown): void } } }) {
      new compiler.webpack!.DefinePlugin({ __AFBRYD_RELEASES_BEFORE__: JSON.stringify(release) }).apply(compiler);
    },
  };
  const { code } = await bundleWorkflowCode({
    ...WORKFLOW_BUNDLE_OPTIONS,
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) },
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), pin as never, define as never] }),
  });
  if (!code.includes('releases-before')) throw new Error('the release pin did not replace workflows/releases.ts');
  return { code };
}
