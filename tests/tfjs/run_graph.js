// Runs a TF.js graph model on raw input tensors and writes the named outputs as raw float32.
// Usage: node run_graph.js MODEL.json OUT_DIR INPUT_NODE DTYPE SHAPE(comma) INPUT.bin OUTPUT_NODE...
// Writes OUT_DIR/<k>.bin (float32, row-major) and OUT_DIR/outputs.json ([{name, shape}]).
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
  const raw = fs.readFileSync(inputFile);
  const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
  const values = dtype === 'int32' ? new Int32Array(buf) : new Float32Array(buf);
  const input = tf.tensor(values, shape, dtype);
  const results = model.execute({ [inputNode]: input }, outputs);
  const list = Array.isArray(results) ? results : [results];
  const manifest = [];
  fs.mkdirSync(outDir, { recursive: true });
  list.forEach((t, k) => {
    const data = Float32Array.from(t.dataSync());
    fs.writeFileSync(path.join(outDir, `${k}.bin`), Buffer.from(data.buffer));
    manifest.push({ name: outputs[k], shape: t.shape });
  });
  fs.writeFileSync(path.join(outDir, 'outputs.json'), JSON.stringify(manifest));
}

main().catch((e) => { console.error(`run_graph.js: ${e.message}`); process.exit(1); });
