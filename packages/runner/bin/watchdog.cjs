#!/usr/bin/env node
// trtforge's tool watchdog: `node watchdog.cjs <marker>`, started by src/process/watchdog.ts (one per
// trtforge process). Plain CommonJS outside src/: it runs the same whether trtforge runs from dist/
// or from src/ under the test runner.
//
// Its stdin is a pipe whose only writer is the trtforge process that started it. trtforge sends
// one JSON line per tool process group it starts ({"watch":pgid,"remove":argv?,"env":{}}) and per
// group that ended ({"unwatch":pgid}). End of file means trtforge is gone — however it died,
// SIGKILL included, the kernel closes the pipe — and then the watchdog kills every group still
// watched, removes their containers, kills every process carrying the marker `TRTFORGE_OWNER=<marker>`
// in its environment (tool descendants that left the group), and exits.

'use strict';
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const marker = 'TRTFORGE_OWNER=' + process.argv[2];
const groups = new Map();

function kill(pid) {
  try { process.kill(pid, 'SIGKILL'); } catch {}
}

function marked() {
  let names = [];
  try { names = fs.readdirSync('/proc'); } catch { return []; }
  const found = [];
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let environ;
    try { environ = fs.readFileSync('/proc/' + name + '/environ', 'latin1'); } catch { continue; }
    if (environ.split('\0').includes(marker)) found.push(Number(name));
  }
  return found;
}

function cleanUp() {
  for (const [pgid, group] of groups) {
    kill(-pgid);
    kill(pgid);
    if (group.remove) spawnSync(group.remove[0], group.remove.slice(1), { env: group.env, stdio: 'ignore', timeout: 30000 });
  }
  // A process forked while we scan carries the marker too: scan until none is left.
  for (let round = 0; round < 10; round++) {
    const pids = marked();
    if (pids.length === 0) break;
    for (const pid of pids) kill(pid);
  }
  process.exit(0);
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    let message;
    try { message = JSON.parse(line); } catch { continue; }
    if (message.watch) groups.set(message.watch, { remove: message.remove, env: message.env });
    else if (message.unwatch) groups.delete(message.unwatch);
  }
});
process.stdin.on('end', cleanUp);
process.stdin.on('error', cleanUp);
