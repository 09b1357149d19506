// KernelLab live view: polls /kernellab/state and draws each CPU and the trace's tail.
// No framework: the DOM is rebuilt per poll for the CPUs, and the trace is appended to.
"use strict";
(function () {
  const POLL_MS = 300;
  const TRACE_LINES = 1000;
  const root = document.documentElement;
  const $ = (id) => document.getElementById(id);
  let next = 0;
  let updates = 0;
  let lines = [];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // printk's [%5lu.%06lu] of virtual time
  function stamp(ns) {
    const s = Math.floor(ns / 1e9);
    const us = Math.floor((ns % 1e9) / 1e3);
    return String(s).padStart(5, " ") + "." + String(us).padStart(6, "0");
  }

  function bits(pc, fields) {
    const grid = el("div", "bits");
    for (let b = 31; b >= 0; b--) {
      const f = fields.find((x) => b >= x.low && b <= x.high);
      const set = ((pc >>> b) & 1) === 1;
      const cell = el("div", (f ? "f-" + f.cls : "") + (set ? " set" : ""), set ? "1" : "0");
      cell.title = "bit " + b + (f ? " (" + f.name + ")" : " (unused)");
      grid.appendChild(cell);
    }
    return grid;
  }

  function cpuCard(c, fields, comms) {
    const card = el("article", "cpu");
    card.dataset.cpu = c.cpu;
    const h = el("h3");
    h.appendChild(el("span", null, "CPU " + c.cpu));
    h.appendChild(el("span", "current", c.currentComm + "/" + c.currentPid));
    h.appendChild(el("span", "ctx " + c.context, c.context));
    card.appendChild(h);
    const flags = el("div", "flags");
    const irq = el("span");
    irq.append("irqs ");
    irq.appendChild(el("b", c.irqsDisabled ? "off" : "on", c.irqsDisabled ? "off" : "on"));
    flags.appendChild(irq);
    flags.appendChild(el("span", null, "need_resched " + (c.needResched ? "yes" : "no")));
    flags.appendChild(el("span", null, "in_atomic() " + ((c.preemptDepth || c.softirqCount || c.hardirqCount || c.nmiCount) ? "1" : "0")));
    card.appendChild(flags);
    const pc = el("div", "pc");
    pc.append("preempt_count ");
    pc.appendChild(el("span", "hex", "0x" + (c.preemptCount >>> 0).toString(16).padStart(8, "0")));
    pc.appendChild(bits(c.preemptCount, fields));
    const t = el("table", "fields");
    const values = { PREEMPT: c.preemptDepth, SOFTIRQ: c.softirqCount, HARDIRQ: c.hardirqCount, NMI: c.nmiCount,
      PREEMPT_ACTIVE: c.preemptActive ? 1 : 0, PREEMPT_NEED_RESCHED: ((c.preemptCount >>> 31) & 1) };
    for (const f of fields) {
      const row = el("tr");
      row.appendChild(el("td", null, f.name));
      row.appendChild(el("td", null, "bits " + f.low + (f.high > f.low ? "-" + f.high : "")));
      row.appendChild(el("td", "n", String(values[f.name])));
      t.appendChild(row);
    }
    pc.appendChild(t);
    card.appendChild(pc);
    const rq = el("div", "rq");
    rq.append("runqueue: ");
    if (c.runnable.length === 0) rq.append("empty");
    c.runnable.forEach((pid, i) => {
      if (i > 0) rq.append(", ");
      rq.appendChild(el("b", null, (comms[pid] || "?") + "/" + pid));
    });
    card.appendChild(rq);
    return card;
  }

  function traceLine(e) {
    const task = (e.comm + "-" + e.pid).padStart(16, " ");
    return task + " [" + String(e.cpu).padStart(3, "0") + "] " + stamp(e.timeNs).trim() + ": " + e.type + ": " + e.detail;
  }

  function draw(s) {
    $("time").textContent = stamp(s.timeNs).trim() + " s";
    $("jiffies").textContent = s.jiffies;
    $("hz").textContent = s.hz;
    $("layout").textContent = s.layout;
    const comms = {};
    for (const t of s.tasks) comms[t.pid] = t.comm;
    const cpus = $("cpus");
    cpus.replaceChildren(...s.cpus.map((c) => cpuCard(c, s.fields, comms)));
    if (s.restarted) lines = [];
    for (const e of s.events) lines.push(traceLine(e));
    if (lines.length > TRACE_LINES) lines = lines.slice(lines.length - TRACE_LINES);
    const pre = $("trace");
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.textContent = lines.join("\n");
    if (atBottom) pre.scrollTop = pre.scrollHeight;
    $("tracecount").textContent = s.recording ? "(" + s.next + " records)" : "(not recording: kernel:trace start)";
    next = s.next;
    updates++;
    root.dataset.updates = String(updates);
    root.dataset.timeNs = String(s.timeNs);
    root.dataset.cpus = String(s.cpus.length);
  }

  function status(text, error) {
    const st = $("status");
    st.textContent = text;
    st.className = "status" + (error ? " error" : "");
  }

  async function poll() {
    try {
      const r = await fetch("/kernellab/state?since=" + next, { cache: "no-store" });
      const body = await r.json();
      if (!r.ok) {
        status(body.error || ("HTTP " + r.status), true);
      } else {
        draw(body);
        status("live", false);
        delete root.dataset.liveError;
      }
    } catch (err) {
      status("the kernel is not reachable (" + err.message + "); is ./kernel still running?", true);
      root.dataset.liveError = String(err.message);
    }
    setTimeout(poll, POLL_MS);
  }

  poll();
})();
