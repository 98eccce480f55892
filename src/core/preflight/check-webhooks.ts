import type { ClusterSnapshot } from '../cluster/index.js';
import type { Finding } from '../findings.js';

// A webhook that fails closed while nothing answers it refuses every request it intercepts:
// during an upgrade that can be the pods a drain needs recreated, or kubeadm's own writes.

export function checkWebhooks(cluster: ClusterSnapshot): Finding[] {
  return (cluster.webhooks ?? []).flatMap((hook): Finding[] => {
    if (hook.failurePolicy !== 'Fail' || !hook.service || hook.serviceReady !== false) return [];
    const service = `${hook.service.namespace}/${hook.service.name}`;
    return [
      {
        code: 'WEBHOOK_UNAVAILABLE',
        severity: 'blocking',
        subject: `${hook.kind} ${hook.configuration}`,
        message: `webhook ${hook.name} of ${hook.kind} ${hook.configuration} calls service ${service}, which has no ready endpoint, and fails closed (failurePolicy: Fail): the API server refuses every request it intercepts, which can keep drained pods from being recreated — bring ${service} back, or set failurePolicy: Ignore until the upgrade is over`,
      },
    ];
  });
}
