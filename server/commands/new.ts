// `livedeck new <folder>`: writes a starter deck (front matter, a title slide, a slide whose
// terminal pane plays a demo, the demo's steps.sh) that `livedeck dev <folder>/slides.md` presents
// at once, for a teacher who starts from nothing.

import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { LivedeckError } from '../errors.js';
import type { Command } from './command.js';

/** The demo the starter's terminal pane plays. */
const DEMO = 'hello';

function starterFiles(title: string): Record<string, string> {
  return {
    'slides.md': [
      '---',
      `title: ${JSON.stringify(title)}`,
      'lang: en',
      'aspect: "16:9"',
      '---',
      '',
      '<!-- .slide: class="title" -->',
      `# ${title}`,
      '',
      'A first deck made with livedeck',
      '',
      'Note:',
      'Speaker notes: press S for the presenter view.',
      '',
      '---',
      '',
      '## A real shell',
      '',
      '- each press of "next" types the next step of `demos/hello/steps.sh` <!-- .element: class="fragment" -->',
      '- click the terminal to type in it yourself; Escape gives the keys back to the slides <!-- .element: class="fragment" -->',
      '',
      `\`\`\`terminal demo=${DEMO} title="Hello" rows=10`,
      '```',
      '',
    ].join('\n'),
    [join('demos', DEMO, 'steps.sh')]: [
      '#!/bin/bash',
      '## The steps of the "hello" demo: blank lines separate steps, the # lines just before a',
      '## command are its caption. It runs in a fresh copy of this folder for each shell.',
      '## `livedeck record hello` records it for the static site (livedeck build) and the PDF.',
      '',
      '# Where are we?',
      'pwd',
      '',
      '# Write a file',
      'echo "Hello from livedeck" > hello.txt',
      '',
      '# And read it back',
      'cat hello.txt',
      '',
    ].join('\n'),
    // Where `livedeck dev` records the sessions (when run in this folder), and what build and
    // export make by default.
    '.gitignore': ['recordings/', 'slides-site/', 'slides.pdf', ''].join('\n'),
  };
}

export const newCommand: Command = {
  name: 'new',
  summary: 'write a starter deck with a terminal pane and its demo in a new folder',
  args: '<folder>',
  options: {},
  details: 'The folder must not exist or be empty. Then: livedeck dev <folder>/slides.md',
  async run(positionals) {
    const folder = positionals[0];
    if (folder === undefined) {
      throw new LivedeckError('bad-option', 'which folder? livedeck new <folder>', { hint: 'a folder that does not exist yet, or an empty one' });
    }
    const root = resolve(folder);
    if (existsSync(root)) {
      if (!statSync(root).isDirectory()) throw new LivedeckError('new-not-empty', `${folder} exists and is not a folder`, { hint: 'name a new folder' });
      if (readdirSync(root).length > 0) throw new LivedeckError('new-not-empty', `${folder} is not empty: livedeck new writes only into a new or empty folder`, { hint: 'name a new folder' });
    }
    const title = basename(root).replace(/[-_]+/g, ' ');
    const files = starterFiles(title.charAt(0).toUpperCase() + title.slice(1));
    for (const [path, text] of Object.entries(files)) {
      const target = join(root, path);
      mkdirSync(join(target, '..'), { recursive: true });
      // steps.sh is a script a teacher may also run by hand.
      writeFileSync(target, text, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
    }
    const deck = shellWord(relative(process.cwd(), join(root, 'slides.md')));
    process.stdout.write([
      `wrote ${Object.keys(files).map((path) => join(folder, path)).join(', ')}`,
      'present it with live terminals:',
      `  livedeck dev ${deck}`,
      '',
    ].join('\n'));
    return 0;
  },
};

/** A path as one shell word, to copy and paste. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
