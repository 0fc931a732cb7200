// `npm test`: makes sure a Chromium is there (installing Debian's when running as root on Debian),
// builds the CLI, then runs every test file with node's test runner.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

function findChromium() {
  if (process.env.CHROME_PATH) return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : null;
  return SYSTEM_BROWSERS.find((p) => existsSync(p)) ?? playwrightChromium();
}

function playwrightChromium() {
  const out = spawnSync(process.execPath, ['-e', "import('playwright-core').then(m=>process.stdout.write(m.chromium.executablePath()))"], { encoding: 'utf8' });
  return out.status === 0 && out.stdout && existsSync(out.stdout) ? out.stdout : null;
}

let browser = findChromium();
if (!browser) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version')) {
    console.error('npm test: no Chromium found; installing Debian\'s chromium package');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    browser = findChromium();
  }
  if (!browser) {
    console.error('npm test: the browser tests need Chromium or Chrome and none was found.\n'
      + '  Debian/Ubuntu: sudo apt-get install chromium\n'
      + '  elsewhere: install Chrome or Chromium and set CHROME_PATH=/path/to/it');
    process.exit(1);
  }
}
process.env.CHROME_PATH = browser;

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
