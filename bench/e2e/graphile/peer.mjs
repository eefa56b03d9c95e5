// Benchmark 9's peer: graphile-worker on the same PostgreSQL running JOBS jobs whose body
// spawns `sh -c true`, CONCURRENCY at once, enqueued by 4 clients as fast as they go.
// Prints one JSON line: jobs finished/s, submitted/s, enqueue→finish p50/p99 in ms.
//   DATABASE_URL=postgres://... JOBS=5000 CONCURRENCY=8 node peer.mjs
import { spawn } from "node:child_process";
import { run, makeWorkerUtils } from "graphile-worker";

const connectionString = process.env.DATABASE_URL;
const jobs = Number(process.env.JOBS || 5000);
const concurrency = Number(process.env.CONCURRENCY || 8);
const now = () => performance.timeOrigin + performance.now();

const latencies = [];
let firstEnqueue = Infinity;
let lastFinish = 0;
let finished;
const allDone = new Promise((resolve) => (finished = resolve));

function spawnTrue() {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", "true"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
}

const taskList = {
  one: async (payload) => {
    await spawnTrue();
    const t = now();
    lastFinish = Math.max(lastFinish, t);
    latencies.push(t - payload.t);
    if (latencies.length === jobs) finished();
  },
};

const utils = await makeWorkerUtils({ connectionString });
await utils.migrate();
const runner = await run({ connectionString, concurrency, noHandleSignals: true, pollInterval: 1000, taskList,
                           logger: undefined, maxPoolSize: concurrency + 4 });
let next = 0;
const submitStart = now();
async function client() {
  while (next < jobs) {
    next++;
    const t = now();
    firstEnqueue = Math.min(firstEnqueue, t);
    await utils.addJob("one", { t });
  }
}
await Promise.all([client(), client(), client(), client()]);
const submitSeconds = (now() - submitStart) / 1000;
await allDone;
await runner.stop();
await utils.release();
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.round((p / 100) * (latencies.length - 1)))];
console.log(JSON.stringify({
  jobs,
  submitted_per_s: jobs / submitSeconds,
  finished_per_s: jobs / ((lastFinish - firstEnqueue) / 1000),
  p50_ms: pct(50),
  p99_ms: pct(99),
}));
process.exit(0);
