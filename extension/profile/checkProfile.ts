/**
 * The check a profile from the server passes before the editor draws it. The schema's recursive
 * CallTreeNode overflows the stack past about 700 levels (zod recurses per level), and a recursive
 * function gives a call tree as deep as its recursion, so the tree is walked with a stack of its
 * own and the rest is left to the schema. Pure (no 'vscode'), so that it is unit-tested.
 */
import { ProfileResult, type CallTreeNode } from '../../protocol/profile';

const flat = ProfileResult.omit({ tree: true });

/** A valid profile, or why it is not one (for the log). */
export type Checked = { ok: true; value: ProfileResult } | { ok: false; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const nonNegative = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Why `tree` is not a call tree over `functionCount` functions, or undefined when it is one. */
function treeProblem(tree: unknown, functionCount: number): string | undefined {
  const stack: [unknown, string][] = [[tree, 'tree']];
  // JSON cannot share a node, but an object from elsewhere can hold a cycle, which would never end.
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [node, where] = stack.pop()!;
    if (!isObject(node)) return `${where} is not a node`;
    if (seen.has(node)) return `${where} appears twice in the tree`;
    seen.add(node);
    if (!Number.isInteger(node.fn) || (node.fn as number) < 0 || (node.fn as number) >= functionCount) return `${where}.fn is not an index into functions`;
    if (!nonNegative(node.selfMs) || !nonNegative(node.totalMs)) return `${where} has no valid selfMs and totalMs`;
    if (!Array.isArray(node.children)) return `${where}.children is not an array`;
    // Paths name only the first levels: a deep tree's full path would be as long as the tree.
    node.children.forEach((child, i) => stack.push([child, where.length < 80 ? `${where}.children[${i}]` : `${where.slice(0, 80)}…`]));
  }
  return undefined;
}

/** Checks a profile as the server sent it. */
export function checkProfile(raw: unknown): Checked {
  const parsed = flat.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, reason: issues };
  }
  const tree = isObject(raw) ? raw.tree : undefined;
  const problem = treeProblem(tree, parsed.data.functions.length);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, value: { ...parsed.data, tree: tree as CallTreeNode } };
}
