// Grades one address of a running site with the MDN HTTP Observatory's own
// retriever, tests and scoring (@mdn/mdn-http-observatory, a dev dependency), and
// prints the result as JSON: {grade, score, tests: {name: {result, pass, score}}}.
//
//   node scripts/observatory.mjs HOST HTTP_PORT HTTPS_PORT PATH
//
// The package's own command (mdn-http-observatory-scan HOST) scans only the
// standard ports 80 and 443 and the root path, and trusts only Mozilla's
// certificate authorities; its retriever takes ports and a path as options, so
// this runs the same steps (src/scanner/index.js) with them. A self-signed
// certificate is trusted by naming it in NODE_EXTRA_CA_CERTS; without that, the
// scan still runs but HSTS and the redirection count as failed (invalid cert).
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// The HSTS preload list (conf/hsts-preload.json) is downloaded from Chromium's
// sources by the package's install script, which `npm ci --ignore-scripts` does
// not run and which could not reach the network here anyway. No preload list
// names a loopback or test host, so an empty one gives the same grade. (Read
// when the first test runs, not when the modules load.)
const packageDir = path.dirname(
  createRequire(import.meta.url).resolve("@mdn/mdn-http-observatory/package.json"),
);
const preloadList = path.join(packageDir, "conf", "hsts-preload.json");
if (!existsSync(preloadList)) {
  writeFileSync(preloadList, "{}\n");
}


import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import { ALL_TESTS } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import {
  getGradeForScore,
  getScoreModifier,
} from "@mdn/mdn-http-observatory/src/grader/grader.js";

const [hostname, httpPort, httpsPort, address = "/"] = process.argv.slice(2);
if (!hostname || !httpPort || !httpsPort) {
  console.error("usage: node scripts/observatory.mjs HOST HTTP_PORT HTTPS_PORT [PATH]");
  process.exit(2);
}

const requests = await retrieve(hostname, { httpPort, httpsPort, path: address });
const answer = requests.responses.auto;
if (!answer) {
  console.log(JSON.stringify({ error: "The site could not be reached." }));
  process.exit(1);
}
if (answer.status < 200 || (answer.status >= 400 && ![401, 403].includes(answer.status))) {
  console.log(JSON.stringify({ error: `The site answered ${answer.status}.` }));
  process.exit(1);
}

// As the scanner does: every test adds its modifier; bonuses count only when the
// score without them is already an A.
let withBonuses = 100;
let withoutBonuses = 100;
const tests = {};
for (const test of ALL_TESTS) {
  const output = test(requests);
  if (!output.result) {
    continue;
  }
  const modifier = getScoreModifier(output.result);
  withBonuses += modifier;
  if (modifier < 0) {
    withoutBonuses += modifier;
  }
  tests[output.constructor.name] = {
    result: output.result,
    pass: output.pass,
    score: modifier,
  };
}
const score =
  withoutBonuses >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withBonuses : withoutBonuses;
const { grade, score: graded } = getGradeForScore(score);
console.log(JSON.stringify({ grade, score: graded, status: answer.status, tests }, null, 2));
