// pairviz serve: the page. The server sends numbers once per pair (both maps and the token matrix S);
// everything drawn here (overlays, the patch a pointer rests on and what it matches) is computed in
// the browser, so hovering needs no request.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  info: null,
  inputs: { a: null, b: null },   // {file, url, name} or {id, url, name}
  images: { a: null, b: null },   // HTMLImageElement, loaded
  result: null,                   // the last /api/explain answer
  retrieval: null,
  classmap: null,
  requestId: 0,
};

function setStatus(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.className = 'status' + (kind ? ' ' + kind : '');
}

function flat(grid) { return grid.flat(); }

/** Min-max scaled copy of a map (all zeros when flat). */
function minMax(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const span = hi - lo;
  return values.map((v) => (span > 0 ? (v - lo) / span : 0));
}

/** Draws the image stretched to the canvas (as the network sees it), then the map over it. */
function draw(canvas, img, map, rows, cols, highlight) {
  const g = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  g.clearRect(0, 0, w, h);
  if (img) g.drawImage(img, 0, 0, w, h);
  if (map) {
    const table = state.info.colormaps[$('colormap').value];
    const unit = minMax(map);
    const off = document.createElement('canvas');
    off.width = cols; off.height = rows;
    const og = off.getContext('2d');
    const px = og.createImageData(cols, rows);
    unit.forEach((u, i) => {
      const c = table[Math.max(0, Math.min(255, Math.round(u * 255)))];
      px.data[4 * i] = (c >> 16) & 255; px.data[4 * i + 1] = (c >> 8) & 255; px.data[4 * i + 2] = c & 255;
      px.data[4 * i + 3] = 255;
    });
    og.putImageData(px, 0, 0);
    g.save();
    g.globalAlpha = img ? Number($('opacity').value) : 1;
    g.imageSmoothingEnabled = true;
    g.imageSmoothingQuality = 'high';
    // cell centres line up with the image's patches, as bilinear upsampling of the grid does
    g.drawImage(off, 0, 0, w, h);
    g.restore();
  }
  if (highlight) {
    for (const [patch, colour] of highlight) {
      const r = Math.floor(patch / cols), c = patch % cols;
      g.strokeStyle = colour; g.lineWidth = 3;
      g.strokeRect(c * w / cols + 1.5, r * h / rows + 1.5, w / cols - 3, h / rows - 3);
    }
  }
}

function other(side) { return side === 'a' ? 'b' : 'a'; }

function gridOf(side) { return state.result[side === 'a' ? 'grid_a' : 'grid_b']; }

/** Draws both sides: maps, and the plain images (or the match view while hovering). */
function redraw() {
  for (const side of ['a', 'b']) {
    const img = state.images[side];
    $('image-' + side).dataset.view = 'image';
    draw($('image-' + side), img, null, 1, 1, null);
    if (state.result && img) {
      const [rows, cols] = gridOf(side);
      draw($('map-' + side), img, flat(state.result[side].map), rows, cols, null);
    } else {
      draw($('map-' + side), img, null, 1, 1, null);
    }
  }
  if (state.classmap && state.images.a) drawClassMap();
  if (state.retrieval) renderMatches();
}

/** The patch under the pointer, or -1. */
function patchAt(event, canvas, rows, cols) {
  const box = canvas.getBoundingClientRect();
  const x = (event.clientX - box.left) / box.width, y = (event.clientY - box.top) / box.height;
  if (x < 0 || x >= 1 || y < 0 || y >= 1) return -1;
  return Math.floor(y * rows) * cols + Math.floor(x * cols);
}

/** What patch {@code n} of {@code side} matches over the other image: its row (A) or column (B) of S. */
function matchRow(side, n) {
  const S = state.result.S;
  if (side === 'a') return S[n].slice();
  return S.map((row) => row[n]);
}

function hover(side, event) {
  if (!state.result || !state.images.a || !state.images.b) return;
  const [rows, cols] = gridOf(side);
  const n = patchAt(event, event.currentTarget, rows, cols);
  if (n < 0) { leave(); return; }
  const o = other(side);
  const [orows, ocols] = gridOf(o);
  const row = matchRow(side, n);
  let best = 0;
  row.forEach((v, i) => { if (v > row[best]) best = i; });
  const here = $('image-' + side), there = $('image-' + o);
  here.dataset.hover = String(n);
  there.dataset.match = String(best);
  there.dataset.view = 'match';
  draw(here, state.images[side], null, rows, cols, [[n, '#ffffff']]);
  draw(there, state.images[o], row, orows, ocols, [[best, '#ffffff']]);
  const r = Math.floor(n / cols), c = n % cols, br = Math.floor(best / ocols), bc = best % ocols;
  $('hover-info').textContent = `patch (${r}, ${c}) of ${side.toUpperCase()} matches best patch (${br}, ${bc}) of `
      + `${o.toUpperCase()}: S = ${row[best].toExponential(2)}; its row of S sums to `
      + `${row.reduce((s, v) => s + v, 0).toFixed(4)}`;
}

function leave() {
  for (const side of ['a', 'b']) {
    delete $('image-' + side).dataset.hover;
    delete $('image-' + side).dataset.match;
  }
  redraw();
}

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the browser cannot show this image'));
    img.src = url;
  });
}

async function setInput(side, input) {
  const previous = state.inputs[side];
  if (previous && previous.file) URL.revokeObjectURL(previous.url);
  state.inputs[side] = input;
  state.result = null;
  $('name-' + side).textContent = input.name;
  $('download-json').disabled = true;
  document.querySelectorAll('.save[data-canvas^="map-"]').forEach((b) => { b.disabled = true; });
  try {
    state.images[side] = await loadImage(input.url);
  } catch (e) {
    state.images[side] = null;
  }
  if (side === 'a') { state.classmap = null; state.retrieval = null; $('matches').textContent = ''; }
  redraw();
  updateButtons();
  explain();
}

function fileInput(side, file) {
  if (!file) return;
  setInput(side, { file, name: file.name, url: URL.createObjectURL(file) });
}

function galleryInput(side, id) {
  if (!id) return;
  setInput(side, { id, name: id, url: '/api/gallery/image?id=' + encodeURIComponent(id) });
}

function appendImage(form, field, input) {
  if (input.file) form.append(field, input.file, input.file.name);
  else form.append(field + '_id', input.id);
}

function appendOptions(form) {
  form.append('mode', $('mode').value);
  form.append('head_fusion', $('fusion').value);
  form.append('start_layer', $('start').value || '0');
}

async function post(path, form) {
  const res = await fetch(path, { method: 'POST', body: form });
  let body;
  try { body = await res.json(); } catch (e) { body = { error: res.statusText }; }
  if (!res.ok) {
    const retry = res.headers.get('Retry-After');
    throw new Error(`${res.status}: ${body.error || res.statusText}` + (retry ? ` (retry in ${retry} s)` : ''));
  }
  return body;
}

async function explain() {
  const { a, b } = state.inputs;
  if (!a || !b) return;
  const id = ++state.requestId;
  const form = new FormData();
  appendImage(form, 'a', a);
  appendImage(form, 'b', b);
  appendOptions(form);
  setStatus('Explaining…', 'busy');
  document.body.dataset.state = 'explaining';
  try {
    const result = await post('/api/explain', form);
    if (id !== state.requestId) return;
    state.result = result;
    $('score').textContent = result.score.toFixed(4);
    $('detail').innerHTML = '';
    $('detail').append(`mode ${result.mode} · heads ${result.head_fusion} · start layer ${result.start_layer}`,
        document.createElement('br'),
        `grid ${result.grid_a.join('×')} · map sums ${result.a.sum.toFixed(4)} / ${result.b.sum.toFixed(4)}`
        + (result.rollout_applied ? '' : ' · no rollout'));
    $('download-json').disabled = false;
    document.querySelectorAll('.save[data-canvas^="map-"]').forEach((btn) => { btn.disabled = false; });
    redraw();
    setStatus('Rest the pointer on a patch of either image to see what it matches in the other.');
    document.body.dataset.state = 'ready';
  } catch (e) {
    if (id !== state.requestId) return;
    setStatus(e.message, 'error');
    document.body.dataset.state = 'error';
  }
}

function queryForm() {
  const form = new FormData();
  appendImage(form, 'query', state.inputs.a);
  appendOptions(form);
  return form;
}

async function retrieve() {
  if (!state.inputs.a) return;
  const form = queryForm();
  form.append('k', $('k').value || '6');
  setStatus('Searching the gallery…', 'busy');
  try {
    state.retrieval = await post('/api/retrieve', form);
    renderMatches();
    $('download-retrieval').disabled = false;
    setStatus(`Top ${state.retrieval.matches.length} of ${state.retrieval.gallery_size} gallery images.`);
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

function renderMatches() {
  const box = $('matches');
  box.textContent = '';
  const r = state.retrieval;
  for (const m of r.matches) {
    const card = document.createElement('div');
    card.className = 'match';
    const pics = document.createElement('div');
    pics.className = 'pics';
    const q = document.createElement('canvas'), t = document.createElement('canvas');
    q.width = q.height = t.width = t.height = 120;
    pics.append(q, t);
    const meta = document.createElement('div');
    meta.className = 'meta';
    const label = document.createElement('span');
    label.textContent = `#${m.rank} ${m.score.toFixed(3)} · ${m.id}`;
    label.title = m.id;
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = 'Open as B';
    open.title = 'Show this pair above';
    open.addEventListener('click', () => { $('gallery-b').value = m.id; galleryInput('b', m.id); });
    meta.append(label, open);
    card.append(pics, meta);
    box.append(card);
    const [rows, cols] = r.grid;
    draw(q, state.images.a, flat(m.query_map), rows, cols, null);
    loadImage('/api/gallery/image?id=' + encodeURIComponent(m.id)).then((img) => {
      const g = m.match_map.length, c = m.match_map[0].length;
      draw(t, img, flat(m.match_map), g, c, null);
    });
  }
}

async function classMap() {
  if (!state.inputs.a) return;
  const form = queryForm();
  form.append('class', $('class').value);
  setStatus('Computing the class map…', 'busy');
  try {
    state.classmap = await post('/api/classmap', form);
    drawClassMap();
    $('download-classmap').disabled = false;
    document.querySelector('.save[data-canvas="classmap-canvas"]').disabled = false;
    setStatus(`Class map of A for ${state.classmap.class}.`);
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

function drawClassMap() {
  const c = state.classmap;
  const [rows, cols] = c.grid;
  draw($('classmap-canvas'), state.images.a, flat(c.map), rows, cols, null);
  const info = $('classmap-info');
  info.textContent = '';
  info.append(`${c.class}: ${c.members} images, summed similarity ${c.score.toFixed(3)}`);
  const list = document.createElement('ol');
  for (const k of c.classes.slice(0, 5)) {
    const li = document.createElement('li');
    li.textContent = `${k.label} (mean ${k.mean_score.toFixed(3)})`;
    list.append(li);
  }
  info.append(document.createElement('br'), 'Most similar classes:', list);
}

function download(name, href) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

function downloadJson(name, obj) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(obj, null, 1)], { type: 'application/json' }));
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function stem(name) { return (name || 'image').replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''); }

function updateButtons() {
  const hasA = !!state.inputs.a;
  $('retrieve').disabled = !hasA;
  $('classmap').disabled = !hasA || !$('class').value;
}

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value; o.textContent = text || value;
  select.append(o);
}

function setUpGallery(gallery) {
  if (!gallery.images) return;
  $('gallery').hidden = false;
  for (const side of ['a', 'b']) {
    const sel = $('gallery-' + side);
    sel.hidden = false;
    for (const cls of gallery.classes) {
      const group = document.createElement('optgroup');
      group.label = cls.label;
      for (const id of cls.images) option(group, id, id.slice(cls.label.length + 1));
      sel.append(group);
    }
    sel.addEventListener('change', () => galleryInput(side, sel.value));
  }
  for (const cls of gallery.classes) option($('class'), cls.label, `${cls.label} (${cls.images.length})`);
}

function wire() {
  for (const side of ['a', 'b']) {
    $('file-' + side).addEventListener('change', (e) => fileInput(side, e.target.files[0]));
    const panel = $('side-' + side);
    panel.addEventListener('dragover', (e) => { e.preventDefault(); panel.classList.add('drop'); });
    panel.addEventListener('dragleave', () => panel.classList.remove('drop'));
    panel.addEventListener('drop', (e) => {
      e.preventDefault();
      panel.classList.remove('drop');
      fileInput(side, e.dataTransfer.files[0]);
    });
    for (const view of ['image-', 'map-']) {
      $(view + side).addEventListener('pointermove', (e) => hover(side, e));
      $(view + side).addEventListener('pointerleave', leave);
    }
  }
  for (const id of ['mode', 'fusion', 'start']) $(id).addEventListener('change', explain);
  for (const id of ['colormap', 'opacity']) $(id).addEventListener('input', redraw);
  $('download-json').addEventListener('click', () =>
    downloadJson(`${stem(state.inputs.a.name)}_${stem(state.inputs.b.name)}_pair.json`, state.result));
  $('download-retrieval').addEventListener('click', () =>
    downloadJson(`${stem(state.inputs.a.name)}_matches.json`, state.retrieval));
  $('download-classmap').addEventListener('click', () =>
    downloadJson(`${stem(state.inputs.a.name)}_classmap.json`, state.classmap));
  document.querySelectorAll('.save').forEach((btn) => btn.addEventListener('click', () => {
    const id = btn.dataset.canvas;
    const base = id === 'classmap-canvas'
      ? `${stem(state.inputs.a.name)}_classmap`
      : id === 'map-a' ? `${stem(state.inputs.a.name)}_simmap_with_${stem(state.inputs.b.name)}`
        : `${stem(state.inputs.b.name)}_simmap_with_${stem(state.inputs.a.name)}`;
    download(base + '.png', $(id).toDataURL('image/png'));
  }));
  $('retrieve').addEventListener('click', retrieve);
  $('classmap').addEventListener('click', classMap);
  $('class').addEventListener('change', updateButtons);
}

async function start() {
  wire();
  try {
    const res = await fetch('/api/info');
    state.info = await res.json();
  } catch (e) {
    setStatus('Cannot reach the server: ' + e.message, 'error');
    return;
  }
  const info = state.info;
  $('model').textContent = `${info.model} · ${info.weights}`;
  for (const m of info.modes) option($('mode'), m);
  for (const f of info.head_fusions) option($('fusion'), f);
  for (const c of Object.keys(info.colormaps)) option($('colormap'), c);
  setUpGallery(info.gallery);
  redraw();
  document.body.dataset.state = 'idle';
}

start();
