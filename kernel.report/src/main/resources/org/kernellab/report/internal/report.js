// Draws a KernelLab report's charts from the JSON in #kernellab-data with ECharts (inlined
// before this script). The summary table is plain HTML and needs nothing from here.
(function () {
  'use strict';
  var started = Date.now();
  var data = JSON.parse(document.getElementById('kernellab-data').textContent);
  var encode = echarts.format.encodeHTML;
  var charts = [];
  // Tasks take these in turn by name (a name has one colour on every run); red is kept for
  // interrupt handlers.
  var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#edc948', '#76b7b2', '#ff9da7', '#9c755f',
    '#1f77b4', '#bcbd22', '#17becf', '#8c564b', '#aec7e8', '#ffbb78', '#98df8a', '#c5b0d5', '#7f7f7f', '#c49c94'];
  var IRQ_COLOR = '#d62728';

  function duration(ns) {
    if (ns === null || ns === undefined) return '\u2014';
    var a = Math.abs(ns);
    if (a >= 1e9) return trim(ns / 1e9) + ' s';
    if (a >= 1e6) return trim(ns / 1e6) + ' ms';
    if (a >= 1e3) return trim(ns / 1e3) + ' \u00b5s';
    return trim(ns) + ' ns';
  }
  function trim(v) { return String(Math.round(v * 1000) / 1000); }
  function formatter(unit) {
    if (unit === 'ns') return duration;
    if (unit === 'ratio') return function (v) { return v === null ? '\u2014' : (Math.round(v * 1000) / 1000).toFixed(3); };
    return function (v) { return v === null ? '\u2014' : String(v); };
  }
  function chart(id) {
    var c = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    charts.push(c);
    return c;
  }

  // Every run's wakeup latency CDF on one chart, as steps.
  (function () {
    var series = [];
    data.runs.forEach(function (run) {
      if (run.cdf === null || run.cdf.length === 0) return;
      series.push({ name: run.label, type: 'line', step: 'end', showSymbol: false, data: run.cdf });
    });
    chart('cdf-chart').setOption({
      animation: false,
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 40, top: 40, bottom: 70 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'cross' },
        valueFormatter: function (v) { return (Math.round(v * 1000) / 10) + ' %'; } },
      xAxis: { type: 'value', name: 'wakeup latency', nameLocation: 'middle', nameGap: 28,
        axisLabel: { formatter: duration }, axisPointer: { label: { formatter: function (p) { return duration(p.value); } } } },
      yAxis: { type: 'value', name: 'fraction of wakeups', min: 0, max: 1 },
      dataZoom: [{ type: 'inside', filterMode: 'none' }, { type: 'slider', height: 16, bottom: 4, filterMode: 'none' }],
      series: series
    });
  })();

  // One bar chart per summary metric: a category per policy, a series per seed.
  data.metrics.forEach(function (m) {
    var fmt = formatter(m.unit);
    var none = m.values.every(function (row) { return row.every(function (v) { return v === null; }); });
    chart(m.id).setOption({
      graphic: none ? [{ type: 'text', left: 'center', top: 'middle',
        style: { text: 'never happened in any run', fill: '#999', fontSize: 13 } }] : [],
      animation: false,
      title: { text: m.title + (m.lowerIsBetter ? ' (lower is better)' : ' (higher is better)'), left: 'center',
        textStyle: { fontSize: 13 } },
      legend: { show: data.seeds.length > 1, bottom: 0, type: 'scroll' },
      grid: { left: 70, right: 16, top: 36, bottom: data.seeds.length > 1 ? 56 : 32 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
      xAxis: { type: 'category', data: data.policies, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: fmt } },
      series: data.seeds.map(function (seed, i) {
        return { name: 'seed ' + seed, type: 'bar', data: m.values[i].map(function (v) { return v === null ? '-' : v; }) };
      })
    });
  });

  // Per run, a Gantt chart of its CPUs: a custom series of [cpu, start, end, name, pid, irq].
  data.runs.forEach(function (run, i) {
    if (run.slices === null) return;
    var cpus = [];
    for (var c = 0; c < run.cpus; c++) cpus.push('CPU ' + c);
    var first = run.slices.length ? run.slices[0][1] : 0;
    var last = run.end !== null ? run.end : 0;
    run.slices.forEach(function (s) { if (s[2] > last) last = s[2]; });
    chart('timeline-' + i).setOption({
      animation: false,
      grid: { left: 64, right: 24, top: 16, bottom: 64 },
      tooltip: { trigger: 'item', formatter: function (p) {
        var s = p.value;
        var who = s[5] >= 0 ? 'irq ' + s[5] + ' ' + encode(data.names[s[3]]) + ' (interrupting pid ' + s[4] + ')'
                            : encode(data.names[s[3]]) + ' (pid ' + s[4] + ')';
        return who + '<br>CPU ' + s[0] + ': ' + duration(s[1]) + ' \u2013 ' + duration(s[2]) + ' (' + duration(s[2] - s[1]) + ')';
      } },
      xAxis: { type: 'value', min: first, max: last, scale: true, axisLabel: { formatter: duration } },
      yAxis: { type: 'category', data: cpus, inverse: true, splitLine: { show: true } },
      dataZoom: [{ type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', height: 18, bottom: 12, labelFormatter: duration },
                 { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' }],
      series: [{
        type: 'custom',
        encode: { x: [1, 2], y: 0 },
        dimensions: ['cpu', 'start', 'end', 'name', 'pid', 'irq'],
        progressive: 5000,
        data: run.slices,
        renderItem: function (params, api) {
          var irq = api.value(5) >= 0;
          var from = api.coord([api.value(1), api.value(0)]);
          var to = api.coord([api.value(2), api.value(0)]);
          var height = api.size([0, 1])[1] * (irq ? 0.9 : 0.6);
          // An interrupt is often far under a pixel: draw it one pixel wide so it shows.
          var rect = echarts.graphic.clipRectByRect(
            { x: from[0], y: from[1] - height / 2, width: Math.max(to[0] - from[0], irq ? 1 : 0.3), height: height },
            { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
          return rect && { type: 'rect', transition: [], shape: rect,
            style: { fill: irq ? IRQ_COLOR : PALETTE[api.value(3) % PALETTE.length] } };
        }
      }]
    });
    legend(document.getElementById('legend-' + i), run.slices);
  });

  // The names a timeline shows with their colours (the first 30; the tooltip names every slice).
  function legend(el, slices) {
    var seen = {}, tasks = [], irqs = false;
    slices.forEach(function (s) {
      if (s[5] >= 0) { irqs = true; return; }
      if (!seen[s[3]]) { seen[s[3]] = true; tasks.push(s[3]); }
    });
    tasks.sort(function (a, b) { return a - b; });
    tasks.slice(0, 30).forEach(function (n) { el.appendChild(key(PALETTE[n % PALETTE.length], data.names[n])); });
    if (tasks.length > 30) el.appendChild(key('transparent', '\u2026 and ' + (tasks.length - 30) + ' more'));
    if (irqs) el.appendChild(key(IRQ_COLOR, 'interrupt handlers'));
  }
  function key(colour, text) {
    var span = document.createElement('span'), swatch = document.createElement('i');
    swatch.style.background = colour;
    span.appendChild(swatch);
    span.appendChild(document.createTextNode(text));
    return span;
  }

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  // For the browser check: how many charts were set up, and how long that took.
  document.documentElement.setAttribute('data-charts', String(charts.length));
  document.documentElement.setAttribute('data-setup-ms', String(Date.now() - started));
})();
