import BosunBasics

/// The report's graph as inline SVG: a frame per phase, a box per step coloured by its state,
/// an arrow per need, a broad arrow from a phase to the phase that waits for all of it, the
/// critical path's boxes and arrows drawn in its colour.
enum HTMLDAG {
    static let legend = """
        <div class="legend"><span><span class="swatch s-ok"></span>succeeded</span><span><span class="swatch s-bad"></span>failed</span>\
        <span><span class="swatch s-warn"></span>cancelled / rolled back</span><span><span class="swatch s-idle"></span>skipped</span>\
        <span><span class="swatch s-live"></span>no end recorded</span><span><span class="swatch s-crit"></span>critical path</span>\
        <span>dashed broad arrow: a phase waits for all of the one before</span></div>\n
        """

    static func svg(_ timeline: RunTimeline) -> String {
        let layout = HTMLDAGLayout(timeline)
        var svg = "<svg class=\"dag\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"the plan's steps and what each needs\" "
            + "width=\"\(layout.width)\" height=\"\(layout.height)\" viewBox=\"0 0 \(layout.width) \(layout.height)\">\n"
        svg += markers
        for frame in layout.phases {
            svg += "<g class=\"phase\" data-phase=\"\(HTMLText.escape(frame.name))\"><rect x=\"\(frame.x)\" y=\"\(frame.y)\" width=\"\(frame.width)\" "
                + "height=\"\(frame.height)\" rx=\"8\"/><text x=\"\(frame.x + 12)\" y=\"\(frame.y + 18)\">\(HTMLText.escape(frame.name))</text></g>\n"
        }
        svg += edges(timeline, layout)
        for index in timeline.steps.indices { svg += node(timeline.steps[index], index: index, at: layout.boxes[index]) }
        return svg + "</svg>\n"
    }

    private static let markers = """
        <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">\
        <path d="M0,0L10,5L0,10z" fill="#8c959f"/></marker>\
        <marker id="arrow-crit" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">\
        <path d="M0,0L10,5L0,10z" fill="#8250df"/></marker>\
        <marker id="arrow-phase" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" orient="auto">\
        <path d="M0,0L10,5L0,10z" fill="#afb8c1"/></marker></defs>\n
        """

    private static func node(_ step: RunTimeline.Step, index: Int, at box: HTMLDAGLayout.Box) -> String {
        let e = HTMLText.escape
        let state = step.record.state
        let classes = "node t-\(HTMLStepStates.tone(state))" + (step.onCriticalPath ? " crit" : "")
        let detail = state == .skipped || step.record.duration == nil
            ? HTMLStepStates.label(state)
            : HTMLStepStates.label(state) + " · " + StepDuration.text(step.record.duration)
        return "<g class=\"\(classes)\" data-step=\"\(e(step.id))\" data-state=\"\(state.rawValue)\" transform=\"translate(\(box.x),\(box.y))\">"
            + "<title>\(e(step.id)): \(HTMLStepStates.label(state))\(step.onCriticalPath ? ", on the critical path" : "")</title>"
            + "<rect width=\"\(HTMLDAGLayout.boxWidth)\" height=\"\(HTMLDAGLayout.boxHeight)\" rx=\"5\"/>"
            + "<text x=\"8\" y=\"16\">\(e(shortened(step.id)))</text>"
            + "<text class=\"sub\" x=\"8\" y=\"30\">\(e(step.kind.rawValue)) · \(e(detail))</text></g>\n"
    }

    /// Ids longer than a box keep their start and their end, which tell steps apart best.
    static func shortened(_ id: String, fitting limit: Int = 24) -> String {
        guard id.count > limit else { return id }
        return String(id.prefix(8)) + "…" + String(id.suffix(limit - 9))
    }

    private struct Edge { var from: Int; var to: Int; var critical: Bool }

    /// An arrow per step a step names in `needs`; one broad arrow per phase that waits for a
    /// whole phase (through the phase barriers); and, on the critical path, an arrow from the
    /// step it waited on last even when that wait went through a phase barrier.
    private static func edges(_ timeline: RunTimeline, _ layout: HTMLDAGLayout) -> String {
        let indexByID = Dictionary(timeline.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let phaseIndex = Dictionary(timeline.phases.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var single: [Edge] = []
        var phasePairs: Set<[Int]> = []
        for (to, step) in timeline.steps.enumerated() {
            let waitedOn = step.waitedOn.flatMap { indexByID[$0] }
            let criticalFrom = step.onCriticalPath ? waitedOn.flatMap { timeline.steps[$0].onCriticalPath ? $0 : nil } : nil
            for need in step.needs {
                guard let from = indexByID[need] else { continue }
                single.append(Edge(from: from, to: to, critical: from == criticalFrom))
            }
            if let criticalFrom, !step.needs.contains(timeline.steps[criticalFrom].id) {
                single.append(Edge(from: criticalFrom, to: to, critical: true))
            }
            for phase in step.needsPhases {
                if let from = phaseIndex[phase], from != layout.phaseOf[to] { phasePairs.insert([from, layout.phaseOf[to]]) }
            }
        }
        var svg = ""
        for pair in phasePairs.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) {
            svg += phaseEdge(from: layout.phases[pair[0]], to: layout.phases[pair[1]])
        }
        // Critical arrows last, so that they are drawn over the others.
        for edge in single.sorted(by: { ($0.critical ? 1 : 0, $0.to, $0.from) < ($1.critical ? 1 : 0, $1.to, $1.from) }) {
            svg += stepEdge(edge, timeline, layout)
        }
        return svg
    }

    private static func stepEdge(_ edge: Edge, _ timeline: RunTimeline, _ layout: HTMLDAGLayout) -> String {
        let from = layout.boxes[edge.from], to = layout.boxes[edge.to]
        let x1 = from.x + HTMLDAGLayout.boxWidth, y1 = from.y + HTMLDAGLayout.boxHeight / 2
        let x2 = to.x - 1, y2 = to.y + HTMLDAGLayout.boxHeight / 2
        let bend = max(18, (x2 - x1) / 2)
        let e = HTMLText.escape
        return "<path class=\"edge\(edge.critical ? " crit" : "")\" data-from=\"\(e(timeline.steps[edge.from].id))\" data-to=\"\(e(timeline.steps[edge.to].id))\" "
            + "d=\"M\(x1),\(y1) C\(x1 + bend),\(y1) \(x2 - bend),\(y2) \(x2),\(y2)\" marker-end=\"url(#\(edge.critical ? "arrow-crit" : "arrow"))\"/>\n"
    }

    private static func phaseEdge(from: HTMLDAGLayout.PhaseFrame, to: HTMLDAGLayout.PhaseFrame) -> String {
        let y = from.y + HTMLDAGLayout.phaseTitle / 2 + 2
        let x1 = from.x + from.width + 2, x2 = to.x - 3
        let e = HTMLText.escape
        // Between phases that are not neighbours the arrow arcs over the ones between.
        let lift = to.x - (from.x + from.width) > HTMLDAGLayout.phaseGap ? -26 : 0
        return "<path class=\"edge phase-edge\" data-from-phase=\"\(e(from.name))\" data-to-phase=\"\(e(to.name))\" "
            + "d=\"M\(x1),\(y) C\(x1 + 10),\(y + lift) \(x2 - 10),\(y + lift) \(x2),\(y)\" marker-end=\"url(#arrow-phase)\"/>\n"
    }
}
