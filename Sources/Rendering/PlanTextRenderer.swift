import BosunBasics
import Execution
import PlanModel

/// The dry run for people: steps by level, what each needs, and the exact commands.
package enum PlanTextRenderer {
    package static func render(_ plan: CompiledPlan, source: RunSource? = nil, style: TerminalStyle) -> String {
        let dependencies = StepDependencies(plan)
        let real = plan.steps.indices.filter { !plan.steps[$0].isBarrier }
        var lines: [String] = []
        lines.append(style.bold("Plan \(plan.planName)") + (plan.description.map { " — \($0)" } ?? ""))
        let levelCount = Set(real.map { plan.levels[$0] }).count
        lines.append("Environment \(style.bold(plan.environment)): \(real.count) steps in \(levelCount) levels; critical path \(plan.criticalPath.count) steps")
        if let source { lines.append(SourceText.describe(source, style: style)) }
        lines.append(style.dim("working directory \(plan.workingDirectory)"))
        lines.append(style.dim("run folder \(plan.runDirectory) (kubeconfig \(plan.kubeconfig))"))

        let byLevel = Dictionary(grouping: real) { plan.levels[$0] }
        for level in byLevel.keys.sorted() {
            lines.append("")
            lines.append(style.bold("Level \(level)"))
            for node in byLevel[level]! {
                lines += describe(plan.steps[node], needs: dependencies.direct[node], style: style)
            }
        }
        lines.append("")
        let path = plan.criticalPath.map { plan.steps[$0].id }.joined(separator: " -> ")
        lines.append(style.bold("Critical path") + " (\(plan.criticalPath.count) steps): \(path)")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ step: CompiledStep, needs: [String], style: TerminalStyle) -> [String] {
        var settings: [String] = []
        if let timeout = step.timeout { settings.append("timeout \(DurationSyntax.format(seconds: timeout))") }
        if step.retries > 0 { settings.append("retries \(step.retries)") }
        var lines = ["  " + style.stepID(step.id) + "  " + step.summary + (settings.isEmpty ? "" : style.dim("  [\(settings.joined(separator: ", "))]"))]
        lines.append(style.dim("    \(step.location)"))
        if !needs.isEmpty { lines.append(style.dim("    needs: \(needs.joined(separator: ", "))")) }
        lines += step.commands.map { "    $ " + $0.displayText }
        if !step.onFailure.isEmpty {
            lines.append("    " + style.warning("on failure:"))
            lines += step.onFailure.map { "    $ " + $0.displayText }
        }
        if let preview = step.preview {
            lines.append("    " + style.dim("preview (plan --live runs this instead):"))
            lines.append("    $ " + preview.displayText)
        }
        return lines
    }
}
