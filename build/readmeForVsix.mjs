// The README as the extension's details page can show it. That page (VS Code's extension editor)
// loads images only from https: and data: URLs (its CSP is `img-src https: data:` and its sanitizer
// drops any other src), so a relative `docs/x.png` is an empty 0×0 box in an installed .vsix, and
// there is no public repository for vsce to rewrite it to. Each local image becomes a data: URL.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const types = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

/** `markdown` with every relative image `![alt](file)` inlined as a data: URL; `dir` is where the links start. */
export function inlineLocalImages(markdown, dir) {
  return markdown.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (all, alt, link) => {
    if (/^[a-z][\w+.-]*:/i.test(link)) return all; // https:, data: and the like stay as they are
    const type = types[path.extname(link).toLowerCase()];
    if (type === undefined) throw new Error(`README image ${link}: only ${Object.keys(types).join(' ')} can be inlined (the details page refuses SVG)`);
    const bytes = readFileSync(path.join(dir, link));
    return `![${alt}](data:${type};base64,${bytes.toString('base64')})`;
  });
}
