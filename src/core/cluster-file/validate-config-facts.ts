import type { ComponentFlagSetting, ControlPlaneComponentName, FlagSetting, KubeadmConfigFacts, KubeletConfigFacts, StaticPodFacts } from '../cluster/cluster-snapshot.js';
import { describeValue, type DocumentChecker, type FieldPath } from './document-checker.js';
import { flattenFields } from '../cluster/flatten-fields.js';
import { parseFlags } from '../cluster/parse-flags.js';

// How a cluster file states the kubelet's and the runtime's configuration (node facts) and what
// kube-system/kubeadm-config and kubelet-config say (top level), for the breaking-change checks.
// They read as the files and objects would: flags as the line of a flag file, configurations as
// YAML mappings.

export const KUBEADM_FLAGS_FILE = '/var/lib/kubelet/kubeadm-flags.env';
export const KUBELET_CONFIG_FILE = '/var/lib/kubelet/config.yaml';
const MANIFESTS_DIR = '/etc/kubernetes/manifests';
const KUBEADM_CONFIG_OBJECT = 'configmap kube-system/kubeadm-config';
const KUBEADM_CONFIG_FIELDS = ['apiVersion', 'imageRepository', 'apiServer', 'controllerManager', 'scheduler', 'kubeProxyRemoved'];
const SECTIONS: readonly [string, ControlPlaneComponentName][] = [['apiServer', 'kube-apiserver'], ['controllerManager', 'kube-controller-manager'], ['scheduler', 'kube-scheduler']];
const RUNTIME = /^[a-z0-9-]+:\/\/v?\d+\.\d+\.\d+\S*$/;
const REFERENCE = /^(ServiceAccount|ConfigMap|Secret|PersistentVolumeClaim|ClusterTrustBundle|ResourceClaim) \S+$/;

/**
 * kubeletFlags: the flags as in kubeadm-flags.env ("--network-plugin=cni ..."), or a mapping of
 * file -> flags for several files (/etc/default/kubelet, a drop-in).
 */
export function readKubeletFlagsEntry(check: DocumentChecker, value: unknown, path: FieldPath): FlagSetting[] | undefined {
  if (value === undefined || value === null) return undefined;
  const files: [string, unknown][] = typeof value === 'string' ? [[KUBEADM_FLAGS_FILE, value]] : typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  if (files.length === 0 && typeof value !== 'object') return check.fail(path, `must be the kubelet's flags as written in ${KUBEADM_FLAGS_FILE} ("--network-plugin=cni --pod-infra-container-image=..."), or a mapping of file -> flags, found ${describeValue(value)}`);
  const found: FlagSetting[] = [];
  for (const [file, text] of files) {
    if (!file.startsWith('/')) check.fail([...path, file], 'must be an absolute file path such as /etc/default/kubelet');
    else if (typeof text !== 'string') check.fail([...path, file], `must be the flags as written in that file, found ${describeValue(text)}`);
    else {
      const flags = parseFlags(text, file);
      if (flags.length === 0 && text.trim() !== '') check.fail(typeof value === 'string' ? path : [...path, file], `no --flag found in ${describeValue(text)}; write flags as --name=value`);
      found.push(...flags);
    }
  }
  return found;
}

/** A KubeletConfiguration as a mapping, flattened to dotted fields. */
export function readKubeletConfigEntry(check: DocumentChecker, value: unknown, path: FieldPath, file: string): KubeletConfigFacts | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return check.fail(path, `must be a KubeletConfiguration mapping such as { cgroupDriver: systemd }, found ${describeValue(value)}`);
  return { file, fields: flattenFields(value) };
}

export function readContainerRuntimeEntry(check: DocumentChecker, value: unknown, path: FieldPath): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && RUNTIME.test(value)) return value;
  return check.fail(path, `must be the runtime as the Node reports it, such as containerd://1.7.24 or docker://20.10.24, found ${describeValue(value)}`);
}

export function readCgroupEntry(check: DocumentChecker, value: unknown, path: FieldPath): 1 | 2 | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'v1' || value === 1) return 1;
  if (value === 'v2' || value === 2) return 2;
  return check.fail(path, `must be v1 or v2, found ${describeValue(value)}`);
}

/** staticPods: [{ name, file?, references: ["ServiceAccount kube-vip", ...] }] beside kubeadm's own. */
export function readStaticPodsEntry(check: DocumentChecker, value: unknown, path: FieldPath): StaticPodFacts[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return check.fail(path, `must be a list of static pods ({ name, references }), found ${describeValue(value)}`);
  const pods: StaticPodFacts[] = [];
  value.forEach((item: unknown, i) => {
    const fields = check.mapping(item, [...path, i], ['name', 'file', 'references']);
    if (!fields) return;
    const name = check.string(fields, 'name', [...path, i], 'missing name; give the static pod\'s name');
    const file = fields.file === undefined ? (name ? `${MANIFESTS_DIR}/${name}.yaml` : undefined) : check.string(fields, 'file', [...path, i]);
    const references: string[] = [];
    check.list(fields, 'references', [...path, i]).forEach((ref, j) => {
      if (typeof ref === 'string' && REFERENCE.test(ref)) references.push(ref);
      else check.fail([...path, i, 'references', j], `must be "Kind name" with Kind one of ServiceAccount, ConfigMap, Secret, PersistentVolumeClaim, ClusterTrustBundle, ResourceClaim, found ${describeValue(ref)}`);
    });
    if (name && file) pods.push({ file: file.startsWith('/') ? file : `${MANIFESTS_DIR}/${file}`, name, apiReferences: references });
  });
  return pods;
}

/** kubeadmConfig: what the ClusterConfiguration in kube-system/kubeadm-config says. */
export function validateKubeadmConfigEntry(check: DocumentChecker, value: unknown, path: FieldPath): KubeadmConfigFacts | undefined {
  if (value === undefined || value === null) return undefined;
  const fields = check.mapping(value, path, KUBEADM_CONFIG_FIELDS);
  if (!fields) return undefined;
  const apiVersion = check.string(fields, 'apiVersion', path, 'missing apiVersion; give the ClusterConfiguration\'s, such as kubeadm.k8s.io/v1beta3');
  const imageRepository = check.string(fields, 'imageRepository', path);
  const kubeProxyRemoved = check.boolean(fields, 'kubeProxyRemoved', path);
  const extraArgs: ComponentFlagSetting[] = [];
  for (const [section, component] of SECTIONS) {
    const part = check.mapping(fields[section], [...path, section], ['extraArgs']);
    const args = part ? check.stringMap(part, 'extraArgs', [...path, section]) : undefined;
    for (const [name, argValue] of Object.entries(args ?? {})) {
      extraArgs.push({ component, flag: `--${name.replace(/^-+/, '')}`, value: argValue, file: KUBEADM_CONFIG_OBJECT, field: `ClusterConfiguration.${section}.extraArgs` });
    }
  }
  if (!apiVersion) return undefined;
  return { apiVersion, ...(imageRepository ? { imageRepository } : {}), extraArgs, ...(kubeProxyRemoved !== undefined ? { kubeProxyRemoved } : {}) };
}
