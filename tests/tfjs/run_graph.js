// Runs a TF.js graph model on raw input tensors and writes the named outputs as raw float32.
// Usage: node run_graph.js MODEL.json OUT_DIR INPUT_NODE DTYPE SHAPE(comma) IN1.bin[,IN2.bin...] OUTPUT_NODE...
// For input i writes OUT_DIR/<i>-<k>.bin (output k, float32, row-major) and OUT_DIR/outputs.json
// ([[{name, shape}] per input]). One process for several inputs: TF.js starts once.
// The parity test (tests/core/TfjsParityTest.cpp) drives it as a child process.
'use strict';
const fs = require('fs');
const path = require('path');
const { tf, useBackend, loadModel } = require('./tfjsModel');

async function main() {
  const [modelJson, outDir, inputNode, dtype, shapeText, inputFile, ...outputs] = process.argv.slice(2);
  if (!outputs.length) throw new Error('usage: run_graph.js MODEL OUT_DIR INPUT_NODE DTYPE SHAPE INPUT.bin OUTPUT...');
  await useBackend('cpu');
  const model = await loadModel(modelJson);
  const shape = shapeText.split(',').map(Number);
  const manifest = [];
  fs.mkdirSync(outDir, { recursive: true });
  inputFile.split(',').forEach((file, i) => {
    const raw = fs.readFileSync(file);
    const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
    const values = dtype === 'int32' ? new Int32Array(buf) : new Float32Array(buf);
    const input = tf.tensor(values, shape, dtype);
    const results = model.execute({ [inputNode]: input }, outputs);
    const list = Array.isArray(results) ? results : [results];
    manifest.push(list.map((t, k) => {
      const data = Float32Array.from(t.dataSync());
      fs.writeFileSync(path.join(outDir, `${i}-${k}.bin`), Buffer.from(data.buffer));
      return { name: outputs[k], shape: t.shape };
    }));
  });
  fs.writeFileSync(path.join(outDir, 'outputs.json'), JSON.stringify(manifest));
}

main().catch((e) => { console.error(`run_graph.js: ${e.message}`); process.exit(1); });
