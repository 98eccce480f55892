import { tryParseVersion, type KubeVersion } from '../../core/version/index.js';

// Versions as clusters report them: "v1.20.2", vendor builds such as "v1.27.3-eks-2f008fe" or
// "v1.28.2+k3s1", and image references such as "registry.k8s.io/kube-apiserver:v1.30.2@sha256:…".

const LEADING = /^v?(\d+\.\d+\.\d+)(-(?:alpha|beta|rc)\.\d+)?/;

/** The Kubernetes version at the start of `text`; vendor suffixes are dropped. */
export function kubeVersionOf(text: string | undefined): KubeVersion | undefined {
  const m = LEADING.exec(text?.trim() ?? '');
  return m ? tryParseVersion(`v${m[1]}${m[2] ?? ''}`) : undefined;
}

/** The tag of an image reference, without a digest: "…/etcd:3.4.13-0@sha256:…" -> "3.4.13-0". */
export function imageTagOf(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const name = image.split('@')[0] ?? '';
  const colon = name.lastIndexOf(':');
  // A colon before the last slash is a registry port, not a tag.
  return colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
}
