// `npm test`: makes sure every system tool a test uses is there (as root on Debian it installs the
// missing ones, once; elsewhere it names the packages and stops), builds the CLI, then runs every
// test file with node's test runner. No test skips itself for a missing tool: this is the one
// place that provides them, so a clean machine runs the whole suite after `npm install && npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The commands the tests run, or run through the course demos they start, and the Debian package
 * of each. PDFs are read in-process (pdfjs-dist), so poppler is not among them. */
const TOOLS = [
  { command: 'asciinema', pkg: 'asciinema', use: 'recordings checked against the real asciinema (rec, cat)' },
  { command: 'script', pkg: 'bsdutils', use: 'the pseudo-terminal asciinema needs in those tests' },
  { command: 'ps', pkg: 'procps', use: 'the processus demo, recorded by the tests' },
  { command: 'setsid', pkg: 'util-linux', use: 'the processus demo and the terminal cleanup tests' },
  { command: 'prlimit', pkg: 'util-linux', use: 'the voice channel\'s test of a disk that refuses a write' },
  { command: 'gcc', pkg: 'gcc', use: 'the bibliotheques demo builds its shared library' },
  { command: 'openssl', pkg: 'openssl', use: 'the tls demo, run live in the browser tests' },
];

function findChromium() {
  if (process.env.CHROME_PATH) return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : null;
  return SYSTEM_BROWSERS.find((p) => existsSync(p)) ?? playwrightChromium();
}

function playwrightChromium() {
  const out = spawnSync(process.execPath, ['-e', "import('playwright-core').then(m=>process.stdout.write(m.chromium.executablePath()))"], { encoding: 'utf8' });
  return out.status === 0 && out.stdout && existsSync(out.stdout) ? out.stdout : null;
}

/** Whether `command` is an executable on the PATH (or in the sbin folders a minimal PATH leaves out). */
function onPath(command) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].filter(Boolean);
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The Debian packages of whatever is missing: Chromium (unless CHROME_PATH names one), then the tools. */
function missingPackages() {
  return [
    ...(findChromium() ? [] : ['chromium']),
    ...TOOLS.filter((tool) => !onPath(tool.command)).map((tool) => tool.pkg),
  ].filter((pkg, i, all) => all.indexOf(pkg) === i);
}

if (process.env.CHROME_PATH && !existsSync(process.env.CHROME_PATH)) {
  console.error(`npm test: CHROME_PATH=${process.env.CHROME_PATH}: no such file (unset it to use the system's Chromium)`);
  process.exit(1);
}
let missing = missingPackages();
if (missing.length > 0 && process.getuid?.() === 0 && existsSync('/etc/debian_version')) {
  console.error(`npm test: installing what the tests use: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  } catch {
    // apt-get has said why above; what follows names the packages still missing.
  }
  missing = missingPackages();
}
if (missing.length > 0) {
  const lines = TOOLS.filter((tool) => missing.includes(tool.pkg)).map((tool) => `  ${tool.command} (${tool.pkg}): ${tool.use}`);
  if (missing.includes('chromium')) lines.unshift('  Chromium or Chrome (chromium): the browser tests and the PDF export');
  console.error(`npm test: the tests need tools that are not installed:\n${lines.join('\n')}\n`
    + `  Debian/Ubuntu: sudo apt-get install ${missing.join(' ')}\n`
    + '  elsewhere: install them from your system\'s packages (a Chromium or Chrome anywhere: set CHROME_PATH=/path/to/it)');
  process.exit(1);
}
process.env.CHROME_PATH = findChromium();

execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: 'inherit' });

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

// Files whose names are given on the command line narrow the run (npm test -- tests/unit).
const wanted = process.argv.slice(2);
const files = testFiles('tests').filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w) || f.includes(w))).sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
