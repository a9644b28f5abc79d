/**
 * The check a profile from the server passes before the editor draws it: the schema, then what a
 * schema cannot say: that the flat call tree is a tree (root first, every parent before its
 * children) over the profile's own functions. Pure (no 'vscode'), so that it is unit-tested.
 */
import { ProfileResult } from '../../protocol/profile';

/** A valid profile, or why it is not one (for the log). */
export type Checked = { ok: true; value: ProfileResult } | { ok: false; reason: string };

/** Why `tree` is not a call tree over `functionCount` functions, or undefined when it is one. */
function treeProblem(tree: ProfileResult['tree'], functionCount: number): string | undefined {
  for (const [i, node] of tree.entries()) {
    if (node.fn >= functionCount) return `tree.${i}.fn is not an index into functions`;
    if ((i === 0) !== (node.parent === -1)) return i === 0 ? 'tree.0 is not the root' : `tree.${i} is a second root`;
    if (node.parent >= i) return `tree.${i}.parent does not come before it`;
  }
  return undefined;
}

/** Checks a profile as the server sent it. */
export function checkProfile(raw: unknown): Checked {
  const parsed = ProfileResult.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, reason: issues };
  }
  const problem = treeProblem(parsed.data.tree, parsed.data.functions.length);
  return problem === undefined ? { ok: true, value: parsed.data } : { ok: false, reason: problem };
}
