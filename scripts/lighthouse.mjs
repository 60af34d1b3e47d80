// Runs Lighthouse on several addresses, one after another, in one headless
// Chromium, and prints their reports (Lighthouse's JSON results, in the order of
// the addresses) as one JSON array:
//
//   CHROME_PATH=/usr/bin/chromium CHROME_FLAGS='["--headless=new", ...]' \
//     node scripts/lighthouse.mjs CATEGORIES URL...
//
// CATEGORIES is a comma-separated list (e.g. "seo"). Chromium is started as
// Lighthouse's own command starts it (chrome-launcher, Lighthouse's dependency,
// with its default flags and CHROME_FLAGS), and each address gets the run that
// command gives with --port: a new tab, with the origin's storage and the
// browser's cache cleared first. One node process and one browser for all the
// addresses spare a start of each for every address.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [categories, ...urls] = process.argv.slice(2);
if (!categories || urls.length === 0) {
  console.error("usage: node scripts/lighthouse.mjs CATEGORIES URL...");
  process.exit(2);
}
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: JSON.parse(process.env.CHROME_FLAGS || "[]"),
  logLevel: "error",
});
let status = 0;
try {
  const reports = [];
  for (const url of urls) {
    const result = await lighthouse(url, {
      port: chrome.port,
      onlyCategories: categories.split(","),
      logLevel: "error",
    });
    if (!result) {
      throw new Error(`Lighthouse gave no result for ${url}.`);
    }
    reports.push(result.lhr);
  }
  // Written in full before node exits: process.exit() would cut a long write to a pipe.
  await new Promise((resolve) => process.stdout.write(JSON.stringify(reports), resolve));
} catch (error) {
  console.error(error);
  status = 1;
} finally {
  await chrome.kill();
}
process.exit(status);
