import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVersion } from '../version/index.js';
import { checkVersionSkew } from './check-version-skew.js';
import type { VersionState } from './version-state.js';

const v = parseVersion;

/** One control-plane node per apiserver version, kcm/scheduler alongside unless given. */
function state(opts: {
  apiservers: string[];
  kcm?: string;
  scheduler?: string;
  kubelets?: string[];
  kubeProxy?: string;
  kubectl?: string;
}): VersionState {
  return {
    controlPlane: opts.apiservers.map((a, i) => ({
      node: `cp-${i + 1}`,
      apiserver: v(a),
      controllerManager: v(i === 0 && opts.kcm ? opts.kcm : a),
      scheduler: v(i === 0 && opts.scheduler ? opts.scheduler : a),
    })),
    nodes: (opts.kubelets ?? []).map((k, i) => ({
      node: `worker-${i + 1}`,
      role: 'worker' as const,
      kubelet: v(k),
      ...(opts.kubeProxy ? { kubeProxy: v(opts.kubeProxy) } : {}),
    })),
    ...(opts.kubectl ? { kubectl: v(opts.kubectl) } : {}),
  };
}

const codes = (s: VersionState) => checkVersionSkew(s).map((f) => f.code);

const cases: { name: string; s: VersionState; expect: string[] }[] = [
  { name: 'accepts a cluster where everything is at one version', s: state({ apiservers: ['1.32.9', '1.32.9'], kubelets: ['1.32.9'], kubeProxy: '1.32.9', kubectl: '1.32.0' }), expect: [] },
  { name: 'accepts HA apiservers one minor apart', s: state({ apiservers: ['1.33.1', '1.32.9'] }), expect: [] },
  { name: 'refuses HA apiservers two minors apart', s: state({ apiservers: ['1.34.1', '1.32.9'] }), expect: ['APISERVER_HA_SKEW'] },
  { name: 'refuses a controller-manager newer than its apiserver', s: state({ apiservers: ['1.32.9'], kcm: '1.33.0' }), expect: ['CONTROL_PLANE_COMPONENT_NEWER_THAN_APISERVER'] },
  { name: 'accepts a scheduler one minor older than its apiserver', s: state({ apiservers: ['1.33.0'], scheduler: '1.32.9' }), expect: [] },
  { name: 'refuses a scheduler two minors older than its apiserver', s: state({ apiservers: ['1.34.0'], scheduler: '1.32.9' }), expect: ['CONTROL_PLANE_COMPONENT_TOO_OLD'] },
  { name: 'refuses a kubelet newer than the apiserver', s: state({ apiservers: ['1.32.9'], kubelets: ['1.33.0'] }), expect: ['KUBELET_NEWER_THAN_APISERVER'] },
  { name: 'refuses a kubelet newer than the older of two HA apiservers', s: state({ apiservers: ['1.33.0', '1.32.9'], kubelets: ['1.33.0'] }), expect: ['KUBELET_NEWER_THAN_APISERVER'] },
  { name: 'accepts a kubelet three minors older under the v1.28+ policy', s: state({ apiservers: ['1.31.0'], kubelets: ['1.28.0'] }), expect: [] },
  { name: 'refuses a kubelet four minors older under the v1.28+ policy', s: state({ apiservers: ['1.32.0'], kubelets: ['1.28.0'] }), expect: ['KUBELET_TOO_OLD'] },
  { name: 'accepts a v1.25 kubelet three minors behind a v1.28 apiserver', s: state({ apiservers: ['1.28.0'], kubelets: ['1.25.0'] }), expect: [] },
  { name: 'measures kubelet skew against the newest of two HA apiservers', s: state({ apiservers: ['1.33.0', '1.32.0'], kubelets: ['1.29.0'] }), expect: ['KUBELET_TOO_OLD'] },
  { name: 'refuses a kubelet three minors older before v1.28', s: state({ apiservers: ['1.27.0'], kubelets: ['1.24.0'] }), expect: ['KUBELET_TOO_OLD'] },
  { name: 'accepts a kubelet two minors older in the v1.11 era', s: state({ apiservers: ['1.13.0'], kubelets: ['1.11.3'] }), expect: [] },
  { name: 'refuses kube-proxy newer than the apiserver', s: state({ apiservers: ['1.32.0'], kubelets: ['1.32.0'], kubeProxy: '1.33.0' }), expect: ['KUBE_PROXY_NEWER_THAN_APISERVER'] },
  { name: 'refuses a v1.22 kube-proxy three minors from its v1.25 kubelet in the v1.27 era', s: state({ apiservers: ['1.27.0'], kubelets: ['1.25.0'], kubeProxy: '1.22.0' }), expect: ['KUBE_PROXY_TOO_OLD', 'KUBE_PROXY_KUBELET_SKEW'] },
  { name: 'accepts kube-proxy three minors newer than its kubelet since v1.28', s: state({ apiservers: ['1.35.0'], kubelets: ['1.32.0'], kubeProxy: '1.35.0' }), expect: [] },
  { name: 'warns about a kubectl two minors older than the apiserver', s: state({ apiservers: ['1.34.0'], kubectl: '1.32.0' }), expect: ['KUBECTL_SKEW'] },
  { name: 'warns about a kubectl two minors newer than the apiserver', s: state({ apiservers: ['1.32.0'], kubectl: '1.34.0' }), expect: ['KUBECTL_SKEW'] },
  { name: 'accepts a kubectl one minor newer', s: state({ apiservers: ['1.32.0'], kubectl: '1.33.0' }), expect: [] },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(codes(c.s), c.expect);
  });
}

test('names the node, both versions and the fix in a too-old kubelet finding', () => {
  const [finding] = checkVersionSkew(state({ apiservers: ['1.32.0'], kubelets: ['1.28.4'] }));
  assert.deepEqual(finding, {
    code: 'KUBELET_TOO_OLD',
    severity: 'blocking',
    subject: 'node/worker-1 kubelet',
    message: 'kubelet v1.28.4 on worker-1 is 4 minors older than kube-apiserver v1.32.0; at most 3 is supported — upgrade kubelet on worker-1 to at least v1.29',
  });
});

test('says why a pre-v1.25 kubelet may lag only two minors', () => {
  const [finding] = checkVersionSkew(state({ apiservers: ['1.28.0'], kubelets: ['1.24.17'] }));
  assert.equal(finding?.message, 'kubelet v1.24.17 on worker-1 is 4 minors older than kube-apiserver v1.28.0; at most 2 is supported (kubelet older than v1.25 may lag only two) — upgrade kubelet on worker-1 to at least v1.26');
});

test('reports a missing control plane instead of throwing', () => {
  assert.deepEqual(codes({ controlPlane: [], nodes: [] }), ['NO_CONTROL_PLANE']);
});
