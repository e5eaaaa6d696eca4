// Loads a TF.js graph model from disk (model.json + shards) with the pinned TF.js packages,
// on the CPU or WASM backend, without network or tfjs-node.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs-core');
const converter = require('@tensorflow/tfjs-converter');
require('@tensorflow/tfjs-backend-cpu');

async function useBackend(name) {
  if (name === 'wasm') {
    require('@tensorflow/tfjs-backend-wasm');
  }
  await tf.setBackend(name);
  await tf.ready();
  return tf.getBackend();
}

async function loadModel(modelJson) {
  const model = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const specs = [];
  const buffers = [];
  for (const group of model.weightsManifest) {
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(path.dirname(modelJson), p)));
    specs.push(...group.weights);
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const handler = tf.io.fromMemory({
    modelTopology: model.modelTopology, weightSpecs: specs, weightData,
    format: model.format, generatedBy: model.generatedBy, convertedBy: model.convertedBy,
    signature: model.signature,
  });
  return converter.loadGraphModel(handler);
}

module.exports = { tf, useBackend, loadModel };
