// The presenter view's microphone key (M), in Chromium: it counts in the view and in its deck frame
// (whose elements belong to another window), but not typed into a form field or a terminal, nor
// with Ctrl, Alt or Meta.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeBrowser, type WatchedPage } from '../helpers/browser.js';
import { openModulePage } from '../helpers/module-page.js';

let watched: WatchedPage;

const FIELDS = '<input id="field"><div class="xterm"><textarea id="terminal"></textarea></div><button id="plain">x</button>';

before(async () => {
  watched = await openModulePage(`import { isVoiceKey } from './client/presenter/voice-button.ts';
    const heard = [];
    window.heard = heard;
    const listen = (doc) => doc.addEventListener('keydown', (event) => heard.push(isVoiceKey(event)));
    listen(document);
    const frame = document.getElementById('frame');
    frame.srcdoc = ${JSON.stringify(FIELDS)};
    frame.addEventListener('load', () => { listen(frame.contentDocument); window.frameReady = true; });`,
  `${FIELDS}<iframe id="frame"></iframe>`);
  await watched.page.waitForFunction(() => (window as unknown as { frameReady?: boolean }).frameReady === true);
});

after(() => closeBrowser());

/** Presses `key` ("Shift+M": a modifier held) with the focus on `selector`, in the deck frame
 * when `inFrame`: was it the microphone's key? */
async function pressed(selector: string, key: string, inFrame = false): Promise<boolean> {
  const { page } = watched;
  const frame = inFrame ? page.frame({ url: 'about:srcdoc' })! : page.mainFrame();
  await frame.focus(selector);
  const before = await page.evaluate(() => (window as unknown as { heard: boolean[] }).heard.length);
  await page.keyboard.press(key);
  const heard = await page.evaluate(() => (window as unknown as { heard: boolean[] }).heard);
  assert.ok(heard.length > before, `no keydown for ${key} on ${selector}`);
  // The last keydown is the key's own (a modifier's comes before).
  return heard.at(-1)!;
}

test('M toggles from the view and from its deck frame, in either case', async () => {
  for (const inFrame of [false, true]) {
    assert.equal(await pressed('#plain', 'm', inFrame), true);
    assert.equal(await pressed('#plain', 'Shift+M', inFrame), true);
  }
});

test('M typed into a field or a terminal is a letter; other keys and shortcuts are not M', async () => {
  for (const inFrame of [false, true]) {
    assert.equal(await pressed('#field', 'm', inFrame), false);
    assert.equal(await pressed('#terminal', 'm', inFrame), false);
    assert.equal(await pressed('#plain', 'n', inFrame), false);
    assert.equal(await pressed('#plain', 'Control+m', inFrame), false);
    assert.equal(await pressed('#plain', 'Alt+m', inFrame), false);
  }
  assert.deepEqual(watched.errors, []);
});
