import type { FlagSetting } from './cluster-snapshot.js';

// Command-line flags as kubeadm and packagers write them down for the kubelet: an environment file
// (KUBELET_KUBEADM_ARGS="--network-plugin=cni --pod-infra-container-image=..." in
// kubeadm-flags.env, KUBELET_EXTRA_ARGS=... in /etc/default/kubelet) or a systemd drop-in
// (Environment="KUBELET_KUBECONFIG_ARGS=--kubeconfig=..." and ExecStart= lines). Every --flag on a
// line counts, with its line number; comment lines do not.

const FLAG = /(?:^|[\s"'=])(--[a-z0-9][a-z0-9-]*)(?:=("[^"]*"|'[^']*'|[^\s"']*))?/g;

export function parseFlags(text: string, file: string): FlagSetting[] {
  const found: FlagSetting[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    for (const match of line.matchAll(FLAG)) {
      const [, flag = '', rawValue] = match;
      const value = rawValue?.replace(/^(["'])(.*)\1$/, '$2');
      found.push({ flag, ...(value !== undefined ? { value } : {}), file, line: index + 1 });
    }
  });
  return found;
}

/** "--flag=value" or "--flag" as written. */
export function formatFlag(setting: { readonly flag: string; readonly value?: string }): string {
  return setting.value !== undefined ? `${setting.flag}=${setting.value}` : setting.flag;
}

/** Where a setting is: "file:line", or "object field". */
export function flagLocation(setting: FlagSetting): string {
  if (setting.field !== undefined) return `${setting.file}, ${setting.field}`;
  return setting.line !== undefined ? `${setting.file}:${setting.line}` : setting.file;
}
