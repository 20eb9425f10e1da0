/// Where the report's graph places each step: phases side by side, left to right in the order
/// they run; inside a phase, one column per depth (how many of the phase's own steps lie before
/// the step), steps in the timeline's order down each column. A column taller than `maxRows`
/// wraps into several, so a phase of a hundred parallel steps stays on screen.
struct HTMLDAGLayout {
    struct Box { var x: Int; var y: Int }
    struct PhaseFrame { var name: String; var x: Int; var y: Int; var width: Int; var height: Int }

    static let boxWidth = 184, boxHeight = 38
    static let columnGap = 46, rowGap = 12, phaseGap = 30, padding = 14, phaseTitle = 24, margin = 12
    static let maxRows = 16

    /// By index in the timeline's steps.
    var boxes: [Box]
    var phases: [PhaseFrame]
    /// The phase index of each step.
    var phaseOf: [Int]
    var width: Int
    var height: Int

    init(_ timeline: RunTimeline) {
        let count = timeline.steps.count
        boxes = Array(repeating: Box(x: 0, y: 0), count: count)
        phaseOf = Array(repeating: 0, count: count)
        phases = []
        let indexByID = Dictionary(timeline.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (phaseIndex, phase) in timeline.phases.enumerated() { for step in phase.steps { phaseOf[step] = phaseIndex } }

        var x = Self.margin
        var tallest = 0
        for (phaseIndex, phase) in timeline.phases.enumerated() {
            let columns = Self.columns(of: phase, in: timeline, phaseIndex: phaseIndex, phaseOf: phaseOf, indexByID: indexByID)
            let rows = columns.map(\.count).max() ?? 0
            let top = Self.margin + Self.phaseTitle + Self.padding
            for (column, members) in columns.enumerated() {
                for (row, step) in members.enumerated() {
                    boxes[step] = Box(x: x + Self.padding + column * (Self.boxWidth + Self.columnGap),
                                      y: top + row * (Self.boxHeight + Self.rowGap))
                }
            }
            let width = 2 * Self.padding + columns.count * Self.boxWidth + max(0, columns.count - 1) * Self.columnGap
            let height = Self.phaseTitle + 2 * Self.padding + rows * Self.boxHeight + max(0, rows - 1) * Self.rowGap
            phases.append(PhaseFrame(name: phase.name, x: x, y: Self.margin, width: width, height: height))
            tallest = max(tallest, height)
            x += width + Self.phaseGap
        }
        for index in phases.indices { phases[index].height = tallest }
        width = max(x - Self.phaseGap + Self.margin, 2 * Self.margin)
        height = tallest + 2 * Self.margin
    }

    /// The phase's steps by depth among its own steps, each depth wrapped at `maxRows`.
    private static func columns(
        of phase: RunTimeline.Phase, in timeline: RunTimeline, phaseIndex: Int, phaseOf: [Int], indexByID: [String: Int]
    ) -> [[Int]] {
        var depth: [Int: Int] = [:]
        var byDepth: [[Int]] = []
        // The timeline lists every step after what it needs, so one pass sees each need's depth.
        for step in phase.steps {
            let inPhase = timeline.steps[step].needs.compactMap { indexByID[$0] }.filter { phaseOf[$0] == phaseIndex }
            let level = inPhase.compactMap { depth[$0] }.max().map { $0 + 1 } ?? 0
            depth[step] = level
            while byDepth.count <= level { byDepth.append([]) }
            byDepth[level].append(step)
        }
        return byDepth.flatMap { members in
            stride(from: 0, to: members.count, by: maxRows).map { Array(members[$0..<min($0 + maxRows, members.count)]) }
        }
    }
}
