// Next Round worksheet: the page's side of the worker protocol.
//
// startPython() creates the module worker at once and returns {call, ready}. call(request)
// posts {type: "call", id, request} and resolves with the api's response dict when the
// reply with the same id arrives. The page never waits on Python synchronously: until
// ready resolves, calls are queued by awaiting it.

export function startPython({ pyodideURL, wheelURL, onProgress }) {
  const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  const pending = new Map();
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
    if (msg.type === "progress") onProgress(msg);
    else if (msg.type === "ready") resolveReady(msg);
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

  worker.postMessage({ type: "boot", pyodideURL, wheelURL });

  async function call(request) {
    await ready;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ type: "call", id, request });
    });
  }

  return { call, ready };
}
