// How far the rules let components drift, by era. Sources: the version skew policy (current text
// since v1.28, n-2 before), KEP-3935, and kubeadm's policy.go / create-cluster-kubeadm.md.

/** First kube-apiserver minor whose policy allows kubelets three minors older. */
export const N3_POLICY_SINCE_MINOR = 28;
/** Node components older than this keep the two-minor limit even under the n-3 policy. */
export const N3_COMPONENT_MIN_MINOR = 25;

/**
 * How many minors a kubelet (or kube-proxy) at `componentMinor` may lag a kube-apiserver at
 * `apiserverMinor`: 3 when the apiserver is v1.28+ and the component v1.25+, else 2.
 */
export function maxNodeComponentLag(apiserverMinor: number, componentMinor: number): number {
  return apiserverMinor >= N3_POLICY_SINCE_MINOR && componentMinor >= N3_COMPONENT_MIN_MINOR ? 3 : 2;
}

/** How far kube-proxy and the kubelet beside it may differ, either way. */
export function maxProxyKubeletSkew(apiserverMinor: number, proxyMinor: number, kubeletMinor: number): number {
  return apiserverMinor >= N3_POLICY_SINCE_MINOR && proxyMinor >= N3_COMPONENT_MIN_MINOR && kubeletMinor >= N3_COMPONENT_MIN_MINOR ? 3 : 2;
}

/** First kubeadm minor that tolerates kubelets three minors older (kubernetes/kubernetes#120825). */
export const KUBEADM_N3_KUBELET_SINCE_MINOR = 29;

/**
 * kubeadm's MaximumAllowedMinorVersionKubeletSkew: how many minors older than the target of
 * `kubeadm upgrade apply` (and than kubeadm itself) a kubelet may be. 1 up to v1.28, 3 from v1.29.
 */
export function kubeadmKubeletTolerance(kubeadmMinor: number): number {
  return kubeadmMinor >= KUBEADM_N3_KUBELET_SINCE_MINOR ? 3 : 1;
}
