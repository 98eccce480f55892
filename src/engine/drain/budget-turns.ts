// Healthy pods under one PodDisruptionBudget ask for their evictions in turn. The budget lets
// only so many through at a time, and pods that ask together are refused together: each refusal
// costs a request, a wait on the budget, a read of the pod and another request, and when the
// budget frees one disruption every waiting pod asks again and all but one are refused again.
// A pod's turn ends once its eviction went through or its attempts ended; its wait for the pod
// to go does not hold the next pod up. Pods that are not Ready do not take turns: the eviction
// API may let them through whatever the budget allows, and their going can be what frees it.

export class BudgetTurns {
  private readonly pending = new Map<string, { last: Promise<unknown>; count: number }>();

  /**
   * Runs `request` once every earlier request under `budget` has settled; at once, in the same
   * tick, when none is pending (so the first pod of each budget asks in the order pods are listed).
   */
  inTurn<T>(budget: string, request: () => Promise<T>): Promise<T> {
    const queue = this.pending.get(budget);
    const mine = queue ? queue.last.then(request) : request();
    const entry = queue ?? { last: mine, count: 0 };
    entry.count++;
    entry.last = mine.then(
      () => this.settle(budget, entry),
      () => this.settle(budget, entry),
    );
    this.pending.set(budget, entry);
    return mine;
  }

  private settle(budget: string, entry: { count: number }): void {
    entry.count--;
    if (entry.count === 0 && this.pending.get(budget) === entry) this.pending.delete(budget);
  }
}
