// Opens a page in Debian's chromium at a given viewport width, waits until the page's own
// script has seen every logo load, and prints what a person would notice as JSON: whether
// anything is wider than the window, where the theme panels sit, and the page's height. Also
// takes a full-page screenshot. Used by tests/integration/browser.rs.
//
//   node viewport.mjs CHROMIUM PAGE.html WIDTH SCREENSHOT.png
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [executablePath, page, width, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({
    viewport: { width: Number(width), height: 800 },
    deviceScaleFactor: 1,
  });
  const tab = await context.newPage();
  const requests = [];
  tab.on("request", (request) => {
    if (!request.url().startsWith("data:") && !request.url().startsWith("file:")) {
      requests.push(request.url());
    }
  });
  await tab.goto(pathToFileURL(page).href);
  await tab.waitForSelector("body:not([data-logos=pending])", { state: "attached" });
  const facts = await tab.evaluate(() => {
    const viewport = window.innerWidth;
    const box = (element) => {
      const rect = element.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
    };
    // Elements whose box reaches past the right edge of the window.
    const overflowing = Array.from(document.querySelectorAll("body *"))
      .filter((element) => element.getBoundingClientRect().right > viewport + 0.5)
      .map((element) => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
    const description = document.querySelector(".partners tbody tr td:nth-child(3)");
    return {
      viewport,
      scrollWidth: document.documentElement.scrollWidth,
      overflowing,
      logos: document.body.getAttribute("data-logos"),
      light: box(document.querySelector(".theme.light")),
      dark: box(document.querySelector(".theme.dark")),
      descriptionWidth: description ? description.getBoundingClientRect().width : 0,
      height: document.documentElement.scrollHeight,
    };
  });
  await tab.screenshot({ path: screenshot, fullPage: true });
  facts.requests = requests;
  process.stdout.write(JSON.stringify(facts) + "\n");
} finally {
  await browser.close();
}
