/**
 * Where a worker's CPU went: the functions with the most self time in V8 CPU profiles, grouped by
 * function and file (afbryd's own files first named relative to the repository). Profiles come from
 * a benchmark run with AFBRYD_BENCH_CPU_PROF=<folder> (one sub-folder per phase, one file per thread:
 * the workflows run on their own thread).
 *
 *   AFBRYD_BENCH_CPU_PROF=/tmp/prof npm run bench:billing-run -- --cases 500
 *   npx tsx bench/profile-top.ts /tmp/prof/billing-run-afbryd-api [--top 25]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, intArg } from './lib/common.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const { values, positionals } = parseArgs({ options: { top: { type: 'string' } }, allowPositionals: true });
const top = intArg(values.top, 25, 'top');
if (positionals.length === 0) throw new Error('name a folder of .cpuprofile files (or files)');
const files = positionals.flatMap((p) =>
  statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(p, f)) : [p],
);

const where = (url: string) => {
  const path = url.replace(/^file:\/\//, '');
  if (path.startsWith(ROOT)) return path.slice(ROOT.length).replace(/^node_modules\//, 'nm/');
  return path || '(native)';
};

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Self time per node from samples and their time deltas (µs).
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const grouped = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName || '(anonymous)';
    const key = `${name}  ${where(node.callFrame.url)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    grouped.set(key, (grouped.get(key) ?? 0) + us);
  }
  const idle = [...grouped.entries()].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((total - idle) / 1e6).toFixed(1)} s busy`);
  const byFile = new Map<string, number>();
  for (const [key, us] of grouped) {
    if (key.startsWith('(idle)')) continue;
    const f = key.split('  ')[1]!.replace(/:\d+$/, '');
    const bucket = f.startsWith('nm/') ? f.split('/').slice(0, f.startsWith('nm/@') ? 3 : 2).join('/') : f;
    byFile.set(bucket, (byFile.get(bucket) ?? 0) + us);
  }
  console.log('  by file/package (self time, busy share):');
  for (const [f, us] of [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`    ${((us / Math.max(1, total - idle)) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${f}`);
  }
  console.log('  by function:');
  for (const [key, us] of [...grouped.entries()].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`    ${((us / Math.max(1, total - idle)) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
}
