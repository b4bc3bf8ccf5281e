// Prints vitest's totals as one closing line: "tests: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.cache/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('tests: 0 passed, 1 failed (no vitest report was written)');
  process.exit(0);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// The chart lifecycle suite (testing/charts/lifecycle.test.ts) records the Kubernetes version it ran on; it is
// printed when that suite ran in this report and all its tests passed.
const lifecycle = (report.testResults ?? []).find((r) => String(r.name).endsWith('testing/charts/lifecycle.test.ts'));
const lifecyclePassed =
  lifecycle?.status === 'passed' && (lifecycle.assertionResults ?? []).every((a) => a.status === 'passed');
if (lifecyclePassed) {
  try {
    const kubernetes = readFileSync(new URL('../.cache/kubernetes-proven.txt', import.meta.url), 'utf8').trim();
    console.log(
      `charts proven on Kubernetes ${kubernetes} (real kube-apiserver, controllers and scheduler; kwok nodes)`,
    );
  } catch {
    // no version recorded
  }
}
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
