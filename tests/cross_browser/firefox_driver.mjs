// Drives Firefox ESR for the Python tests (tests/cross_browser/firefox.py), over WebDriver BiDi with
// puppeteer-core: no geckodriver, no browser download (the browser is Debian's firefox-esr).
//
//   node firefox_driver.mjs            then JSON lines on stdin, one reply line each on stdout:
//   {"id": 1, "cmd": "open", "args": {"proxy": "127.0.0.1:9", "downloads": "/tmp/x"}}
//   {"id": 1, "ok": true, "value": {"page": 1}}       or {"id": 1, "ok": false, "error": "..."}
//
// Commands: launch {executable} -> {version}; open {proxy, downloads} -> {page} (a new user
// context: its own storage, like a fresh profile, with one tab); goto {page, url, early};
// reload {page, early}; js {page, body, args}; type {page, selector, text}; click {page,
// selector}; upload {page, selector, path}; errors {page} (what the page reported since the
// last call: uncaught errors, console errors); closePage {page}; quit.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

let browser = null;
const pages = new Map(); // id -> {context, page, errors}
let nextPage = 1;

function page(id) {
  const entry = pages.get(id);
  if (!entry) throw new Error(`no page ${id}`);
  return entry;
}

// Where to click: the element's centre once it has stayed put for two frames and is what a
// pointer there would hit (as Playwright waits before a click). Puppeteer clicks the point it
// measured once, and while the worksheet's results render above a button, the button moves:
// the click then lands on whatever took its place (seen with "Download calendar").
async function steadyPoint(handle, selector, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    const now = await handle.evaluate((el) => new Promise((resolve) => {
      el.scrollIntoView({ block: "center" });
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const r = el.getBoundingClientRect();
        const x = r.x + r.width / 2;
        const y = r.y + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        resolve({ x, y, hit: !!hit && (hit === el || el.contains(hit)) });
      }));
    }));
    if (now.hit && last && Math.abs(last.x - now.x) < 1 && Math.abs(last.y - now.y) < 1) return now;
    if (Date.now() > deadline) throw new Error(`${selector} did not hold still where a click would reach it within ${timeout / 1000} s`);
    last = now;
  }
}

// A navigation that returns as soon as the new document exists (early) or has loaded.
async function navigate(entry, start, early) {
  const { page: tab } = entry;
  await tab.evaluate("window.__nrOld = true").catch(() => {});
  const started = start();
  started.catch(() => {}); // an early return leaves it running; its errors do not matter then
  if (!early) {
    await started;
    return;
  }
  const deadline = Date.now() + 60000;
  for (;;) {
    const fresh = await tab
      .evaluate('!window.__nrOld && location.protocol !== "about:" && !!document.documentElement')
      .catch(() => false);
    if (fresh) return;
    if (Date.now() > deadline) throw new Error("the new document did not appear within 60 s");
    await new Promise((r) => setTimeout(r, 30));
  }
}

const commands = {
  async launch({ executable }) {
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: executable,
      headless: true,
      protocolTimeout: 120000,
      extraPrefsFirefox: {
        // Loopback (the test server) is never proxied; keep it that way explicitly.
        "network.proxy.allow_hijacking_localhost": false,
        "browser.download.always_ask_before_handling_new_types": false,
      },
    });
    return { version: await browser.version() };
  },
  async open({ proxy, downloads }) {
    const context = await browser.createBrowserContext({
      proxyServer: proxy,
      proxyBypassList: ["127.0.0.1", "localhost"],
      downloadBehavior: { policy: "allow", downloadPath: downloads },
    });
    const tab = await context.newPage();
    await tab.setViewport({ width: 1280, height: 900 });
    const entry = { context, page: tab, errors: [] };
    tab.on("pageerror", (err) => entry.errors.push(`pageerror: ${err.message || err}`));
    tab.on("console", (msg) => {
      if (msg.type() === "error") entry.errors.push(`console: ${msg.text()}`);
    });
    const id = nextPage++;
    pages.set(id, entry);
    return { page: id };
  },
  async goto({ page: id, url, early }) {
    const entry = page(id);
    await navigate(entry, () => entry.page.goto(url, { waitUntil: "load", timeout: 60000 }), early);
    return null;
  },
  async reload({ page: id, early }) {
    const entry = page(id);
    await navigate(entry, () => entry.page.reload({ waitUntil: "load", timeout: 60000 }), early);
    return null;
  },
  async js({ page: id, body, args }) {
    const source = `(async function () {\n${body}\n}).apply(null, ${JSON.stringify(args || [])})`;
    const value = await page(id).page.evaluate(source);
    return value === undefined ? null : value;
  },
  async type({ page: id, selector, text }) {
    const { page: tab } = page(id);
    const handle = await tab.waitForSelector(selector, { timeout: 10000 });
    // Focus and select what is there, so the typing replaces it (as a person would).
    await handle.evaluate((el) => {
      el.scrollIntoView({ block: "center" });
      el.focus();
      el.select();
    });
    if (text) await tab.keyboard.type(text);
    else await tab.keyboard.press("Backspace");
    return null;
  },
  async click({ page: id, selector }) {
    const { page: tab } = page(id);
    const handle = await tab.waitForSelector(selector, { timeout: 10000 });
    const { x, y } = await steadyPoint(handle, selector);
    await tab.mouse.click(x, y);
    return null;
  },
  async upload({ page: id, selector, path }) {
    const { page: tab } = page(id);
    const handle = await tab.waitForSelector(selector, { timeout: 10000 });
    await handle.uploadFile(path);
    return null;
  },
  async errors({ page: id }) {
    const entry = page(id);
    return entry.errors.splice(0);
  },
  async closePage({ page: id }) {
    const entry = page(id);
    pages.delete(id);
    await entry.context.close();
    return null;
  },
  async quit() {
    if (browser) await browser.close();
    browser = null;
    return null;
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { id, cmd, args } = JSON.parse(line);
  let reply;
  try {
    if (!commands[cmd]) throw new Error(`unknown command ${cmd}`);
    reply = { id, ok: true, value: await commands[cmd](args || {}) };
  } catch (err) {
    reply = { id, ok: false, error: String((err && err.stack) || err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
  if (cmd === "quit") break;
}
process.exit(0);
