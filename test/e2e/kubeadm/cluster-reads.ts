import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually as pollUntil } from '../eventually.js';
import { journalOf, type JournalRecord, type KubeList, type Node, type Pod } from '../kube-objects.js';
import type { KubeadmCluster } from './kubeadm-cluster.js';

// What the real-kubeadm suites read back from their cluster, each with the cluster's own kubectl
// and SSH: nodes, the web pods a budget guards, kubehop's journal, and a sampler of the budget.

const run = promisify(execFile);

export interface JournalWithReplacements extends JournalRecord {
  readonly replacedNodes?: Readonly<Record<string, string>>;
}

export type TaintedNode = Node & { readonly spec?: { readonly taints?: readonly { key: string; value?: string; effect: string }[] } };

export interface ClusterReads {
  /** kubectl with the cluster's admin kubeconfig; `input` goes in as a file (`-f`). */
  kubectl(args: readonly string[], input?: string): Promise<string>;
  getJson<T>(args: readonly string[]): Promise<T>;
  nodes(): Promise<readonly TaintedNode[]>;
  cordoned(): Promise<string[]>;
  webPods(): Promise<readonly Pod[]>;
  journal(): Promise<JournalWithReplacements | undefined>;
  /** A shell line on a node over SSH; its stdout, trimmed. */
  onNode(node: string, command: string): Promise<string>;
}

export function clusterReads(cluster: KubeadmCluster, scratch: string): ClusterReads {
  let inputs = 0;
  const kubectl = async (args: readonly string[], input?: string): Promise<string> => {
    const base = [cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args]] as const;
    if (input === undefined) return (await run(base[0], base[1], { maxBuffer: 32 * 2 ** 20 })).stdout;
    const file = join(scratch, `input-${++inputs}.yaml`);
    writeFileSync(file, input);
    return (await run(base[0], [...base[1], '-f', file])).stdout;
  };
  const getJson = async <T>(args: readonly string[]): Promise<T> => JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
  const nodes = async () => (await getJson<KubeList<TaintedNode>>(['get', 'nodes'])).items;
  return {
    kubectl,
    getJson,
    nodes,
    cordoned: async () => (await nodes()).filter((n) => n.spec?.unschedulable === true).map((n) => n.metadata.name),
    webPods: async () => (await getJson<KubeList<Pod>>(['get', 'pods', '-n', 'default', '-l', 'app=web'])).items,
    journal: async () => journalOf(await kubectl(['get', 'configmap', 'kubehop-journal', '-n', 'kube-system', '-o', 'json', '--ignore-not-found'])) as JournalWithReplacements | undefined,
    onNode: async (node, command) => (await cluster.ssh(node, command)).stdout.trim(),
  };
}

/** The node has exactly `version`'s packages installed and held, and its kubelet is active. */
export async function assertPackagesHeld(reads: ClusterReads, node: string, debVersion: string): Promise<void> {
  assert.equal(await reads.onNode(node, "dpkg-query -W -f='${Version} ' kubeadm kubelet kubectl"), `${debVersion} ${debVersion} ${debVersion}`, `packages on ${node}`);
  assert.deepEqual((await reads.onNode(node, 'apt-mark showhold')).split('\n').sort(), ['kubeadm', 'kubectl', 'kubelet'], `holds on ${node}`);
  assert.equal(await reads.onNode(node, 'systemctl is-active kubelet'), 'active', `kubelet on ${node}`);
}

/** Polls until `probe` gives a value; two minutes unless told, as a real cluster settles slowly. */
export const eventually = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> => pollUntil(what, probe, timeoutMs);

/**
 * Three web pods (registry.rk's httpd image, Ready when they serve) under a budget of
 * minAvailable 2; with `pool`, they run only on nodes labelled and tainted `pool`/`dedicated`.
 */
export function webWorkload(pool?: string): string {
  const placement = pool === undefined ? '' : `
      nodeSelector: { pool: ${pool} }
      tolerations: [{ key: dedicated, value: ${pool}, effect: NoSchedule }]`;
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 2${placement}
      containers:
      - name: web
        image: registry.rk:5000/app:1
        command: [httpd, -f, -p, "8080", -h, /www]
        readinessProbe: { httpGet: { path: /index.html, port: 8080 }, periodSeconds: 1 }
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: { name: web, namespace: default }
spec:
  minAvailable: 2
  selector: { matchLabels: { app: web } }
`;
}
