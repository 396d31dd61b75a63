// The page's glue: gather the dropped files, hand them to the mdelist module in a Web Worker,
// and show what it answers. Every check, render, report, bundle and verification is the
// module's; this script only moves bytes and builds the DOM (text only, never markup from a
// listing).
(function () {
  "use strict";

  // The command-line tool's render budget (src/svg/render.rs, TIME_BUDGET): past it the worker
  // is terminated and the check runs again with the render counted as timed out.
  var RENDER_BUDGET_MS = 3000;

  // A shorter budget may be asked for in the address (`mdelist.html#render-budget-ms=0`), so
  // that the stop can be seen on an ordinary logo; never a longer one.
  function renderBudget() {
    var asked = /(?:^#|&)render-budget-ms=(\d+)/.exec(location.hash);
    return asked ? Math.min(RENDER_BUDGET_MS, Number(asked[1])) : RENDER_BUDGET_MS;
  }

  var statusLine = document.getElementById("status");
  var results = document.getElementById("results");
  var reviewDate = document.getElementById("review-date");
  var sourceDateEpoch = document.getElementById("source-date-epoch");
  var compiled = null;
  var workerUrl = URL.createObjectURL(new Blob(
    [document.getElementById("mdelist-worker").textContent],
    { type: "text/javascript" }));
  var downloads = [];

  var finished = 0;

  // The state is on the body too, with the count of finished runs, for scripts that drive the page.
  function setState(state, text) {
    if (state === "done" || state === "error") {
      finished += 1;
      document.body.setAttribute("data-finished", String(finished));
    }
    document.body.setAttribute("data-state", state);
    statusLine.textContent = text;
  }

  function localToday() {
    var now = new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  reviewDate.value = localToday();

  function decodeBase64(text) {
    var binary = atob(text.replace(/\s+/g, ""));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  function loadModule() {
    var packed = decodeBase64(document.getElementById("mdelist-wasm").textContent);
    var stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (bytes) {
      return WebAssembly.compile(bytes);
    });
  }

  // The message format of web/src/envelope.rs: u32 header length, JSON header, then each blob
  // as u32 length and bytes, all little-endian.
  function encode(header, blobs) {
    var head = new TextEncoder().encode(JSON.stringify(header));
    var total = 4 + head.length;
    blobs.forEach(function (blob) { total += 4 + blob.length; });
    var out = new Uint8Array(total);
    var view = new DataView(out.buffer);
    var at = 0;
    view.setUint32(at, head.length, true); at += 4;
    out.set(head, at); at += head.length;
    blobs.forEach(function (blob) {
      view.setUint32(at, blob.length, true); at += 4;
      out.set(blob, at); at += blob.length;
    });
    return out;
  }

  function decode(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var length = view.getUint32(0, true);
    var header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length)));
    var blobs = [];
    var at = 4 + length;
    while (at < bytes.length) {
      var size = view.getUint32(at, true);
      blobs.push(bytes.slice(at + 4, at + 4 + size));
      at += 4 + size;
    }
    return { header: header, blobs: blobs };
  }

  // One request in a new worker. Resolves with the decoded answer, or with { overBudget: true }
  // when a render ran past the budget and the worker was terminated.
  function runInWorker(request) {
    return new Promise(function (resolve, reject) {
      var worker = new Worker(workerUrl);
      var timer = null;
      var finish = function (outcome, failed) {
        if (timer !== null) { clearTimeout(timer); }
        worker.terminate();
        if (failed) { reject(outcome); } else { resolve(outcome); }
      };
      worker.onmessage = function (event) {
        var message = event.data;
        if (message.type === "render-begin") {
          timer = setTimeout(function () { timer = null; finish({ overBudget: true }); },
            renderBudget());
        } else if (message.type === "render-end") {
          if (timer !== null) { clearTimeout(timer); timer = null; }
        } else if (message.type === "answer") {
          finish(decode(new Uint8Array(message.answer)));
        } else {
          finish(new Error(message.message || "the checker stopped"), true);
        }
      };
      worker.onerror = function (event) {
        event.preventDefault();
        finish(new Error(event.message || "the checker stopped"), true);
      };
      worker.postMessage({ module: compiled, request: request.buffer }, [request.buffer]);
    });
  }

  function readAll(files) {
    return Promise.all(files.map(function (entry) {
      return entry.file.arrayBuffer().then(function (buffer) {
        return { path: entry.path, bytes: new Uint8Array(buffer) };
      });
    }));
  }

  function options() {
    var date = reviewDate.value || localToday();
    var epoch = sourceDateEpoch.value.trim();
    return { today: date, sourceDateEpoch: epoch === "" ? null : epoch };
  }

  function clearDownloads() {
    downloads.forEach(function (url) { URL.revokeObjectURL(url); });
    downloads = [];
  }

  function objectUrl(bytes, type) {
    var url = URL.createObjectURL(new Blob([bytes], { type: type }));
    downloads.push(url);
    return url;
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  // Files as { path, file }: a folder picked keeps its name as the first part of every path,
  // as `mdelist check FOLDER` names it.
  function fromInput(input) {
    return Array.prototype.map.call(input.files, function (file) {
      return { path: file.webkitRelativePath || file.name, file: file };
    });
  }

  function readEntry(entry, prefix) {
    if (entry.isFile) {
      return new Promise(function (resolve, reject) {
        entry.file(function (file) { resolve([{ path: prefix + entry.name, file: file }]); }, reject);
      });
    }
    if (!entry.isDirectory) { return Promise.resolve([]); }
    var reader = entry.createReader();
    var children = [];
    return new Promise(function (resolve, reject) {
      var more = function () {
        reader.readEntries(function (batch) {
          if (batch.length === 0) { resolve(children); return; }
          children = children.concat(batch);
          more();
        }, reject);
      };
      more();
    }).then(function (entries) {
      return Promise.all(entries.map(function (child) {
        return readEntry(child, prefix + entry.name + "/");
      }));
    }).then(function (lists) { return [].concat.apply([], lists); });
  }

  function fromDrop(dataTransfer) {
    var entries = Array.prototype.map.call(dataTransfer.items, function (item) {
      return item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    }).filter(Boolean);
    if (entries.length === 0) {
      return Promise.resolve(Array.prototype.map.call(dataTransfer.files, function (file) {
        return { path: file.name, file: file };
      }));
    }
    return Promise.all(entries.map(function (entry) { return readEntry(entry, ""); }))
      .then(function (lists) { return [].concat.apply([], lists); });
  }

  function isBundle(files) {
    return files.length === 1 && /\.zip$/i.test(files[0].path);
  }

  function handle(files) {
    if (compiled === null) { return; }
    if (files.length === 0) {
      setState("error", "Nothing was dropped: drop a listing folder, its files, or a bundle .zip.");
      return;
    }
    var bundle = isBundle(files);
    setState("checking", bundle ? "Verifying " + files[0].path + "…" : "Checking…");
    var started = performance.now();
    readAll(files).then(function (read) {
      return bundle ? verify(read, started) : check(read, started);
    }).catch(function (error) {
      setState("error", "The checker failed: " + error.message);
    });
  }

  function check(read, started) {
    var chosen = options();
    var request = function (render) {
      return encode({
        op: "check",
        today: chosen.today,
        source_date_epoch: chosen.sourceDateEpoch,
        render: render,
        files: read.map(function (file) { return file.path; })
      }, read.map(function (file) { return file.bytes; }));
    };
    return runInWorker(request("in-process")).then(function (answer) {
      if (!answer.overBudget) { return answer; }
      setState("checking", "A logo render ran past " + RENDER_BUDGET_MS / 1000 +
        " s and was stopped; finishing the check…");
      return runInWorker(request("timed-out"));
    }).then(function (answer) {
      var elapsed = performance.now() - started;
      document.body.setAttribute("data-check-ms", String(Math.round(elapsed)));
      if (answer.header.error) {
        setState("error", "error: " + answer.header.error);
        return;
      }
      showCheck(answer, read);
      var summary = JSON.parse(answer.header.report).summary;
      setState("done", "Checked " + plural(summary.listings, "listing") + ": " +
        plural(summary.errors, "error") + ", " + plural(summary.warnings, "warning") +
        " (" + Math.round(elapsed) + " ms).");
    });
  }

  function verify(read, started) {
    return verifyBytes(read[0].path, read[0].bytes, started);
  }

  function verifyBytes(name, bytes, started) {
    var request = function (render) {
      return encode({ op: "verify", today: options().today, render: render, files: [name] }, [bytes]);
    };
    return runInWorker(request("in-process")).then(function (answer) {
      if (!answer.overBudget) { return answer; }
      setState("checking", "A logo render ran past " + RENDER_BUDGET_MS / 1000 +
        " s and was stopped; finishing the verification…");
      return runInWorker(request("timed-out"));
    }).then(function (answer) {
      if (answer.header.error) {
        setState("error", "error: " + answer.header.error);
        return;
      }
      showVerification(name, answer.header);
      var elapsed = Math.round(performance.now() - started);
      setState("done", answer.header.intact
        ? name + ": every checksum matches (" + elapsed + " ms)."
        : name + ": the bundle is not as it was written.");
    });
  }

  function severityClass(diagnostic) {
    return diagnostic.suppressed ? "suppressed" : diagnostic.severity;
  }

  function findingList(diagnostics, snippets) {
    if (diagnostics.length === 0) {
      return element("p", { "class": "none" }, ["No findings."]);
    }
    return element("ul", { "class": "findings" }, diagnostics.map(function (diagnostic, index) {
      var kind = severityClass(diagnostic);
      var where = diagnostic.file
        ? diagnostic.file + ":" + diagnostic.line + ":" + diagnostic.column
        : (diagnostic.field || "");
      var children = [
        element("div", { "class": "head" }, [
          element("span", { "class": "severity " + kind }, [kind]),
          element("code", {}, [diagnostic.code]),
          element("span", { "class": "message" }, [diagnostic.message])
        ])
      ];
      if (where) { children.push(element("div", { "class": "path" }, [where])); }
      if (diagnostic.help) { children.push(element("p", { "class": "help" }, ["help: " + diagnostic.help])); }
      if (diagnostic.suppressed) {
        children.push(element("p", { "class": "help" }, ["suppressed: " + diagnostic.suppressed.reason]));
      }
      if (snippets && snippets[index]) {
        children.push(element("pre", { "aria-label": "The finding in its file" }, [snippets[index].replace(/\s+$/, "")]));
      }
      return element("li", { "class": "finding " + kind, "data-code": diagnostic.code }, children);
    }));
  }

  function verdict(diagnostics) {
    var counted = diagnostics.filter(function (d) { return !d.suppressed; });
    var errors = counted.filter(function (d) { return d.severity === "error"; }).length;
    var warnings = counted.filter(function (d) { return d.severity === "warning"; }).length;
    if (errors > 0) { return element("span", { "class": "verdict errors" }, [plural(errors, "error") + " to fix before submitting"]); }
    if (warnings > 0) { return element("span", { "class": "verdict warnings" }, ["Passes, with " + plural(warnings, "warning")]); }
    return element("span", { "class": "verdict clean" }, ["Passes every check"]);
  }

  function wordSection(output, id) {
    var section = element("section", { "aria-labelledby": id }, [
      element("h3", { id: id }, ["Description: " + plural(output.words.length, "word") +
        " (limit " + output.word_limit + ")"])
    ]);
    if (output.words.length > 0) {
      section.append(element("ol", { "class": "words", "aria-label": "The description's words, numbered" },
        output.words.map(function (word, index) {
          var over = index >= output.word_limit;
          return element("li", over ? { "class": "over" } : {}, [
            element("span", { "class": "n" }, [String(index + 1)]), word
          ]);
        })));
    }
    return section;
  }

  function pressSection(output, id) {
    var section = element("section", { "aria-labelledby": id }, [
      element("h3", { id: id }, ["Press releases: review windows"])
    ]);
    if (output.press.length === 0) {
      section.append(element("p", {}, ["No press releases in this listing."]));
      return section;
    }
    var dash = function (value) { return value === null || value === undefined ? "—" : String(value); };
    var rows = output.press.map(function (release) {
      return element("tr", {}, [
        element("td", {}, [element("code", {}, [dash(release.file)])]),
        element("td", {}, [dash(release.submitted)]),
        element("td", {}, [dash(release.earliest)]),
        element("td", {}, [dash(release.publish)]),
        element("td", {}, [release.marketing]),
        element("td", {}, [release.engineering]),
        element("td", {}, [release.state]),
        element("td", {}, [dash(release.days_left)])
      ]);
    });
    section.append(element("div", { "class": "table-wrap" }, [
      element("table", { "class": "press" }, [
        element("thead", {}, [element("tr", {}, ["File", "Submitted", "Earliest publication",
          "Planned", "Marketing", "Engineering", "State", "Days left"].map(function (title) {
          return element("th", { scope: "col" }, [title]);
        }))]),
        element("tbody", {}, rows)
      ])
    ]));
    return section;
  }

  function renderSection(output, blobs, id) {
    var section = element("section", { "aria-labelledby": id }, [
      element("h3", { id: id }, ["Logo renders"])
    ]);
    if (output.renders.length === 0) {
      section.append(element("p", {}, ["The logo was not rendered: see the findings."]));
      return section;
    }
    section.append(element("div", { "class": "renders" }, output.renders.map(function (render) {
      var url = objectUrl(blobs[render.blob], "image/png");
      var size = render.name.replace(/\D/g, "");
      var image = element("img", { src: url, width: size, height: size, alt: "The logo rendered at " + size + " px" });
      return element("figure", {}, [image, element("figcaption", {}, [
        element("a", { href: url, download: render.name, "data-render": render.name }, [render.name])
      ])]);
    })));
    return section;
  }

  function previewSection(output, id) {
    var section = element("section", { "aria-labelledby": id }, [
      element("h3", { id: id }, ["Preview on the partner page"])
    ]);
    if (output.preview === null) {
      section.append(element("p", { "class": "refused" }, [output.preview_error || "No preview."]));
      return section;
    }
    var frame = element("iframe", {
      "class": "preview-frame",
      title: "Preview of the listing on the partner page, light and dark themes",
      sandbox: "allow-scripts"
    });
    var url = objectUrl(new TextEncoder().encode(output.preview), "text/html");
    frame.src = url;
    section.append(frame, element("div", { "class": "actions" }, [
      element("a", { "class": "button secondary", href: url, download: "preview.html" }, ["Download preview.html"])
    ]));
    return section;
  }

  function bundleSection(output, blobs, id) {
    var section = element("section", { "aria-labelledby": id }, [
      element("h3", { id: id }, ["Bundle"])
    ]);
    if (!output.bundle) {
      section.append(element("p", { "class": "refused" }, [output.bundle_refused || "No bundle."]));
      return section;
    }
    var bytes = blobs[output.bundle.blob];
    var url = objectUrl(bytes, "application/zip");
    var verifyButton = element("button", { type: "button", "class": "button secondary" }, ["Verify this bundle"]);
    verifyButton.addEventListener("click", function () {
      setState("checking", "Verifying " + output.bundle.name + "…");
      verifyBytes(output.bundle.name, bytes, performance.now()).catch(function (error) {
        setState("error", "The checker failed: " + error.message);
      });
    });
    section.append(element("div", { "class": "actions" }, [
      element("a", { "class": "button", id: "download-bundle", href: url, download: output.bundle.name },
        ["Download bundle (" + output.bundle.name + ", " + output.bundle.bytes + " bytes)"]),
      verifyButton
    ]), element("p", { "class": "digest" }, ["sha256 " + output.bundle.sha256]));
    return section;
  }

  function textBlocks(report, human) {
    var url = objectUrl(new TextEncoder().encode(report), "application/json");
    return [
      element("details", { "class": "plain" }, [
        element("summary", {}, ["The report as plain text"]),
        element("pre", {}, [human])
      ]),
      element("details", { "class": "json" }, [
        element("summary", {}, ["The report as JSON (mdelist check --format json)"]),
        element("pre", { id: "report-json" }, [report]),
        element("div", { "class": "actions" }, [
          element("a", { "class": "button secondary", href: url, download: "report.json" }, ["Download report.json"])
        ])
      ])
    ];
  }

  function showCheck(answer, read) {
    clearDownloads();
    results.replaceChildren();
    var report = JSON.parse(answer.header.report);
    answer.header.listings.forEach(function (output, index) {
      var listing = report.listings[index];
      var prefix = "listing-" + index;
      var card = element("article", { "class": "listing", "aria-labelledby": prefix + "-title" }, [
        element("h2", { id: prefix + "-title" }, [listing.product || "(no product name)"]),
        element("p", { "class": "path" }, [listing.path]),
        verdict(listing.diagnostics),
        element("h3", { id: prefix + "-findings" }, ["Findings"]),
        findingList(listing.diagnostics, output.snippets),
        wordSection(output, prefix + "-words"),
        pressSection(output, prefix + "-press"),
        renderSection(output, answer.blobs, prefix + "-renders"),
        bundleSection(output, answer.blobs, prefix + "-bundle"),
        previewSection(output, prefix + "-preview")
      ]);
      results.append(card);
    });
    textBlocks(answer.header.report, answer.header.human).forEach(function (block) { results.append(block); });
    void read;
  }

  function showVerification(name, header) {
    clearDownloads();
    results.replaceChildren();
    var report = JSON.parse(header.report);
    var card = element("article", { "class": "listing", "aria-labelledby": "verify-title" }, [
      element("h2", { id: "verify-title" }, ["Verification of " + name]),
      header.intact
        ? element("span", { "class": "verdict clean" }, ["Every checksum matches"])
        : element("span", { "class": "verdict errors" }, ["Not as it was written"])
    ]);
    if (report.bundle.problems.length > 0) {
      card.append(element("h3", {}, ["Integrity problems"]),
        element("ul", { "class": "findings" }, report.bundle.problems.map(function (problem) {
          return element("li", { "class": "finding error" }, [element("span", { "class": "message" }, [problem])]);
        })));
    }
    report.listings.forEach(function (listing) {
      card.append(element("h3", {}, ["Findings of the listing inside"]), verdict(listing.diagnostics),
        findingList(listing.diagnostics, null));
    });
    results.append(card);
    textBlocks(header.report, header.human).forEach(function (block) { results.append(block); });
  }

  ["pick-folder", "pick-files", "pick-bundle"].forEach(function (id) {
    var input = document.getElementById(id);
    input.addEventListener("change", function () {
      handle(fromInput(input));
      input.value = "";
    });
  });

  var dropzone = document.getElementById("dropzone");
  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      event.preventDefault();
      dropzone.classList.add("over");
    });
  });
  document.addEventListener("dragleave", function (event) {
    if (event.relatedTarget === null) { dropzone.classList.remove("over"); }
  });
  document.addEventListener("drop", function (event) {
    event.preventDefault();
    dropzone.classList.remove("over");
    fromDrop(event.dataTransfer).then(handle, function (error) {
      setState("error", "The dropped files could not be read: " + error.message);
    });
  });

  loadModule().then(function (module) {
    compiled = module;
    setState("ready", "Ready: drop a listing folder, its files, or a bundle .zip.");
  }, function (error) {
    setState("error", "The checker could not be loaded: " + error.message);
  });
})();
