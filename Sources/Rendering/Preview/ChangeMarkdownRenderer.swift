import Foundation
import ChangePreview

/// `--format markdown`: a pull-request comment. A table of every step, then each change's diff
/// folded under `<details>`, within GitHub's 65,536-character limit for a comment: what does not
/// fit is left out whole, and the comment says how much and how to see it.
package enum ChangeMarkdownRenderer {
    /// GitHub refuses longer comment bodies (characters; counted here as UTF-16 code units, which
    /// is never fewer).
    package static let limit = 65_536

    package static func render(_ report: ChangeReport, command: String, limit: Int = limit) -> String {
        var head = ["### Bosun preview: `\(code(report.plan))` on `\(code(report.environment))`", "",
                    "From \(ChangeTextRenderer.sourceText(report)).", "",
                    "**" + escape(ChangeWording.summary(report.summary)) + "**", ""]
        for problem in report.problems { head.append("> ⚠️ " + escape(problem)) }
        let table = ["| step | phase | change |", "| --- | --- | --- |"] + report.steps.map { step in
            "| `\(code(step.id))` | \(escape(step.phase)) | \(escape(ChangeWording.headline(step.outcome))) |"
        }
        let sections = report.steps.flatMap(sections)
        // Reserve room for the longest note this can end with.
        let reserve = 400 + command.utf16.count
        var body = head.joined(separator: "\n") + "\n"
        var rowsShown = 0
        for row in table {
            guard size(body) + size(row) + 1 + reserve <= limit else { break }
            body += row + "\n"
            rowsShown += 1
        }
        var sectionsShown = 0
        if rowsShown == table.count {
            body += "\n"
            for section in sections {
                guard size(body) + size(section) + 1 + reserve <= limit else { break }
                body += section + "\n"
                sectionsShown += 1
            }
        }
        let rowsLeft = table.count - rowsShown
        let sectionsLeft = sections.count - sectionsShown
        if rowsLeft > 0 || sectionsLeft > 0 {
            var missing: [String] = []
            if rowsLeft > 0 { missing.append("\(rowsLeft) of \(report.steps.count) steps") }
            if sectionsLeft > 0 { missing.append("\(sectionsLeft) of \(sections.count) diffs") }
            body += "\n> ✂️ Truncated to stay under GitHub's \(limit)-character comment limit: \(missing.joined(separator: " and ")) not shown. "
                + "Run `\(code(command))` for the whole preview.\n"
        }
        return body
    }

    /// A step's foldable details: each object's diff, Terraform's addresses, a preview's output.
    private static func sections(_ step: StepPreview) -> [String] {
        switch step.outcome {
        case .terraform(let changes):
            let own = changes.filter(\.inTarget)
            guard !own.isEmpty else { return [] }
            let lines = own.map { "\(ChangeWording.mark($0.action)) \($0.address)" }.joined(separator: "\n")
            return [folded("`\(code(step.id))`: Terraform, \(own.count) change\(own.count == 1 ? "" : "s")", block(lines, language: "diff"))]
        case .kubernetes(let objects):
            return objects.filter { $0.action != .unchanged }.map { object in
                let title = "`\(code(step.id))`: \(object.action == .create ? "create" : "change") \(escapeHTML(object.shownName))"
                return folded(title, block(object.diff ?? "", language: "diff"))
            }
        case .runs(_, let preview?):
            return [folded("`\(code(step.id))`: `\(code(preview.command))`", block(preview.output, language: ""))]
        default:
            return []
        }
    }

    private static func folded(_ summary: String, _ content: String) -> String {
        "<details><summary>\(summary)</summary>\n\n\(content)\n\n</details>"
    }

    /// A fenced block whose fence is longer than any run of backticks inside it.
    private static func block(_ text: String, language: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + text + "\n" + fence
    }

    private static func size(_ text: String) -> Int { text.utf16.count }

    /// Text inside a table cell: no line breaks, no cell separators, no HTML.
    private static func escape(_ text: String) -> String {
        escapeHTML(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Text inside inline code: a backtick would end it.
    private static func code(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ")
    }
}
