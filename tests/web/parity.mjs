// Drives the browser edition in Debian's Chromium for tests/integration/web.rs, which compares
// what this writes with the command-line tool's own outputs.
//
//   node parity.mjs JOB.json
//
// JOB: { page, out, cases: [{ name, input: "folder" | "files" | "bundle", paths: [...],
//        today, sourceDateEpoch, hostile }], screenshots: { listing, desktop, mobile } }
// Writes, under out/NAME/: report.json (the page's JSON report), the downloaded renders and
// bundle, verify.json (the page's verification of its own bundle), state.json; and out/run.json
// with every request the page made, every console error and page error.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const pageUrl = pathToFileURL(job.page).href;
mkdirSync(job.out, { recursive: true });
const requests = [];
const problems = [];

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "mdelist-chromium-")), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    // The preview frame is a sandboxed (opaque-origin) document, which Chromium would put in a
    // process of its own; full-page screenshots leave such frames blank.
    "--disable-features=IsolateOrigins,site-per-process",
  ],
});
browser.on("request", (request) => requests.push(request.url()));
browser.on("weberror", (error) => problems.push("page error: " + error.error().message));

async function openPage(viewport) {
  const page = await browser.newPage();
  if (viewport) { await page.setViewportSize(viewport); }
  page.on("console", (message) => {
    if (message.type() === "error") { problems.push("console: " + message.text()); }
  });
  page.on("worker", (worker) => {
    worker.on("console", (message) => {
      if (message.type() === "error") { problems.push("worker console: " + message.text()); }
    });
  });
  await page.goto(pageUrl);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
  return page;
}

// Runs `act` and waits for the run it starts to finish (the page counts finished runs).
async function settled(page, act) {
  const before = await page.evaluate(() => Number(document.body.dataset.finished || "0"));
  await act();
  await page.waitForFunction((count) => Number(document.body.dataset.finished || "0") > count,
    before, { timeout: 120_000 });
  return page.evaluate(() => ({
    state: document.body.dataset.state,
    status: document.getElementById("status").textContent,
    checkMs: Number(document.body.dataset.checkMs || "NaN"),
  }));
}

// The preview frame's own record of its logo images (templates/preview.js): "loaded",
// "broken" or "none"; null when the page shows no preview.
async function previewLogos(page) {
  if (await page.locator("iframe.preview-frame").count() === 0) { return null; }
  const body = page.frameLocator("iframe.preview-frame").locator('body:not([data-logos="pending"])');
  await body.waitFor();
  return body.getAttribute("data-logos");
}

async function save(page, locator, file) {
  const [download] = await Promise.all([page.waitForEvent("download"), locator.click()]);
  await download.saveAs(file);
  return download.suggestedFilename();
}

async function runCase(page, spec) {
  const out = join(job.out, spec.name);
  mkdirSync(out, { recursive: true });
  const state = { name: spec.name };
  await page.evaluate((budget) => {
    location.hash = budget === null || budget === undefined ? "" : "render-budget-ms=" + budget;
  }, spec.renderBudgetMs);
  await page.fill("#review-date", spec.today);
  await page.fill("#source-date-epoch", spec.sourceDateEpoch ?? "");
  const input = { folder: "#pick-folder", files: "#pick-files", bundle: "#pick-bundle" }[spec.input];
  const picked = settled(page, () => page.setInputFiles(input, spec.input === "folder" ? spec.paths[0] : spec.paths));
  if (spec.hostile) {
    // The worker is rendering the logo: the page's own thread must still answer and take
    // keyboard input while it does.
    await page.waitForSelector('body[data-state="checking"]');
    state.whileChecking = await page.evaluate(() => document.body.dataset.state);
    await page.focus("#source-date-epoch");
    await page.keyboard.type("42");
    state.typedWhileChecking = await page.inputValue("#source-date-epoch");
    state.statusWhileChecking = await page.evaluate(() => document.body.dataset.state);
  }
  Object.assign(state, await picked);
  if (spec.input === "bundle") {
    writeFileSync(join(out, "verify.json"), await page.textContent("#report-json"));
    writeFileSync(join(out, "state.json"), JSON.stringify(state, null, 2));
    return;
  }
  if (state.state !== "done") {
    writeFileSync(join(out, "state.json"), JSON.stringify(state, null, 2));
    return;
  }
  writeFileSync(join(out, "report.json"), await page.textContent("#report-json"));
  state.findings = await page.$$eval("li.finding", (items) => items.map((item) => ({
    code: item.dataset.code,
    snippet: item.querySelector("pre") ? item.querySelector("pre").textContent : null,
  })));
  state.words = await page.$$eval("ol.words li", (items) => items.map((item) => item.textContent));
  state.press = await page.$$eval("table.press tbody tr", (rows) => rows.map((row) =>
    Array.from(row.cells).map((cell) => cell.textContent)));
  state.previewLogos = await previewLogos(page);
  state.renders = [];
  for (const link of await page.locator("a[data-render]").all()) {
    const name = await link.getAttribute("data-render");
    await save(page, link, join(out, name));
    state.renders.push(name);
  }
  const bundle = page.locator("#download-bundle");
  if (await bundle.count() > 0) {
    state.bundle = await save(page, bundle, join(out, "bundle.zip"));
    state.verify = await settled(page, () => page.getByRole("button", { name: "Verify this bundle" }).click());
    writeFileSync(join(out, "verify.json"), await page.textContent("#report-json"));
  }
  writeFileSync(join(out, "state.json"), JSON.stringify(state, null, 2));
}

const page = await openPage();
for (const spec of job.cases) {
  await runCase(page, spec);
}
await page.close();

if (job.screenshots) {
  for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["mobile", { width: 390, height: 844 }]]) {
    const shot = await openPage(viewport);
    await shot.fill("#review-date", job.screenshots.today);
    await settled(shot, () => shot.setInputFiles("#pick-folder", job.screenshots.listing));
    await previewLogos(shot);
    const widths = await shot.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    writeFileSync(join(job.out, name + "-width.json"), JSON.stringify(widths));
    // The whole page in one viewport (a full-page capture leaves the preview frame blank).
    const height = await shot.evaluate(() => document.documentElement.scrollHeight);
    await shot.setViewportSize({ width: viewport.width, height });
    await previewLogos(shot);
    await shot.screenshot({ path: job.screenshots[name] });
    await shot.close();
  }
}

await browser.close();
writeFileSync(join(job.out, "run.json"), JSON.stringify({ page: pageUrl, requests, problems }, null, 2));
