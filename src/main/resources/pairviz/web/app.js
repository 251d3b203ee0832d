// pairviz serve: the page. The server sends numbers once per pair (both maps and the token matrix S)
// and the map pictures, drawn as `pairviz explain` draws them (the whole photo at its own shape, the
// map over the part the network saw, what it did not see dimmed and hatched); what follows the
// pointer (the patch it rests on and what that patch matches) is drawn in the browser, so hovering
// needs no request. It opens on the server's example pair, already
// explained, with its top matches and class map. Every panel that comes from the server (both
// maps, the matches, the class map) records the options it was made with (data-options); when an
// option changes, every panel is marked stale and asked for again, and an answer to an older
// request is dropped. body[data-state] is 'ready' once no request is in flight.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  info: null,
  inputs: { a: null, b: null },   // {file, url, name} or {id, url, name}
  images: { a: null, b: null },   // HTMLImageElement, loaded
  result: null,                   // the last /api/explain answer
  pictures: { a: null, b: null }, // its map pictures, loaded
  classmapPicture: null,          // the class map's picture, loaded
  retrieval: null,
  classmap: null,
  seq: { explain: 0, retrieve: 0, classmap: 0 },  // the latest request of each kind
  pending: 0,                     // requests (and image loads) in flight
  failed: false,                  // whether one of them failed since the page was last ready
  images_by_id: new Map(),        // gallery id -> {label, name}
};

/** The map options as a key: what a panel was drawn with. */
function optionsKey() {
  return `${$('mode').value}|${$('fusion').value}|${$('start').value || '0'}|${$('colormap').value}`;
}

/** Runs {@code work} (a promise-returning function) counted in {@link state.pending}. */
async function track(work) {
  state.pending++;
  document.body.dataset.state = 'busy';
  try {
    await work();
  } catch (e) {
    state.failed = true;
    setStatus(e.message, 'error');
  } finally {
    state.pending--;
    if (state.pending === 0) {
      document.body.dataset.state = state.failed ? 'error' : 'ready';
      state.failed = false;
    }
  }
}

/** Marks panels as drawn with {@code key}, or as stale (waiting for new numbers) when key is null. */
function mark(ids, key) {
  for (const id of ids) {
    const el = $(id);
    if (key === null) { el.classList.add('stale'); delete el.dataset.options; }
    else { el.classList.remove('stale'); el.dataset.options = key; }
  }
}

/** A class label without its gallery's name when there is one gallery ({@code examples/class-1 -> class-1}). */
function shortLabel(label) {
  const galleries = new Set(state.info.gallery.classes.map((c) => c.label.split('/')[0]));
  return galleries.size === 1 ? label.slice(label.indexOf('/') + 1) : label;
}

/** How an image is named on the page: a gallery image by its class and caption, an upload by its file name. */
function displayName(input) {
  if (!input) return '';
  const g = input.id ? state.images_by_id.get(input.id) : null;
  return g ? `${g.label} · ${g.name}` : input.name;
}

function setStatus(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.className = 'status' + (kind ? ' ' + kind : '');
}

/** Min-max scaled copy of a map (all zeros when flat). */
function minMax(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const span = hi - lo;
  return values.map((v) => (span > 0 ? (v - lo) / span : 0));
}

/**
 * Sizes a canvas to the photo's own shape: its longer side {@code css} CSS pixels, drawn at twice
 * that (sharp on a HiDPI screen). Without a photo, a square.
 */
function fit(canvas, img, css) {
  const iw = img ? img.naturalWidth || img.width : 1, ih = img ? img.naturalHeight || img.height : 1;
  const s = css / Math.max(iw, ih);
  const w = Math.max(1, Math.round(iw * s)), h = Math.max(1, Math.round(ih * s));
  canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
  if (canvas.width !== 2 * w || canvas.height !== 2 * h) { canvas.width = 2 * w; canvas.height = 2 * h; }
  canvas.dataset.photo = img ? `${iw}x${ih}` : '';
}

/** Draws the whole photo onto its canvas (sized by {@link fit}). */
function drawPhoto(canvas, img) {
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (img) g.drawImage(img, 0, 0, canvas.width, canvas.height);
}

/** The photo, then the server's map picture over it at the chosen opacity (1: the picture as explain draws it). */
function drawPicture(canvas, img, picture) {
  drawPhoto(canvas, img);
  if (!picture) return;
  const g = canvas.getContext('2d');
  g.save();
  g.globalAlpha = img ? Number($('opacity').value) : 1;
  g.imageSmoothingQuality = 'high';
  g.drawImage(picture, 0, 0, canvas.width, canvas.height);
  g.restore();
}

/**
 * The input's rectangle on a canvas, [x, y, width, height] in canvas pixels: where the network's
 * square input lay on the photo ({@code placement.input} of the explain answer; past the edges under pad).
 */
function inputBox(canvas, placement) {
  const [pw, ph] = placement.photo;
  const [l, t, w, h] = placement.input;
  const sx = canvas.width / pw, sy = canvas.height / ph;
  return [l * sx, t * sy, w * sx, h * sy];
}

/** Lays a grid of values ([rows * cols], min-max scaled) over the input's rectangle, half see-through: the match view. */
function drawGrid(canvas, box, values, rows, cols) {
  const table = state.info.colormaps[$('colormap').value];
  const off = document.createElement('canvas');
  off.width = cols; off.height = rows;
  const og = off.getContext('2d');
  const px = og.createImageData(cols, rows);
  minMax(values).forEach((u, i) => {
    const c = table[Math.max(0, Math.min(255, Math.round(u * 255)))];
    px.data[4 * i] = (c >> 16) & 255; px.data[4 * i + 1] = (c >> 8) & 255; px.data[4 * i + 2] = c & 255;
    px.data[4 * i + 3] = 255;
  });
  og.putImageData(px, 0, 0);
  const g = canvas.getContext('2d');
  g.save();
  g.globalAlpha = 0.5 * Number($('opacity').value);
  g.imageSmoothingEnabled = true;
  g.imageSmoothingQuality = 'high';
  g.drawImage(off, box[0], box[1], box[2], box[3]);
  g.restore();
}

/** Outlines patches (each [index, colour]) of a rows x cols grid over the input's rectangle. */
function outline(canvas, box, rows, cols, patches) {
  const g = canvas.getContext('2d');
  const cw = box[2] / cols, ch = box[3] / rows;
  for (const [patch, colour] of patches) {
    const r = Math.floor(patch / cols), c = patch % cols;
    g.strokeStyle = colour; g.lineWidth = 4;
    g.strokeRect(box[0] + c * cw + 2, box[1] + r * ch + 2, cw - 4, ch - 4);
  }
}

function other(side) { return side === 'a' ? 'b' : 'a'; }

function gridOf(side) { return state.result[side === 'a' ? 'grid_a' : 'grid_b']; }

/** Draws both sides: maps, and the plain images (or the match view while hovering), each at its photo's shape. */
function redraw() {
  for (const side of ['a', 'b']) {
    const img = state.images[side];
    $('image-' + side).dataset.view = 'image';
    fit($('image-' + side), img, 240);
    drawPhoto($('image-' + side), img);
    fit($('map-' + side), img, 240);
    drawPicture($('map-' + side), img, state.result && img ? state.pictures[side] : null);
  }
  if (state.classmap && state.images.a) drawClassMap();
  if (state.retrieval) renderMatches();
}

/** The patch under the pointer (on the part of the photo the network saw), or -1. */
function patchAt(event, canvas, placement, rows, cols) {
  const r = canvas.getBoundingClientRect();
  const box = inputBox(canvas, placement);
  const x = (event.clientX - r.left) / r.width * canvas.width, y = (event.clientY - r.top) / r.height * canvas.height;
  const u = (x - box[0]) / box[2], v = (y - box[1]) / box[3];
  if (u < 0 || u >= 1 || v < 0 || v >= 1) return -1;
  return Math.floor(v * rows) * cols + Math.floor(u * cols);
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
  const n = patchAt(event, event.currentTarget, state.result[side].placement, rows, cols);
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
  drawPhoto(here, state.images[side]);
  outline(here, inputBox(here, state.result[side].placement), rows, cols, [[n, '#ffffff']]);
  drawPhoto(there, state.images[o]);
  const box = inputBox(there, state.result[o].placement);
  drawGrid(there, box, row, orows, ocols);
  outline(there, box, orows, ocols, [[best, '#ffffff']]);
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

/** Sets one side's image; then explains the pair and, for A, refreshes its matches and class map. */
function setInput(side, input) {
  return track(async () => {
    const previous = state.inputs[side];
    if (previous && previous.file) URL.revokeObjectURL(previous.url);
    state.inputs[side] = input;
    state.result = null;
    $('name-' + side).textContent = displayName(input);
    $('name-' + side).title = input.id || input.name;
    $('download-json').disabled = true;
    document.querySelectorAll('.save[data-canvas^="map-"]').forEach((b) => { b.disabled = true; });
    mark(['map-a', 'map-b'], null);
    markThumbs();
    try {
      state.images[side] = await loadImage(input.url);
    } catch (e) {
      state.images[side] = null;
    }
    if (state.inputs[side] !== input) return; // another image was picked meanwhile
    if (side === 'a' && input.id) followClass(input.id);
    redraw();
    updateButtons();
    await (side === 'a' ? refresh() : explain());
  });
}

/** Sets both sides at once (the example pair), explained once. */
function setPair(a, b) {
  return track(async () => {
    state.inputs.a = a; state.inputs.b = b;
    for (const side of ['a', 'b']) {
      $('name-' + side).textContent = displayName(state.inputs[side]);
      $('name-' + side).title = state.inputs[side].id || state.inputs[side].name;
    }
    markThumbs();
    const [ia, ib] = await Promise.all([loadImage(a.url).catch(() => null), loadImage(b.url).catch(() => null)]);
    state.images.a = ia; state.images.b = ib;
    if (a.id) followClass(a.id);
    redraw();
    updateButtons();
    await refresh();
  });
}

/** Asks the server again for every panel it draws, with the current options. */
function refresh() {
  const jobs = [explain()];
  if (!$('gallery').hidden && state.inputs.a) {
    jobs.push(retrieve());
    if ($('class').value) jobs.push(classMap());
  }
  return Promise.all(jobs);
}

/** Points the class-map choice at A's class when it has other members. */
function followClass(id) {
  for (const cls of state.info.gallery.classes) {
    if (cls.images.includes(id) && cls.images.length > 1) { $('class').value = cls.label; return; }
  }
}

function fileInput(side, file) {
  if (!file) return;
  setInput(side, { file, name: file.name, url: URL.createObjectURL(file) });
}

function fromGallery(id) {
  return { id, name: id, url: '/api/gallery/image?id=' + encodeURIComponent(id) };
}

function galleryInput(side, id) {
  if (!id) return;
  setInput(side, fromGallery(id));
}

function appendImage(form, field, input) {
  if (input.file) form.append(field, input.file, input.file.name);
  else form.append(field + '_id', input.id);
}

function appendOptions(form) {
  form.append('mode', $('mode').value);
  form.append('head_fusion', $('fusion').value);
  form.append('start_layer', $('start').value || '0');
  form.append('colormap', $('colormap').value);
}

/** POSTs {@code form}; a busy server (503 with Retry-After) is asked again, up to three times. */
async function post(path, form) {
  let res = await fetch(path, { method: 'POST', body: form });
  for (let attempt = 0; res.status === 503 && res.headers.get('Retry-After') && attempt < 3; attempt++) {
    const wait = Math.min(5, Number(res.headers.get('Retry-After')) || 1);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    res = await fetch(path, { method: 'POST', body: form });
  }
  let body;
  try { body = await res.json(); } catch (e) { body = { error: res.statusText }; }
  if (!res.ok) {
    const retry = res.headers.get('Retry-After');
    throw new Error(`${res.status}: ${body.error || res.statusText}` + (retry ? ` (retry in ${retry} s)` : ''));
  }
  return body;
}

const STALE = Symbol('stale');

/** The answer of request {@code id} of a kind, or STALE (even when it failed) once a later one was sent. */
async function latest(kind, id, answer) {
  try {
    const body = await answer;
    return id === state.seq[kind] ? body : STALE;
  } catch (e) {
    if (id !== state.seq[kind]) return STALE;
    throw e;
  }
}

async function explain() {
  const { a, b } = state.inputs;
  if (!a || !b) return;
  const id = ++state.seq.explain;
  const key = optionsKey();
  const form = new FormData();
  appendImage(form, 'a', a);
  appendImage(form, 'b', b);
  appendOptions(form);
  setStatus('Explaining…', 'busy');
  mark(['map-a', 'map-b'], null);
  await track(async () => {
    const result = await latest('explain', id, post('/api/explain', form));
    if (result === STALE) return;
    const [pa, pb] = await Promise.all([loadImage(result.pictures.a), loadImage(result.pictures.b)]);
    if (id !== state.seq.explain) return;
    state.result = result;
    state.pictures = { a: pa, b: pb };
    $('score').textContent = result.score.toFixed(4);
    $('detail').innerHTML = '';
    $('detail').append(`mode ${result.mode} · heads ${result.head_fusion} · start layer ${result.start_layer}`,
        document.createElement('br'),
        `grid ${result.grid_a.join('×')} · map sums ${result.a.sum.toFixed(4)} / ${result.b.sum.toFixed(4)}`
        + (result.rollout_applied ? '' : ' · no rollout'));
    $('download-json').disabled = false;
    document.querySelectorAll('.save[data-canvas^="map-"]').forEach((btn) => { btn.disabled = false; });
    redraw();
    mark(['map-a', 'map-b'], key);
    setStatus(readyText());
  });
}

function readyText() {
  const g = state.info.gallery;
  return 'Rest the pointer on a patch of either image to see what it matches in the other.'
      + (g.generated ? ' These are synthetic example scenes drawn by the server; pick your own with Browse… or'
          + ' by dropping files, or start it with --gallery DIR.' : '');
}

function queryForm() {
  const form = new FormData();
  appendImage(form, 'query', state.inputs.a);
  appendOptions(form);
  return form;
}

async function retrieve() {
  if (!state.inputs.a) return;
  const id = ++state.seq.retrieve;
  const key = optionsKey();
  const form = queryForm();
  form.append('k', $('k').value || '4');
  mark(['matches'], null);
  await track(async () => {
    const retrieval = await latest('retrieve', id, post('/api/retrieve', form));
    if (retrieval === STALE) return;
    state.retrieval = retrieval;
    await renderMatches();
    mark(['matches'], key);
    $('download-retrieval').disabled = false;
  });
}

/** Draws the match cards; resolves once every card's pictures are drawn. */
function renderMatches() {
  const box = $('matches');
  box.textContent = '';
  const r = state.retrieval;
  const drawn = [];
  for (const m of r.matches) {
    const card = document.createElement('div');
    card.className = 'match';
    const pics = document.createElement('div');
    pics.className = 'pics';
    const q = document.createElement('canvas'), t = document.createElement('canvas');
    pics.append(q, t);
    const meta = document.createElement('div');
    meta.className = 'meta';
    const label = document.createElement('span');
    const g = state.images_by_id.get(m.id);
    // captions tell images apart within a class only: a match names its class too
    label.textContent = `#${m.rank} ${m.score.toFixed(3)} · ${g ? shortLabel(g.label) + ' · ' + g.name : m.id}`;
    label.title = `${m.id} (class ${m.class})`;
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = 'Open as B';
    open.title = 'Show this pair above';
    open.addEventListener('click', () => galleryInput('b', m.id));
    meta.append(label, open);
    card.append(pics, meta);
    box.append(card);
    fit(q, state.images.a, 120);
    drawn.push(Promise.all([loadImage(m.query_picture), loadImage(m.match_picture),
      loadImage('/api/gallery/image?id=' + encodeURIComponent(m.id))]).then(([qp, tp, img]) => {
      drawPicture(q, state.images.a, qp);
      fit(t, img, 120);
      drawPicture(t, img, tp);
    }, () => {}));
  }
  return Promise.all(drawn);
}

async function classMap() {
  if (!state.inputs.a || !$('class').value) return;
  const id = ++state.seq.classmap;
  const key = optionsKey();
  const form = queryForm();
  form.append('class', $('class').value);
  mark(['classmap-canvas'], null);
  await track(async () => {
    const classmap = await latest('classmap', id, post('/api/classmap', form));
    if (classmap === STALE) return;
    const picture = await loadImage(classmap.picture);
    if (id !== state.seq.classmap) return;
    state.classmap = classmap;
    state.classmapPicture = picture;
    drawClassMap();
    mark(['classmap-canvas'], key);
    $('download-classmap').disabled = false;
    document.querySelector('.save[data-canvas="classmap-canvas"]').disabled = false;
  });
}

function drawClassMap() {
  const c = state.classmap;
  fit($('classmap-canvas'), state.images.a, 224);
  drawPicture($('classmap-canvas'), state.images.a, state.classmapPicture);
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

/** A copy of an answer without its pictures (the JSON as the command line writes it). */
function withoutPictures(answer) {
  return JSON.parse(JSON.stringify(answer, (key, value) =>
    (key === 'pictures' || key === 'picture' || key === 'query_picture' || key === 'match_picture' ? undefined : value)));
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

/** Most thumbnails shown at once: a large gallery is browsed one class at a time. */
const MAX_THUMBS = 60;

function setUpGallery(gallery) {
  if (!gallery.images) return;
  $('gallery').hidden = false;
  $('picker').hidden = false;
  gallery.classes.forEach((cls) => cls.images.forEach((id, i) =>
    state.images_by_id.set(id, { label: cls.label, name: cls.names[i] })));
  const show = $('thumb-class');
  if (gallery.images <= MAX_THUMBS) {
    option(show, '', gallery.classes.length === 1 ? 'its one class' : `all ${gallery.classes.length} classes`);
  }
  for (const cls of gallery.classes) {
    option(show, cls.label, `${cls.label} (${cls.images.length})`);
    option($('class'), cls.label, `${cls.label} (${cls.images.length})`);
  }
  show.addEventListener('change', renderThumbs);
  renderThumbs();
}

/** The gallery's images as thumbnails, each with buttons that open it as A or as B. */
function renderThumbs() {
  const box = $('thumbs');
  box.textContent = '';
  const chosen = $('thumb-class').value;
  const classes = state.info.gallery.classes.filter((c) => !chosen || c.label === chosen);
  let shown = 0, total = 0;
  for (const cls of classes) {
    total += cls.images.length;
    const group = document.createElement('div');
    group.className = 'thumb-class';
    const title = document.createElement('h3');
    title.textContent = cls.label;
    group.append(title);
    cls.images.forEach((id, i) => {
      if (shown >= MAX_THUMBS) return;
      shown++;
      const fig = document.createElement('figure');
      fig.className = 'thumb';
      fig.dataset.id = id;
      const img = document.createElement('img');
      img.loading = 'lazy';
      img.alt = `${cls.label} · ${cls.names[i]}`;
      img.src = '/api/gallery/image?id=' + encodeURIComponent(id);
      const cap = document.createElement('figcaption');
      cap.textContent = cls.names[i];
      cap.title = id;
      const use = document.createElement('div');
      use.className = 'use';
      for (const side of ['a', 'b']) {
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.className = side;
        btn.textContent = side.toUpperCase();
        btn.title = `Open ${cls.names[i]} as image ${side.toUpperCase()}`;
        btn.addEventListener('click', () => galleryInput(side, id));
        use.append(btn);
      }
      fig.append(img, cap, use);
      group.append(fig);
    });
    box.append(group);
  }
  $('picker-info').textContent = shown < total ? `showing ${shown} of ${total} images: choose a class` : '';
  markThumbs();
}

/** Outlines the thumbnails of the images now open as A and B. */
function markThumbs() {
  document.querySelectorAll('.thumb').forEach((t) => {
    t.classList.toggle('is-a', !!state.inputs.a && state.inputs.a.id === t.dataset.id);
    t.classList.toggle('is-b', !!state.inputs.b && state.inputs.b.id === t.dataset.id);
  });
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
  for (const id of ['mode', 'fusion', 'start']) $(id).addEventListener('change', () => track(refresh));
  $('colormap').addEventListener('change', () => track(refresh)); // the server draws the maps
  $('opacity').addEventListener('input', redraw);
  $('download-json').addEventListener('click', () =>
    downloadJson(`${stem(state.inputs.a.name)}_${stem(state.inputs.b.name)}_pair.json`, withoutPictures(state.result)));
  $('download-retrieval').addEventListener('click', () =>
    downloadJson(`${stem(state.inputs.a.name)}_matches.json`, withoutPictures(state.retrieval)));
  $('download-classmap').addEventListener('click', () =>
    downloadJson(`${stem(state.inputs.a.name)}_classmap.json`, withoutPictures(state.classmap)));
  document.querySelectorAll('.save').forEach((btn) => btn.addEventListener('click', () => {
    const id = btn.dataset.canvas;
    const base = id === 'classmap-canvas'
      ? `${stem(state.inputs.a.name)}_classmap`
      : id === 'map-a' ? `${stem(state.inputs.a.name)}_simmap_with_${stem(state.inputs.b.name)}`
        : `${stem(state.inputs.b.name)}_simmap_with_${stem(state.inputs.a.name)}`;
    // the server's picture itself (as explain writes it), not the canvas
    const url = id === 'classmap-canvas' ? state.classmap.picture : state.result.pictures[id === 'map-a' ? 'a' : 'b'];
    download(base + '.png', url);
  }));
  $('retrieve').addEventListener('click', retrieve);
  $('classmap').addEventListener('click', classMap);
  $('class').addEventListener('change', () => { updateButtons(); classMap(); });
  $('k').addEventListener('change', retrieve);
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
  if (info.example) {
    setStatus('Explaining the example pair…', 'busy');
    await setPair(fromGallery(info.example.a), fromGallery(info.example.b));
  } else {
    setStatus('Pick two images: drop them on the panels or browse.');
    document.body.dataset.state = 'ready';
  }
}

start();
