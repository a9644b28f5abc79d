/**
 * The profile as a `.cpuprofile` file for VS Code's built-in viewer and Chrome DevTools: V8's own
 * JSON, with every frame of the bundle moved to the TypeScript file, line and column it came from
 * (the bundle is a temporary file, gone once the run ends), so the viewers show the user's code.
 */
import { fileURLToPath } from 'node:url';
import type { CpuProfile, ProfileNode } from './cpuProfile';
import type { FrameResolver } from './frames';

/** Moves one node's frame and its positionTicks to TypeScript lines; ticks on lines of another file (inlined code) are left out, as a node names one file. */
function sourceNode(node: ProfileNode, resolver: FrameResolver): ProfileNode {
  if (!resolver.inBundle(node.callFrame)) return node;
  const callFrame = resolver.sourceFrame(node.callFrame);
  const file = callFrame.url.startsWith('file:') ? fileURLToPath(callFrame.url) : undefined;
  const { positionTicks, ...rest } = node;
  if (positionTicks === undefined || file === undefined) return { ...rest, callFrame };
  const byLine = new Map<number, number>();
  for (const tick of positionTicks) {
    const line = resolver.tick(node.callFrame, tick.line).line;
    if (line === undefined || line.file !== file) continue;
    byLine.set(line.line, (byLine.get(line.line) ?? 0) + tick.ticks);
  }
  return { ...rest, callFrame, positionTicks: [...byLine].map(([line, ticks]) => ({ line, ticks })) };
}

/** The profile with its bundle frames at their TypeScript positions. */
export function exportCpuProfile(profile: CpuProfile, resolver: FrameResolver): CpuProfile {
  return { ...profile, nodes: profile.nodes.map((node) => sourceNode(node, resolver)) };
}
