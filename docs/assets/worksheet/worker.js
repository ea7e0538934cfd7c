// Next Round worksheet: the module Web Worker that runs Python.
//
// The page starts it as worker.js?pyodide=<runtime URL>&wheel=<wheel URL>&stdlib=<zip URL>.
// It waits for {type: "go"} (or GO_WAIT_MS), then boots: it loads the self-hosted Pyodide
// runtime with the site's own standard library zip (only the modules the worksheet needs,
// compiled to bytecode at build time: nextround_site/stdlib.py) and, in parallel, fetches the
// worksheet wheel, unpacks it into site-packages and imports worksheet.browser. Progress goes
// back as {type: "progress"}, then {type: "ready"} or {type: "failed"}. After that each
// {type: "call", id, request} gets exactly one {type: "reply", id, response}; the response is
// the api's JSON dict.
// Storage stays on the page: a worker has no localStorage.
//
// Why wait: the page goes first. bridge.js posts "go" after the page's load event (the theme's
// start-up and the form are done by then), or at once when something needs Python. On two
// cores, Python starting while the page was still laying out made the page's own first tasks
// about twice as long (Lighthouse mobile), and on a slow network its 6 MB would
// share the line with the page's own files. If "go" never comes (a file of the page held up),
// the worker starts by itself after GO_WAIT_MS.

let handleJSON = null;
const evaluatedAt = performance.now(); // when this script started running
const GO_WAIT_MS = 2000; // if the page never says "go" (a file of its own held up), start anyway
let letGo;
const goSignal = new Promise((resolve) => { letGo = resolve; });
const goTimer = setTimeout(() => letGo("timeout"), GO_WAIT_MS);
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "go") letGo("page");
});

// Runtime files fetched at the start of the boot, all at once, instead of one after another as
// Pyodide would (it asks for the WebAssembly, the lock file and the standard library only once
// its loader, pyodide.mjs, has been fetched and run). Each response is handed out once, to the
// first fetch() of the same URL: a copy is read to the end at once so the download goes on
// whatever Pyodide is doing, and the original keeps every byte for Pyodide (a stream's tee
// holds them), which can still compile the WebAssembly as it streams in. A URL Pyodide never
// asks for is simply fetched again, from the HTTP cache (the runtime's files are immutable).
const earlyResponses = new Map();
let earlyHits = 0;
const ownFetch = self.fetch.bind(self);

function fetchEarly(url) {
  const response = ownFetch(url);
  earlyResponses.set(url, response);
  response.then((r) => (r.ok && r.body ? r.clone().body.pipeTo(new WritableStream()) : null)).catch(() => {});
}

self.fetch = (input, init) => {
  const plain = !init || Object.values(init).every((value) => value === undefined);
  const url = input instanceof Request ? null : new URL(String(input), self.location.href).href;
  const early = plain && url && earlyResponses.get(url);
  if (!early) return ownFetch(input, init);
  earlyResponses.delete(url);
  earlyHits += 1;
  return early;
};

function progress(step, of, text) {
  self.postMessage({ type: "progress", step, of, text });
}

async function boot({ pyodideURL, wheelURL, stdlibURL }) {
  const goBy = await goSignal;
  clearTimeout(goTimer);
  const started = performance.now();
  progress(1, 3, "Loading Python");
  // Start the wheel download at once so it overlaps with the runtime start-up.
  const wheel = fetch(wheelURL).then((r) => {
    if (!r.ok) throw new Error(`the worksheet code could not be downloaded (HTTP ${r.status})`);
    return r.arrayBuffer();
  });
  wheel.catch(() => {}); // reported below, when awaited
  for (const name of ["pyodide.asm.wasm", "pyodide-lock.json"]) fetchEarly(new URL(name, pyodideURL).href);
  fetchEarly(new URL(stdlibURL, self.location.href).href);
  // Pyodide imports its JavaScript half with import(), which fetch() cannot hand over: this
  // read puts it in the HTTP cache, where that import finds it.
  ownFetch(new URL("pyodide.asm.mjs", pyodideURL).href).then((r) => r.arrayBuffer()).catch(() => {});
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideURL).href);
  const importedAt = performance.now();
  const pyodide = await loadPyodide({
    indexURL: pyodideURL,
    stdLibURL: stdlibURL,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  });
  const runtimeAt = performance.now();
  progress(2, 3, "Installing the worksheet");
  // sys is already loaded; importing sysconfig just for this path costs ~50 ms.
  const sitePackages = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
  const buffer = await wheel;
  const wheelAt = performance.now();
  pyodide.unpackArchive(buffer, "wheel", { extractDir: sitePackages });
  const unpackedAt = performance.now();
  progress(3, 3, "Starting the worksheet");
  const bridge = pyodide.pyimport("worksheet.browser");
  handleJSON = bridge.handle_json;
  const packageAt = performance.now();
  self.postMessage({
    type: "ready",
    runtime: bridge.runtime(),
    // Where the worker's time went (ms), for bench/worksheet.py.
    timings: {
      bootStart: performance.timeOrigin + started, // epoch ms, after "go", for the page to compare
      workerOrigin: performance.timeOrigin, // epoch ms: when the worker was created
      evaluated: Math.round(evaluatedAt), // ms after workerOrigin: worker.js starts running
      loaderImport: Math.round(importedAt - started), // fetching and evaluating pyodide.mjs
      goBy, // "page" (it said go) or "timeout": what started the boot
      earlyHits, // runtime files Pyodide took from the early downloads (3 expected)
      runtime: Math.round(runtimeAt - started),
      waitWheel: Math.round(wheelAt - runtimeAt),
      unpack: Math.round(unpackedAt - wheelAt),
      import: Math.round(packageAt - unpackedAt),
    },
  });
}

function reply(id, response) {
  self.postMessage({ type: "reply", id, response });
}

async function start() {
  const params = new URL(self.location.href).searchParams;
  try {
    if (!params.get("pyodide")) throw new Error("the page did not say where Python is");
    if (!params.get("stdlib")) throw new Error("the page did not say where Python's standard library is");
    await boot({ pyodideURL: params.get("pyodide"), wheelURL: params.get("wheel"), stdlibURL: params.get("stdlib") });
  } catch (err) {
    self.postMessage({ type: "failed", message: String((err && err.message) || err) });
  }
}

self.addEventListener("message", async (event) => {
  const msg = event.data || {};
  if (msg.type !== "call") return;
  if (!handleJSON) {
    reply(msg.id, { ok: false, error: { code: "not_ready", message: "Python is still loading.", path: "" } });
    return;
  }
  try {
    reply(msg.id, JSON.parse(handleJSON(JSON.stringify(msg.request))));
  } catch (err) {
    reply(msg.id, {
      ok: false,
      error: { code: "internal", message: `The worksheet stopped with an error: ${(err && err.message) || err}`, path: "" },
    });
  }
});

start();
