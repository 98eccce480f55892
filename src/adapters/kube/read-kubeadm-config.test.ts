import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeHttp, type RawResponse } from './kube-http.js';
import { hasKubeProxyConfigMap, readKubeadmConfig, readKubeletConfigMap } from './read-kubeadm-config.js';

const NOT_FOUND = JSON.stringify({ kind: 'Status', status: 'Failure', message: 'configmaps not found', reason: 'NotFound', code: 404 });

/** A KubeHttp whose answers come from a table by path (a path not in it: 404). */
function fakeHttp(answers: Record<string, unknown>): KubeHttp {
  const http = new KubeHttp({} as KubeConfig, { server: 'https://10.0.0.1:6443', context: 'admin@test', user: 'admin' });
  http.send = async (request): Promise<RawResponse> => {
    const answer = answers[request.path];
    return answer === undefined ? { status: 404, text: NOT_FOUND, headers: {} } : { status: 200, text: JSON.stringify(answer), headers: {} };
  };
  return http;
}

const configMap = (data: Record<string, string>) => ({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', namespace: 'kube-system' }, data });
const KUBEADM_CONFIG = '/api/v1/namespaces/kube-system/configmaps/kubeadm-config';

describe('readKubeadmConfig', () => {
  it('reads a v1beta2 ClusterConfiguration as kubeadm v1.20 stores it, with extraArgs as a map', async () => {
    const text = [
      'apiVersion: kubeadm.k8s.io/v1beta2', 'kind: ClusterConfiguration', 'clusterName: kubernetes', 'kubernetesVersion: v1.20.2',
      'imageRepository: registry.rk:5000', 'etcd:', '  local:', '    dataDir: /var/lib/etcd',
      'apiServer:', '  extraArgs:', '    enable-admission-plugins: NodeRestriction,PodSecurityPolicy', 'scheduler:', '  extraArgs:', '    port: "0"',
    ].join('\n');
    const config = await readKubeadmConfig(fakeHttp({ [KUBEADM_CONFIG]: configMap({ ClusterConfiguration: text }) }));
    assert.deepEqual(config, {
      clusterName: 'kubernetes', kubernetesVersion: 'v1.20.2', etcd: 'local',
      facts: {
        apiVersion: 'kubeadm.k8s.io/v1beta2', imageRepository: 'registry.rk:5000',
        extraArgs: [
          { component: 'kube-apiserver', flag: '--enable-admission-plugins', value: 'NodeRestriction,PodSecurityPolicy', file: 'configmap kube-system/kubeadm-config', field: 'ClusterConfiguration.apiServer.extraArgs' },
          { component: 'kube-scheduler', flag: '--port', value: '0', file: 'configmap kube-system/kubeadm-config', field: 'ClusterConfiguration.scheduler.extraArgs' },
        ],
      },
    });
  });

  it('reads v1beta4 extraArgs, a list of {name, value}', async () => {
    const text = 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\ncontrollerManager:\n  extraArgs:\n  - name: feature-gates\n    value: KMSv2=true\n';
    const config = await readKubeadmConfig(fakeHttp({ [KUBEADM_CONFIG]: configMap({ ClusterConfiguration: text }) }));
    assert.deepEqual(config?.facts?.extraArgs.map((a) => [a.component, a.flag, a.value]), [['kube-controller-manager', '--feature-gates', 'KMSv2=true']]);
  });

  it('finds nothing on a cluster kubeadm did not set up', async () => {
    assert.equal(await readKubeadmConfig(fakeHttp({})), undefined);
  });
});

describe('readKubeletConfigMap', () => {
  it('reads kubelet-config, flattened, and falls back to the versioned name of older clusters', async () => {
    const text = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\nmemorySwap:\n  swapBehavior: UnlimitedSwap\n';
    assert.deepEqual(await readKubeletConfigMap(fakeHttp({ '/api/v1/namespaces/kube-system/configmaps/kubelet-config-1.20': configMap({ kubelet: text }) }), 20), {
      file: 'configmap kube-system/kubelet-config-1.20',
      fields: { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: 'systemd', 'memorySwap.swapBehavior': 'UnlimitedSwap' },
    });
    assert.equal((await readKubeletConfigMap(fakeHttp({ '/api/v1/namespaces/kube-system/configmaps/kubelet-config': configMap({ kubelet: text }) }), 30))?.file, 'configmap kube-system/kubelet-config');
    assert.equal(await readKubeletConfigMap(fakeHttp({}), 30), undefined);
  });

  it('tells whether the kube-proxy ConfigMap is there', async () => {
    assert.equal(await hasKubeProxyConfigMap(fakeHttp({ '/api/v1/namespaces/kube-system/configmaps/kube-proxy': configMap({}) })), true);
    assert.equal(await hasKubeProxyConfigMap(fakeHttp({})), false);
  });
});
