import Revisions

/// `bosun diff` for people: the variables, then each step that changed with what changed in it
/// (its commands word for word, settings, variables, and the unified diff of each file it
/// reads), then the changed files no step reads. A file's diff is printed once, under the first
/// step that reads it.
package enum PlanDiffRenderer {
    package static func text(_ diff: PlanDiff) -> String {
        var lines = [headline(diff)]
        if !diff.variables.isEmpty {
            lines.append("variables:")
            lines += diff.variables.map { "  " + variable($0) }
        }
        var shown: [String: String] = [:]
        for step in diff.steps { lines += self.step(step, files: diff.files, shown: &shown) }
        lines += unread(diff.files)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func headline(_ diff: PlanDiff) -> String {
        let sides = side(diff.from) + " → " + side(diff.to)
        guard diff.hasChanges else { return sides + ": no changes" }
        let steps = diff.steps.count, files = diff.files.count
        return sides + ": \(steps) step\(steps == 1 ? "" : "s") change, \(files) file\(files == 1 ? "" : "s") changed"
    }

    private static func side(_ side: PlanDiff.Side) -> String {
        guard let revision = side.revision else { return "working tree" }
        return "\(revision) (\(side.commit.map { String($0.prefix(7)) } ?? "?"))"
    }

    private static func variable(_ change: VariableChange) -> String {
        "\(change.name): \(change.old ?? "(none)") → \(change.new ?? "(none)")" + (change.secret ? " (secret: its value changed)" : "")
    }

    private static func step(_ step: StepChange, files: [FileChange], shown: inout [String: String]) -> [String] {
        let mark = switch step.kind { case .added: "+"; case .removed: "-"; case .changed: "~" }
        var lines = ["\(mark) \(step.id)" + (step.reasons.isEmpty ? "" : " (" + step.reasons.joined(separator: ", ") + ")")]
        for command in step.commands { lines += self.command(command) }
        lines += step.settings.map { "    \($0.name): \($0.old ?? "(none)") → \($0.new ?? "(none)")" }
        lines += step.variables.map { "    variable " + variable($0) }
        for path in step.files {
            guard let file = files.first(where: { $0.path == path }) else { continue }
            if let first = shown[path] {
                lines.append("    file \(path): diff shown under \(first)")
                continue
            }
            shown[path] = step.id
            lines += self.file(file, indent: "    ")
        }
        return lines
    }

    private static func command(_ change: CommandChange) -> [String] {
        var lines = ["    " + (change.list == .commands ? "command:" : "on-failure command:")]
        if let old = change.old, let new = change.new, old.text == new.text {
            // Only what it reads on standard input changed: the words are shown once.
            lines.append("      = " + new.text)
        } else {
            if let old = change.old { lines.append("      - " + old.text) }
            if let new = change.new { lines.append("      + " + new.text) }
        }
        if let stdin = change.stdinDiff, !stdin.isEmpty {
            lines.append("      standard input:")
            lines += indented(stdin, by: "        ")
        }
        return lines
    }

    private static func file(_ file: FileChange, indent: String, note: String = "") -> [String] {
        var lines = [indent + "file \(file.path) (\(file.kind.rawValue))\(note):"]
        lines += file.patch.isEmpty
            ? [indent + "  (its text is the same once secrets are masked, or only its mode changed)"]
            : indented(file.patch, by: indent + "  ")
        return lines
    }

    /// The changed files no step reads, the plan file first (its changes are the steps' above).
    private static func unread(_ files: [FileChange]) -> [String] {
        let unread = files.filter(\.readBy.isEmpty).sorted { $0.isPlan && !$1.isPlan }
        guard !unread.isEmpty else { return [] }
        var lines = ["files changed that no step reads:"]
        for file in unread {
            lines += self.file(file, indent: "  ", note: file.isPlan ? ", the plan itself" : "")
        }
        return lines
    }

    private static func indented(_ text: String, by indent: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0).map { indent + $0 }
    }
}
