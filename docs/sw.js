// Next Round: the service worker that keeps an offline copy of the whole site.
//
// Hand-written (no Workbox): the build (nextround_site/offline.py) replaces the BUILD line
// below with this build's version, every file to keep with the SHA-256 of its bytes, and the
// headers the build's _headers gives each file.
//
// - Install: download every file of the build into one cache named after the build
//   (nextround-offline-<version>), check each against its hash, and only then write the
//   cache's index. Any failure (network gone, a file from another build because the host is
//   half-way through an upload) deletes that cache: a copy is a whole build or nothing.
//   Files whose hash and headers did not change are copied from the previous copy, not
//   downloaded again.
// - Each file is kept with the headers the host sent it with (its Content-Security-Policy,
//   Referrer-Policy, X-Content-Type-Options...), and served with them: a page or a worker
//   runs offline under the same policy as online. A header the host did not send (a host that
//   does not read _headers) comes from the build's _headers. Only the headers about one
//   transfer, and Vary, are left out (the body is kept decoded, whole; one answer per URL).
// - A page is served from the newest complete copy when it is opened; everything that page
//   (and its Python worker) asks for afterwards comes from the same copy, so a page never
//   runs a mix of two builds. Paths that hold a version (Pyodide, the wheel) are the same
//   bytes in every build and may come from any copy.
// - A new build never reloads an open page: the page gets a message and shows a quiet
//   "Update" notice (javascripts/offline.js); the next page opened gets the new build.
// - Anything not in the copy goes to the network as usual.
// This worker's own Content-Security-Policy comes from its response headers (_headers).

const BUILD = null;

const PREFIX = "nextround-offline-";
const CACHE = BUILD ? PREFIX + BUILD.version : null;
const INDEX = new URL("__nextround-offline-index__", self.location.href).href;
const KEEP = 2; // this build's copy and the one before it, for pages still open on it
const PARALLEL = 6;

const absolute = (url) => new URL(url, self.location.href).href;
// Headers about one transfer of the bytes, not about the file, and Vary: the copy holds one
// answer for each URL (and the Cache API refuses "Vary: *", or matches on request headers
// the copy's own requests do not have).
const TRANSFER = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "vary"]);

// The headers the build's _headers gives each kept file, by absolute URL.
const BUILT_HEADERS = new Map(
  BUILD ? BUILD.files.map(([url], i) => [absolute(url), BUILD.headers[BUILD.file_headers[i]]]) : [],
);
const headersKey = (url) => JSON.stringify(BUILT_HEADERS.get(absolute(url)) || {});

// The headers a file is kept with: all the host sent, then the build's for any it did not.
function keptHeaders(url, sent) {
  const headers = new Headers();
  for (const [name, value] of sent) if (!TRANSFER.has(name.toLowerCase())) headers.append(name, value);
  for (const [name, value] of Object.entries(BUILT_HEADERS.get(url) || {})) {
    if (!headers.has(name)) headers.set(name, value);
  }
  return headers;
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function readIndex(name) {
  const hit = await (await caches.open(name)).match(INDEX);
  return hit ? hit.json() : null;
}

// Every complete copy, newest first:
// [{name, index: {version, installed, files: {url: hash}, headers: {url: built headers}}}].
async function copies() {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) continue;
    const index = await readIndex(name);
    if (index) found.push({ name, index });
  }
  return found.sort((a, b) => b.index.installed - a.index.installed);
}

async function download(url, digest) {
  // First through the HTTP cache (the page may have just fetched Pyodide), then from the
  // server itself if those bytes are not this build's.
  for (const mode of ["default", "reload"]) {
    const response = await fetch(url, { cache: mode, credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = await response.arrayBuffer();
    if ((await sha256(body)) === digest) {
      return new Response(body, { status: 200, headers: keptHeaders(url, response.headers) });
    }
  }
  throw new Error(`${url} is not the file this build expects (is the site being updated?)`);
}

async function install() {
  if (!BUILD) throw new Error("sw.js was not written by the build; nothing to keep offline");
  if (await readIndex(CACHE)) return;
  const previous = await copies();
  const cache = await caches.open(CACHE);
  const queue = BUILD.files.slice();
  async function reuse(url, digest) {
    for (const { name, index } of previous) {
      // Not from a copy whose index has no headers, or other ones for this file: its response
      // would be served with the wrong headers.
      if (index.files[url] !== digest || !index.headers || index.headers[url] !== headersKey(url)) continue;
      const hit = await (await caches.open(name)).match(absolute(url));
      if (hit) return hit;
    }
    return null;
  }
  async function take() {
    while (queue.length) {
      const [url, digest] = queue.shift();
      const response = (await reuse(url, digest)) || (await download(absolute(url), digest));
      await cache.put(absolute(url), response);
    }
  }
  try {
    await Promise.all(Array.from({ length: PARALLEL }, take));
    const files = Object.fromEntries(BUILD.files.map(([url, digest]) => [url, digest]));
    const headers = Object.fromEntries(BUILD.files.map(([url]) => [url, headersKey(url)]));
    const index = { version: BUILD.version, installed: Date.now(), files, headers };
    await cache.put(INDEX, new Response(JSON.stringify(index), { headers: { "Content-Type": "application/json" } }));
  } catch (err) {
    await caches.delete(CACHE);
    throw err;
  }
  latest = null;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) client.postMessage({ type: "nr-offline-new", version: BUILD.version });
}

self.addEventListener("install", (event) => {
  // No skipWaiting(): this worker waits until no page uses the old one. Nothing is lost by
  // waiting, because every worker serves a page from the newest complete copy (see respond),
  // so the next page opened gets the new build from the old worker too. Taking over at once
  // makes Chromium (156) stall, now and then, the open page's next navigation for good: the
  // request stays open, the new worker idle (about 1 run in 3 of tests/browser/test_offline.py).
  event.waitUntil(install());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const complete = await copies();
      const keep = new Set(complete.slice(0, KEEP).map((c) => c.name));
      if (CACHE) keep.add(CACHE);
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && !keep.has(name)) await caches.delete(name);
      }
    })(),
  );
});

// Which copy each open page (and its workers) was served from; a worker restarted by the
// browser forgets, and then the newest copy serves.
const served = new Map();
let latest = null; // the newest complete copy, looked up again for every page opened

function newest(fresh) {
  if (fresh || !latest) latest = copies();
  return latest;
}

async function respond(event) {
  const request = event.request;
  const navigate = request.mode === "navigate";
  const list = await newest(navigate);
  if (!list.length) return fetch(request);
  let name = served.get(event.clientId) || list[0].name;
  if (navigate) {
    name = list[0].name;
    if (event.resultingClientId) served.set(event.resultingClientId, name);
  } else if (request.destination === "worker" && event.resultingClientId) {
    served.set(event.resultingClientId, name);
  }
  const options = { ignoreSearch: true };
  const own = await (await caches.open(name)).match(request, options);
  if (own) return own;
  if (!navigate) {
    for (const other of list) {
      if (other.name === name) continue;
      const hit = await (await caches.open(other.name)).match(request, options);
      if (hit) return hit;
    }
  }
  try {
    return await fetch(request);
  } catch (err) {
    if (navigate) {
      const missing = await (await caches.open(name)).match(absolute("404.html"));
      if (missing) return new Response(missing.body, { status: 404, headers: missing.headers });
    }
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!BUILD || request.method !== "GET") return;
  if (!request.url.startsWith(self.registration.scope) || request.url === self.location.href) return;
  event.respondWith(respond(event));
});

async function status(client) {
  const list = await newest(true);
  const page = served.get(client.id);
  const version = (name) => (name ? name.slice(PREFIX.length) : null);
  client.postMessage({
    type: "nr-offline-status",
    newest: list.length ? list[0].index.version : null,
    page: version(page),
  });
}

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type === "nr-offline-status" && event.source) event.waitUntil(status(event.source));
});
