import Foundation
import PlanModel

/// The DAG as Graphviz DOT or Mermaid, with one cluster per phase. Phase barriers are drawn as
/// small points so the picture keeps the graph's O(n + m) edges.
package enum GraphRenderer {
    package static func dot(_ plan: CompiledPlan) -> String {
        var lines = ["digraph \(quoted(plan.planName + " (" + plan.environment + ")")) {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
        for (phase, nodes) in phases(of: plan) {
            lines.append("  subgraph \(quoted("cluster_" + phase)) {")
            lines.append("    label=\(quoted(phase));")
            for node in nodes {
                let step = plan.steps[node]
                let attributes = step.isBarrier ? "shape=point, width=0.08, label=\"\"" : "label=\(quoted(step.id + "\n" + step.kind.rawValue))"
                lines.append("    n\(node) [\(attributes)];")
            }
            lines.append("  }")
        }
        for node in plan.steps.indices {
            for dependency in plan.graph.dependencies[node] { lines.append("  n\(dependency) -> n\(node);") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    package static func mermaid(_ plan: CompiledPlan) -> String {
        var lines = ["flowchart LR"]
        for (phase, nodes) in phases(of: plan) {
            lines.append("  subgraph \(mermaidID(phase))[\"\(mermaidText(phase))\"]")
            for node in nodes {
                let step = plan.steps[node]
                lines.append(step.isBarrier ? "    n\(node)(( ))" : "    n\(node)[\"\(mermaidText(step.id))\"]")
            }
            lines.append("  end")
        }
        for node in plan.steps.indices {
            for dependency in plan.graph.dependencies[node] { lines.append("  n\(dependency) --> n\(node)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Nodes grouped by phase, phases in plan order.
    private static func phases(of plan: CompiledPlan) -> [(String, [Int])] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (node, step) in plan.steps.enumerated() {
            if members[step.phase] == nil { order.append(step.phase) }
            members[step.phase, default: []].append(node)
        }
        return order.map { ($0, members[$0]!) }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    private static func mermaidID(_ text: String) -> String {
        "phase_" + String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private static func mermaidText(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;")
    }
}
