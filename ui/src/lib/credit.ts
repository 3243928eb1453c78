// Credit defaults the application form starts from.
import type { PovertyCategory, ProgrammeInfo } from "./bindings";

/**
 * The programme made for a household's current poverty category: poor, near-poor and newly
 * escaped households each have their own; any other household starts on the first programme
 * and picks (students, clean water, jobs are open to more than one category).
 */
export function programmeFor(category: PovertyCategory | undefined, ps: ProgrammeInfo[]): string {
  const own = ps.find((p) => p.eligible.length === 1 && p.eligible[0] === category);
  return own?.code ?? ps[0]?.code ?? "HN";
}
