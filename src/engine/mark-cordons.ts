import type { CordonMark } from '../core/cluster/index.js';
import type { ClusterApi } from '../ports/index.js';

/** The run's API with every cordon carrying kubehop's mark, so the cluster itself says whose cordon it is. */
export function markCordons(api: ClusterApi, mark: () => CordonMark): ClusterApi {
  return new Proxy(api, {
    get(target, property) {
      if (property === 'cordon') return (node: string, given?: CordonMark) => target.cordon(node, given ?? mark());
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
