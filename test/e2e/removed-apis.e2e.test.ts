import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { e2eClusterSkipReason, startE2eCluster, type E2eCluster } from './e2e-cluster.js';
import { captureCli } from '../builders/captured-cli.js';

// The removed-API scan against a real v1.20 API server, which still serves batch/v1beta1
// CronJobs and networking.k8s.io/v1beta1 Ingresses: both applied with kubectl, then found through
// what kubectl recorded (last-applied-configuration) and what the server serves.

const run = promisify(execFile);
const skip = e2eClusterSkipReason();

const cli = (argv: string[], env: Record<string, string>) => captureCli(argv, { env });

describe('preflight scans a real v1.20 cluster for removed APIs', { skip }, () => {
  let cluster: E2eCluster;
  before(async () => {
    cluster = await startE2eCluster({ controlPlanes: 1, workers: 1 });
    const manifest = join(cluster.dir, 'old-apis.yaml');
    await writeFile(manifest, `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly-report
  namespace: default
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: report, image: busybox }]
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: storefront
  namespace: default
spec:
  backend: { serviceName: storefront, servicePort: 80 }
`);
    await run(cluster.env.KUBEHOP_CP_KUBECTL ?? 'kubectl', ['--kubeconfig', cluster.kubeconfig, 'apply', '-f', manifest]);
  }, { timeout: 300_000 });
  after(async () => cluster?.stop(), { timeout: 60_000 });

  for (const [to, expected] of [
    ['1.22', ['Ingress default/storefront']],
    ['1.25', ['CronJob default/nightly-report', 'Ingress default/storefront']],
  ] as const) {
    it(`reports the objects that the hops to v${to} break`, async () => {
      const r = await cli(['preflight', '--kubeconfig', cluster.kubeconfig, '--to', to, '-o', 'json'], {});
      assert.equal(r.code, 3, r.stderr);
      const report = JSON.parse(r.stdout) as { findings: { code: string; subject: string; message: string }[] };
      const removed = report.findings.filter((f) => f.code === 'API_REMOVED');
      assert.deepEqual([...new Set(removed.map((f) => f.subject))].sort(), [...expected]);
      assert.ok(removed.some((f) => /networking\.k8s\.io\/v1beta1 .*last-applied/.test(f.message) || /last-applied/.test(f.message)), removed.map((f) => f.message).join('\n'));
    });
  }
});
