// Issue 15, item 1: a shell can reach no other session's pty nor anything of the server. A shell
// lists the descriptors it holds (what every program it starts inherits), writes a command into
// every pty master among them, and no other shell runs it; a daemon started by a demo's setup.sh
// holds none either.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PROMPT, TermClient, startTermServer, type TermServer } from '../integration/helpers/term-client.js';

let server: TermServer;

before(async () => {
  server = await startTermServer({ demosDir: 'tests/fixtures/demos-security' });
});

after(async () => {
  await server.close();
});

/** `ls -l /proc/$$/fd`, as "FD n target FD" lines: ls is a child of the shell, so it lists the
 * shell's descriptors with nothing of its own mixed in. */
const LIST_SHELL_FDS = "ls -l /proc/$$/fd | sed -n 's/.* \\([0-9]*\\) -> \\(.*\\)/FD \\1 \\2 FD/p'; echo listed-$((6*7))";

function descriptors(text: string): Map<number, string> {
  const fds = new Map<number, string>();
  for (const match of text.matchAll(/FD (\d+) (\S+) FD/g)) fds.set(Number(match[1]), match[2]!);
  return fds;
}

test('a shell holds its own pty and nothing else: no other master, no server socket or pipe', async () => {
  const others = await Promise.all([TermClient.connect(server.url), TermClient.connect(server.url)]);
  const probe = await TermClient.connect(server.url);
  for (const client of [...others, probe]) await client.waitFor(PROMPT);

  const from = probe.text.length;
  await probe.run(LIST_SHELL_FDS, /listed-42/);
  const fds = descriptors(probe.text.slice(from));
  const ownPty = fds.get(0);
  assert.match(ownPty ?? '', /^\/dev\/pts\/\d+$/, `descriptors listed: ${probe.text.slice(from)}`);
  const foreign = [...fds].filter(([, target]) => target !== ownPty);

  // The attack itself: every pty master the shell holds gets a command. None may run anywhere.
  const before = others.map((client) => client.text.length);
  await probe.run(
    'for f in /proc/$$/fd/*; do case "$(readlink $f)" in */ptmx) printf "echo INJECTED-BY-%s\\r" ${f##*/} >&${f##*/};; esac; done; echo tried-$((2+3))',
    /tried-5/,
  );
  for (const client of others) await client.run('echo still-$((3+4))', /still-7/);
  others.forEach((client, i) => assert.doesNotMatch(client.text.slice(before[i]), /INJECTED-BY-\d/));
  assert.deepEqual(foreign, [], "descriptors beyond the shell's own pty");
  await Promise.all([...others, probe].map((client) => client.close()));
});

test('a daemon started by setup.sh holds nothing of the server or of another session', async () => {
  const first = await TermClient.connect(server.url);
  await first.waitFor(PROMPT);
  const client = await TermClient.connect(server.url, { demo: 'fd-daemon' });
  await client.waitFor(PROMPT);
  const from = client.text.length;
  await client.run("sed -n 's/.* \\([0-9]*\\) -> \\(.*\\)/FD \\1 \\2 FD/p' daemon-fds.txt; echo listed-$((6*7))", /listed-42/);
  const fds = descriptors(client.text.slice(from));
  assert.deepEqual([...fds.keys()].sort(), [0, 1, 2], `the daemon holds: ${JSON.stringify([...fds])}`);
  assert.deepEqual([...new Set(fds.values())], ['/dev/null']);
  await Promise.all([first.close(), client.close()]);
});
