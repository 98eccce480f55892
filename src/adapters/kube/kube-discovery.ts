import type { KubeHttp } from './kube-http.js';

// Which API group versions the server serves, found the way kubectl finds them: the Eviction kind
// through the `pods/eviction` subresource in /api/v1 (policy/v1 from v1.22, policy/v1beta1
// before), PodDisruptionBudgets through /apis/policy (v1 from v1.21; v1beta1 is gone in v1.25).
// Answers are cached; a control-plane upgrade can change them, so callers forget them on a 404.

export type PolicyVersion = 'policy/v1' | 'policy/v1beta1';

interface ApiResourceList {
  readonly resources?: readonly { readonly name: string; readonly kind?: string; readonly group?: string; readonly version?: string }[];
}

interface ApiGroup {
  readonly versions?: readonly { readonly groupVersion: string }[];
  readonly preferredVersion?: { readonly groupVersion: string };
}

export class KubeDiscovery {
  private eviction: Promise<PolicyVersion> | undefined;
  private pdb: Promise<PolicyVersion> | undefined;

  constructor(private readonly http: KubeHttp) {}

  /** The group/version to POST Evictions as. */
  evictionVersion(): Promise<PolicyVersion> {
    this.eviction ??= this.findEviction().catch((error: unknown) => {
      this.eviction = undefined;
      throw error;
    });
    return this.eviction;
  }

  /** The group/version to read PodDisruptionBudgets from. */
  pdbVersion(): Promise<PolicyVersion> {
    this.pdb ??= this.findPdb().catch((error: unknown) => {
      this.pdb = undefined;
      throw error;
    });
    return this.pdb;
  }

  /** Forgets what was found, after the server changed (a 404 on a collection). */
  forget(): void {
    this.eviction = undefined;
    this.pdb = undefined;
  }

  private async findEviction(): Promise<PolicyVersion> {
    const list = await this.http.request<ApiResourceList>({
      method: 'GET',
      path: '/api/v1',
      action: 'discover the eviction API',
      rbac: { verb: 'get', resource: '/api/v1' },
    });
    const entry = list.resources?.find((r) => r.name === 'pods/eviction' && r.kind === 'Eviction');
    if (entry?.group === 'policy' && entry.version === 'v1') return 'policy/v1';
    // Servers since v1.8 name the group/version; every server with the subresource takes v1beta1.
    return 'policy/v1beta1';
  }

  private async findPdb(): Promise<PolicyVersion> {
    const group = await this.http.request<ApiGroup>({
      method: 'GET',
      path: '/apis/policy',
      action: 'discover the PodDisruptionBudget API',
      rbac: { verb: 'get', resource: '/apis/policy' },
    });
    const served = new Set((group.versions ?? []).map((v) => v.groupVersion));
    return served.has('policy/v1') ? 'policy/v1' : 'policy/v1beta1';
  }
}
