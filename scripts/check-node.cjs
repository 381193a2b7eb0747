// Runs before `npm run dev`, `build`, `start` and `cli` (see package.json). On an older Node the
// app would start and then fail somewhere deep inside a dependency; this stops it with one line.
// Plain CommonJS with no newer syntax, so any Node that can run npm can parse it.
"use strict";

const path = require("node:path");

/** The lowest version the "engines.node" range (">=MAJOR.MINOR[.PATCH]") accepts. */
function minimumFrom(range) {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(range).trim());
  if (!match) throw new Error(`check-node: unsupported engines.node range "${range}"`);
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

function isAtLeast(version, minimum) {
  const parts = String(version).split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const have = parts[i] || 0;
    if (have !== minimum[i]) return have > minimum[i];
  }
  return true;
}

/** The one line to print, or null when this Node is new enough. */
function nodeProblem(version, range) {
  if (isAtLeast(version, minimumFrom(range))) return null;
  return `IntelliStack Tutor needs Node.js ${range} (24 LTS recommended); this is Node ${version}. Install a newer Node (for example \`nvm install 24\`) and run the command again.`;
}

module.exports = { nodeProblem };

if (require.main === module) {
  const { engines } = require(path.join(__dirname, "..", "package.json"));
  const problem = nodeProblem(process.versions.node, engines.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
