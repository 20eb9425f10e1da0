/// The report's inline style sheet and scripts: the page loads nothing, so they travel in it.
enum HTMLRunReportAssets {
    /// Allows the page's own inline style and script and nothing else: no request leaves it.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    /// First thing in `<head>`: counts the page's script errors on `<html data-errors>` (and keeps
    /// the last message), so a test or a user can see that the page rendered cleanly.
    static let errorScript = """
        window.addEventListener('error', function (event) {
          var root = document.documentElement;
          root.setAttribute('data-errors', String((Number(root.getAttribute('data-errors')) || 0) + 1));
          root.setAttribute('data-last-error', String(event.message || event.type));
        });
        """

    /// Last thing in `<body>`: hovering a step highlights it in the graph, the timeline and the
    /// list; clicking one opens its section's log; buttons fold every log. Then marks the page rendered.
    static let script = """
        (function () {
          var root = document.documentElement;
          function same(step) {
            return document.querySelectorAll('[data-step="' + CSS.escape(step) + '"]');
          }
          function mark(step, on) {
            same(step).forEach(function (element) { element.classList.toggle('hl', on); });
          }
          document.querySelectorAll('.node[data-step], .grow[data-step]').forEach(function (element) {
            var step = element.getAttribute('data-step');
            element.addEventListener('mouseenter', function () { mark(step, true); });
            element.addEventListener('mouseleave', function () { mark(step, false); });
            element.addEventListener('click', function (event) {
              var section = document.querySelector('section.step[data-step="' + CSS.escape(step) + '"]');
              if (!section) { return; }
              event.preventDefault();
              var log = section.querySelector('details');
              if (log) { log.open = true; }
              section.scrollIntoView({ block: 'start' });
              history.replaceState(null, '', '#' + section.id);
            });
          });
          function fold(open) {
            document.querySelectorAll('section.step details').forEach(function (log) { log.open = open; });
          }
          var expand = document.getElementById('expand-logs');
          var collapse = document.getElementById('collapse-logs');
          if (expand) { expand.addEventListener('click', function () { fold(true); }); }
          if (collapse) { collapse.addEventListener('click', function () { fold(false); }); }
          root.setAttribute('data-rendered', 'true');
        })();
        """

    static let style = """
        :root {
          --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --bg: #ffffff;
          --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9;
          --warn: #9a6700; --warn-bg: #fff8c5; --idle: #6e7781; --idle-bg: #eaeef2;
          --live: #0969da; --live-bg: #ddf4ff; --crit: #8250df;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--fg); background: var(--bg);
        }
        * { box-sizing: border-box; }
        body { margin: 0 auto; padding: 20px 28px 48px; max-width: 1400px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 0; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
        code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
        a { color: var(--live); text-decoration: none; }
        a:hover { text-decoration: underline; }
        .muted { color: var(--muted); }
        .note { color: var(--muted); font-size: 13px; margin: 6px 0; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
          border: 1px solid currentColor; white-space: nowrap; }
        .badge.big { font-size: 14px; padding: 2px 12px; }
        .badge.t-ok { color: var(--ok); background: var(--ok-bg); }
        .badge.t-bad { color: var(--bad); background: var(--bad-bg); }
        .badge.t-warn { color: var(--warn); background: var(--warn-bg); }
        .badge.t-idle { color: var(--idle); background: var(--idle-bg); }
        .badge.t-live { color: var(--live); background: var(--live-bg); }
        .crit-tag { color: var(--crit); border-color: var(--crit); background: #fbefff; }
        header.run { display: grid; gap: 10px; }
        .title-line { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        .counts { display: flex; flex-wrap: wrap; gap: 6px; }
        table.vars { border-collapse: collapse; font-size: 13px; }
        table.vars th, table.vars td { text-align: left; padding: 3px 14px 3px 0; border-bottom: 1px solid var(--soft); vertical-align: top; }
        table.vars td { overflow-wrap: anywhere; }
        .scroll { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); }
        svg.dag { display: block; }
        svg.dag .phase rect { fill: #ffffff; stroke: var(--line); }
        svg.dag .phase text { fill: var(--muted); font-size: 12px; font-weight: 600; }
        svg.dag .node { cursor: pointer; }
        svg.dag .node rect { stroke-width: 1.2; }
        svg.dag .node text { font-size: 12px; fill: var(--fg); font-family: ui-monospace, Menlo, Consolas, monospace; }
        svg.dag .node text.sub { font-size: 10.5px; fill: var(--muted); font-family: system-ui, sans-serif; }
        svg.dag .node.crit rect { stroke: var(--crit); stroke-width: 3; }
        svg.dag .node.hl rect { stroke-width: 3; filter: drop-shadow(0 0 3px rgba(9,105,218,.6)); }
        svg.dag .edge { fill: none; stroke: #8c959f; stroke-width: 1.2; }
        svg.dag .edge.crit { stroke: var(--crit); stroke-width: 2.6; }
        svg.dag .edge.phase-edge { stroke: #afb8c1; stroke-width: 4; stroke-dasharray: 6 4; }
        .node.t-ok rect { fill: var(--ok-bg); stroke: var(--ok); }
        .node.t-bad rect { fill: var(--bad-bg); stroke: var(--bad); }
        .node.t-warn rect { fill: var(--warn-bg); stroke: var(--warn); }
        .node.t-idle rect { fill: var(--idle-bg); stroke: var(--idle); stroke-dasharray: 4 3; }
        .node.t-live rect { fill: var(--live-bg); stroke: var(--live); }
        .legend { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; font-size: 12.5px; color: var(--muted); margin: 8px 0; }
        .legend .swatch { display: inline-block; width: 22px; height: 10px; border-radius: 3px; vertical-align: middle; margin-right: 5px; }
        .swatch.s-ok { background: var(--ok); } .swatch.s-bad { background: var(--bad); } .swatch.s-warn { background: var(--warn); }
        .swatch.s-idle { background: var(--idle-bg); border: 1px dashed var(--idle); } .swatch.s-live { background: var(--live); }
        .swatch.s-crit { background: transparent; border: 2.5px solid var(--crit); }
        .swatch.s-queue { background: repeating-linear-gradient(45deg, #afb8c1 0 3px, transparent 3px 6px); }
        .swatch.s-dep { height: 0; border-top: 2px dotted #afb8c1; border-radius: 0; }
        .gantt { border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
        .gantt .axis, .gantt .grow, .gantt .gphase { display: grid; grid-template-columns: minmax(140px, 24%) 1fr; }
        .gantt .axis { background: var(--soft); border-bottom: 1px solid var(--line); font-size: 11px; color: var(--muted); }
        .gantt .axis .ticks { position: relative; height: 20px; margin-right: 56px; }
        .gantt .axis .ticks span { position: absolute; top: 3px; transform: translateX(-50%); white-space: nowrap; }
        .gantt .axis .ticks span.first { transform: none; }
        .gantt .gphase { background: var(--soft); font-size: 12px; font-weight: 600; color: var(--muted); border-top: 1px solid var(--line); }
        .gantt .gphase > div { padding: 3px 10px; }
        .gantt .grow { border-top: 1px solid #eef1f4; cursor: pointer; }
        .gantt .grow.t-bad { background: #fff8f7; }
        .gantt .grow.hl { background: #f0f6ff; }
        .gantt .grow .label { padding: 3px 10px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 12.5px; }
        .gantt .grow.crit .label code { color: var(--crit); font-weight: 700; }
        .gantt .track { position: relative; height: 24px; margin-right: 56px;
          background-image: linear-gradient(to right, #eef1f4 1px, transparent 1px); background-size: var(--tick) 100%; }
        .gantt .track > span { position: absolute; top: 6px; height: 12px; border-radius: 3px; }
        .gantt .track .dep { top: 11px; height: 0; border-top: 2px dotted #c3cad2; border-radius: 0; }
        .gantt .track .queue { background: repeating-linear-gradient(45deg, #afb8c1 0 3px, transparent 3px 6px); }
        .gantt .track .bar { min-width: 2px; }
        .gantt .track .bar.t-ok { background: var(--ok); } .gantt .track .bar.t-bad { background: var(--bad); }
        .gantt .track .bar.t-warn { background: var(--warn); } .gantt .track .bar.t-live { background: var(--live); }
        .gantt .track .bar.crit { outline: 2.5px solid var(--crit); outline-offset: 1px; }
        .gantt .track .none.end { text-align: right; }
        .gantt .track .none { top: 4px; height: auto; font-size: 11.5px; color: var(--idle); font-style: italic; white-space: nowrap; }
        .gantt .track .time { top: 4px; height: auto; font-size: 11px; color: var(--muted); white-space: nowrap; padding-left: 5px; }
        .gantt .track .time.before { padding: 0 5px 0 3px; background: rgba(255, 255, 255, 0.9); }
        .gantt .track .time.inside { top: 6px; line-height: 12px; font-size: 10px; color: #ffffff; font-weight: 600; padding: 0 5px 0 0; }
        .tools { display: flex; gap: 8px; margin: 0 0 10px; }
        button { font: inherit; font-size: 12.5px; padding: 3px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); cursor: pointer; }
        section.step.t-bad { background: #fffafa; }
        section.step { border: 1px solid var(--line); border-left: 5px solid var(--idle); border-radius: 6px; padding: 10px 14px; margin: 0 0 10px; }
        section.step.t-ok { border-left-color: var(--ok); } section.step.t-bad { border-left-color: var(--bad); }
        section.step.t-warn { border-left-color: var(--warn); } section.step.t-live { border-left-color: var(--live); }
        section.step.hl, section.step:target { box-shadow: 0 0 0 2px var(--live); }
        section.step .summary { margin: 4px 0 6px; color: var(--muted); }
        section.step .facts { font-size: 13px; }
        section.step .message { white-space: pre-wrap; }
        details { margin-top: 8px; }
        details > summary { cursor: pointer; color: var(--muted); font-size: 13px; }
        pre.log { margin: 6px 0 0; padding: 10px 12px; background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px;
          max-height: 480px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
        footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
        """
}
