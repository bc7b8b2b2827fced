'use strict';
// The visor serve page: browse layers/units, start a render job, follow it over server-sent events.
const $ = (id) => document.getElementById(id);
let model = null;
let current = null;   // job id being followed
let source = null;    // its EventSource

async function api(path, options) {
  const r = await fetch(path, options);
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function showError(msg) { $('error').textContent = msg || ''; }

function layer() { return model.layers.find((l) => l.name === $('layer').value); }

function pickUnit(u) {
  $('unit').value = u;
  for (const b of $('units').children) b.classList.toggle('on', Number(b.dataset.unit) === u);
}

function pickSample(i) {
  $('sample').value = i;
  for (const im of $('samples').children) im.classList.toggle('on', Number(im.dataset.sample) === i);
}

function showUnits() {
  const l = layer();
  const box = $('units');
  box.textContent = '';
  if (!l) return;
  $('unit').max = l.units - 1;
  $('unitcount').textContent = '(' + l.units + ', shape ' + l.shape.join('×') + ')';
  const shown = Math.min(l.units, 1024);
  for (let u = 0; u < shown; u++) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = u;
    b.dataset.unit = u;
    b.className = 'unit';
    b.addEventListener('click', () => pickUnit(u));
    box.appendChild(b);
  }
  pickUnit(Math.min(Number($('unit').value) || 0, l.units - 1));
}

function setState(s) {
  $('state').textContent = s.state;
  $('jobid').textContent = s.id;
  $('progress').max = Math.max(1, s.steps);
  $('progress').value = s.step;
  $('stepinfo').textContent = s.step + '/' + s.steps + (s.score != null ? '  objective ' + s.score.toFixed(3) : '');
  $('cancel').disabled = s.state !== 'queued' && s.state !== 'running';
  if (s.state === 'done' && s.image) {
    $('final').src = s.image;
    $('finalcap').textContent = s.request.method === 'attribute'
      ? 'maps of sample ' + s.request.sample : 'final (' + s.request.layer + ':' + s.request.unit + ')';
    loadSide();
  }
  if (s.error && s.state !== 'done') showError(s.state + ': ' + s.error);
}

function follow(id) {
  if (source) source.close();
  current = id;
  source = new EventSource('/api/jobs/' + encodeURIComponent(id) + '/events');
  const on = (name, fn) => source.addEventListener(name, (e) => { if (current === id) fn(JSON.parse(e.data)); });
  on('state', setState);
  on('progress', (p) => {
    $('progress').max = Math.max(1, p.steps);
    $('progress').value = p.step;
    $('stepinfo').textContent = p.step + '/' + p.steps + (p.score != null ? '  objective ' + p.score.toFixed(3) : '');
    $('state').textContent = 'running';
  });
  on('snapshot', (s) => { $('live').src = s.png; });
  for (const end of ['done', 'failed', 'cancelled']) {
    on(end, (s) => { setState(s); source.close(); source = null; });
  }
  source.onerror = () => { if (source && source.readyState === EventSource.CLOSED) source = null; };
}

async function start(e) {
  e.preventDefault();
  showError('');
  $('final').removeAttribute('src');
  $('live').removeAttribute('src');
  const body = $('method').value === 'attribute'
    ? { method: 'attribute', sample: Number($('sample').value), methods: $('methods').value }
    : {
      method: 'render',
      layer: $('layer').value,
      unit: Number($('unit').value),
      preset: $('preset').value,
      steps: Number($('steps').value),
      size: Number($('size').value),
      seed: Number($('seed').value),
    };
  if (body.method === 'attribute' && $('target').value !== '') body.target = Number($('target').value);
  try {
    const s = await api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    setState(s);
    follow(s.id);
  } catch (err) {
    showError(err.message);
  }
}

async function cancel() {
  if (!current) return;
  try { setState(await api('/api/jobs/' + encodeURIComponent(current) + '/cancel', { method: 'POST' })); } catch (err) { showError(err.message); }
}

async function loadSide() {
  try {
    const q = await api('/api/queue');
    $('queue').textContent = q.running.length + ' running, ' + q.queued.length + ' queued of ' + q.capacity
      + ' (' + q.workers + ' workers), ' + q.finished + ' finished';
    const runs = await api('/api/runs');
    const box = $('runs');
    box.textContent = '';
    for (const r of runs) {
      if (!r.image) continue;
      const a = document.createElement('a');
      a.href = r.image;
      a.title = r.id;
      const img = document.createElement('img');
      img.loading = 'lazy';
      img.src = r.image;
      img.alt = r.id;
      a.appendChild(img);
      box.appendChild(a);
    }
  } catch (err) { /* side panel only */ }
}

async function init() {
  try {
    model = await api('/api/model');
    $('model').textContent = model.source + ' — input ' + model.input;
    for (const l of model.layers) {
      const o = document.createElement('option');
      o.value = l.name;
      o.textContent = l.name + '  (' + l.op + ', ' + l.units + ')';
      $('layer').appendChild(o);
    }
    $('layer').selectedIndex = 0;
    showUnits();
    const presets = await api('/api/presets');
    for (const p of presets) {
      const o = document.createElement('option');
      o.value = p.name;
      o.textContent = p.name + ' (' + p.steps + ' steps)';
      $('preset').appendChild(o);
    }
    $('preset').value = presets.some((p) => p.name === 'small') ? 'small' : presets[0].name;
  } catch (err) {
    showError('cannot load the model: ' + err.message);
  }
  try {
    const samples = await api('/api/samples');
    $('attr-option').disabled = samples.length === 0;
    if (samples.length === 0) $('attr-option').textContent += ' — start with --data';
    for (const sm of samples) {
      const img = document.createElement('img');
      img.src = sm.url;
      img.alt = 'sample ' + sm.index;
      img.title = sm.index + ': ' + sm.label;
      img.dataset.sample = sm.index;
      img.addEventListener('click', () => pickSample(sm.index));
      $('samples').appendChild(img);
    }
    model.labels.forEach((name, c) => {
      const o = document.createElement('option');
      o.value = c;
      o.textContent = c + ': ' + name;
      $('target').appendChild(o);
    });
    if (samples.length > 0) pickSample(0);
  } catch (err) { /* attribution not offered */ }
  $('method').addEventListener('change', () => {
    const attr = $('method').value === 'attribute';
    $('render-fields').hidden = attr;
    $('attr-fields').hidden = !attr;
  });
  $('sample').addEventListener('change', () => pickSample(Number($('sample').value)));
  $('layer').addEventListener('change', showUnits);
  $('unit').addEventListener('change', () => pickUnit(Number($('unit').value)));
  $('form').addEventListener('submit', start);
  $('cancel').addEventListener('click', cancel);
  loadSide();
  setInterval(loadSide, 3000);
}

init();
