// TF.js peer of bench/estimator_bench.cpp: median latency of one MoveNet network pass.
// Usage: node bench_movenet.js MODEL.json SIZE RUNS BACKEND(wasm|cpu) [THREADS]
'use strict';
const { tf, useBackend, loadModel } = require('./tfjsModel');

async function main() {
  const [modelJson, sizeText, runsText, backend = 'wasm', threadsText = '2'] = process.argv.slice(2);
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(Number(threadsText));
  }
  const used = await useBackend(backend);
  const model = await loadModel(modelJson);
  const size = Number(sizeText);
  const input = tf.randomUniform([1, size, size, 3], 0, 255, 'int32');
  const once = () => { const out = model.execute({ input }, 'Identity'); out.dataSync(); out.dispose(); };
  for (let i = 0; i < 3; ++i) once();
  const ms = [];
  for (let i = 0; i < Number(runsText); ++i) {
    const t0 = process.hrtime.bigint();
    once();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const threads = backend === 'wasm' ? require('@tensorflow/tfjs-backend-wasm').getThreadsCount() : 1;
  console.log(JSON.stringify({ backend: used, threads, medianMs: ms[Math.floor(ms.length / 2)] }));
}

main().catch((e) => { console.error(`bench_movenet.js: ${e.message}`); process.exit(1); });
