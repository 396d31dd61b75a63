// Runs one request through the mdelist module, off the page's thread. Each request gets a fresh
// instance (fresh memory); the page terminates the whole worker when a logo render runs past
// the budget, which it learns from the render_begin and render_end calls below.
"use strict";
self.onmessage = function (event) {
  var module = event.data.module;
  var request = new Uint8Array(event.data.request);
  var imports = {
    mdelist: {
      render_begin: function () { self.postMessage({ type: "render-begin" }); },
      render_end: function () { self.postMessage({ type: "render-end" }); }
    }
  };
  // The zip crate links getrandom's wasm-bindgen backend on wasm32, for encrypting archives
  // and naming stream temporaries, which mdelist never does (it writes and reads unencrypted
  // archives only). Those imports get functions that fail loudly should they ever be called.
  WebAssembly.Module.imports(module).forEach(function (wanted) {
    if (wanted.kind !== "function") { return; }
    var space = imports[wanted.module] || (imports[wanted.module] = {});
    if (!space[wanted.name]) {
      space[wanted.name] = function () {
        throw new Error("mdelist: " + wanted.module + "." + wanted.name + " is not available in the page");
      };
    }
  });
  WebAssembly.instantiate(module, imports).then(function (instance) {
    var exports = instance.exports;
    var at = exports.mdelist_input(request.length);
    new Uint8Array(exports.memory.buffer, at, request.length).set(request);
    var length = exports.mdelist_run();
    var from = exports.mdelist_output();
    var answer = new Uint8Array(exports.memory.buffer, from, length).slice();
    exports.mdelist_release();
    self.postMessage({ type: "answer", answer: answer.buffer }, [answer.buffer]);
  }).catch(function (error) {
    self.postMessage({ type: "failed", message: String(error && error.message || error) });
  });
};
