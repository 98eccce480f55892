/**
 * matchLabels semantics, as PodDisruptionBudget selectors and nodeSelector use them: every key of
 * the selector must be a label with that value; an empty selector matches everything.
 */
export function matchesLabels(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}
