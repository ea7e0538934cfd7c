// Next Round worksheet: the page's side of the worker protocol.
//
// This module is loaded async in <head> (it has no imports, so it runs as soon as it
// arrives) and starts the module worker at once, while the page is still being parsed.
// The worker thread is up early, but it downloads and starts Python only when told "go":
// after the page's load event, once the theme and the form have done their start-up work, or
// at once when something asks for Python sooner (go(), call()); the worker starts by itself
// after two seconds if neither comes (worker.js says why).
// python() returns that one instance: {call, ready, onProgress, go}; app.js imports the same
// module, so it gets the worker that is already booting. call(request) posts {type: "call", id, request} and resolves with the api's
// response dict when the reply with the same id arrives. The page never waits on Python
// synchronously: calls made before ready are queued by awaiting it.

let instance = null;

function metaURL(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  return meta ? new URL(meta.content, document.baseURI).href : null;
}

function start() {
  // The runtime, wheel and standard library URLs ride in the worker's own URL, so it starts
  // booting as soon as it runs: a message posted now would wait in the page's busy main thread
  // until the worker thread is up (~120 ms cold).
  const url = new URL("worker.js", import.meta.url);
  url.searchParams.set("pyodide", metaURL("nr-pyodide") || "");
  url.searchParams.set("wheel", metaURL("nr-worksheet-wheel") || "");
  url.searchParams.set("stdlib", metaURL("nr-python-stdlib") || "");
  const worker = new Worker(url, { type: "module" });
  const pending = new Map();
  const listeners = new Set();
  let lastProgress = null;
  let nextId = 1;
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});

  worker.addEventListener("message", (event) => {
    const msg = event.data || {};
    if (msg.type === "progress") {
      lastProgress = msg;
      for (const fn of listeners) fn(msg);
    } else if (msg.type === "ready") resolveReady(msg);
    else if (msg.type === "failed") rejectReady(new Error(msg.message));
    else if (msg.type === "reply") {
      const done = pending.get(msg.id);
      if (done) {
        pending.delete(msg.id);
        done(msg.response);
      }
    }
  });
  worker.addEventListener("error", (event) => {
    rejectReady(new Error(event.message || "the Python worker could not start"));
  });

  let told = false;
  function go() {
    if (told) return;
    told = true;
    worker.postMessage({ type: "go" });
  }
  // After the load event's own handlers (the theme's among them) have run.
  if (document.readyState === "complete") go();
  else window.addEventListener("load", () => setTimeout(go, 0), { once: true });

  function onProgress(fn) {
    listeners.add(fn);
    if (lastProgress) fn(lastProgress);
  }

  async function call(request) {
    go();
    await ready;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ type: "call", id, request });
    });
  }

  return { call, ready, onProgress, go };
}

export function python() {
  if (!instance) {
    instance = start();
    performance.mark("nr-worker-created");
  }
  return instance;
}

python();
