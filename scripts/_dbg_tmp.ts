import { openPage, closeBrowser } from '/work/main/tests/helpers/browser.js';
import { startDev } from '/work/main/tests/helpers/cli.js';
const server = await startDev(['tests/fixtures/decks/basic.md']);
console.log(server.output());
const { page, errors } = await openPage(server.url);
await page.waitForTimeout(4000);
console.log(errors, await page.evaluate(() => document.documentElement.outerHTML.slice(0, 1500)));
await server.stop(); await closeBrowser();
