// Runs a TF.js graph model with TensorFlow.js itself (pure JS CPU backend), as the reference the
// converted ONNX model is compared with.
// Usage: node tfjs-reference.js MODEL_JSON INPUT_F32 SHAPE(comma separated) OUT_DIR
// Writes OUT_DIR/outputs.json ([{name, shape, file}]) and one little-endian float32 file per output.
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const [modelJson, inputFile, shapeText, outDir] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const model = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const dir = path.dirname(modelJson);
  const weightSpecs = [];
  const shards = [];
  for (const group of model.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) shards.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const graph = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs, weightData, signature: model.signature }));
  const raw = fs.readFileSync(inputFile);
  const input = tf.tensor(new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4), shapeText.split(',').map(Number));
  const names = graph.outputs.map((o) => o.name);
  let outputs = await graph.executeAsync(input, names);
  if (!Array.isArray(outputs)) outputs = [outputs];
  fs.mkdirSync(outDir, { recursive: true });
  const index = [];
  outputs.forEach((t, i) => {
    const name = names[i].replace(/:0$/, '');
    const file = name.replace(/[^A-Za-z0-9_.-]/g, '_') + '.f32';
    fs.writeFileSync(path.join(outDir, file), Buffer.from(t.dataSync().buffer));
    index.push({ name, shape: t.shape, file });
  });
  fs.writeFileSync(path.join(outDir, 'outputs.json'), JSON.stringify(index));
}

main().catch((e) => { console.error(e); process.exit(1); });
