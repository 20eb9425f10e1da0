/// The folders a compiled plan names by token instead of by path: `{run}`, the run's private
/// folder, and `{plan}`, the folder the plan's files are read from (the working tree's, or the
/// run's workspace where a revision was materialized). The plan holds neither path in its
/// commands, so it is the same wherever it was compiled: its digest, plan.json and `bosun diff`
/// need no rewriting. The runner resolves the tokens word by word when a command starts.
package struct PlanFolders: Sendable, Hashable {
    package var run: String
    package var plan: String

    package init(run: String, plan: String) {
        self.run = run
        self.plan = plan
    }

    /// The same folders as paths from `folder`, for files whose readers refuse absolute paths (a
    /// kustomize overlay's `resources:`).
    package func relative(from folder: String) -> PlanFolders {
        PlanFolders(run: RelativePath.from(folder, to: run), plan: RelativePath.from(folder, to: plan))
    }
}

/// The syntax of the words that carry tokens: argv words, working directories, environment
/// values, standard-output files and the files a step writes into the run folder.
///
/// `{run}`, `{plan}` and `{capture:NAME}` are tokens; `{{` is a literal `{`; any other `{` is
/// itself (JSON in an argv reads as written). The compiler writes plan data through
/// ``escaped(_:)``, which doubles each `{` that would start a token, so a plan that says `{run}`
/// runs `{run}`, and only the compiler's own tokens are ever replaced.
package enum CommandWord {
    package static let run = "{run}"
    package static let plan = "{plan}"

    /// A path under the run folder, as commands name it: `{run}/kubeconfig`.
    package static func inRun(_ relative: String) -> String { run + "/" + escaped(relative) }

    /// A path under the plan's folder, as commands name it: `{plan}/kube.yaml`.
    package static func inPlan(_ relative: String) -> String { plan + "/" + escaped(relative) }

    /// Plan data as a word that means exactly that text once resolved.
    package static func escaped(_ text: String) -> String {
        guard text.contains("{") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            output += rest[...open]
            let after = rest[rest.index(after: open)...]
            if startsToken(after) { output += "{" }
            rest = after
        }
        return output + rest
    }

    /// Whether the text after a `{` would make it a token or an escape.
    private static func startsToken(_ after: Substring) -> Bool {
        after.hasPrefix("{") || after.hasPrefix("run}") || after.hasPrefix("plan}") || after.hasPrefix("capture:")
    }

    /// Whether a word holds anything ``resolve(_:in:captures:)`` would change.
    static func hasTokens(_ word: String) -> Bool { word.contains("{") }

    /// The word with its tokens replaced: folders from `folders` (kept as written when nil),
    /// captured values from `captures` (kept as written when nil). Nil when `captures` lacks a
    /// value the word names.
    package static func resolve(
        _ word: String, in folders: PlanFolders?, captures: ((String) -> String?)? = nil
    ) -> String? {
        guard word.contains("{") else { return word }
        var output = ""
        var rest = Substring(word)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if after.hasPrefix("{") {
                output += "{"
                rest = after.dropFirst()
            } else if after.hasPrefix("run}") {
                output += folders?.run ?? run
                rest = after.dropFirst(4)
            } else if after.hasPrefix("plan}") {
                output += folders?.plan ?? plan
                rest = after.dropFirst(5)
            } else if after.hasPrefix("capture:"), let close = after.firstIndex(of: "}") {
                let name = String(after[after.index(after.startIndex, offsetBy: 8)..<close])
                if let captures {
                    guard let value = captures(name) else { return nil }
                    output += value
                } else {
                    output += ExecCommand.capturePlaceholder(name)
                }
                rest = after[after.index(after: close)...]
            } else {
                output += "{"
                rest = after
            }
        }
        return output + rest
    }

    /// The captured values a word names, in order.
    package static func captureNames(in word: String) -> [String] {
        var names: [String] = []
        _ = resolve(word, in: nil) { name in
            names.append(name)
            return ""
        }
        return names
    }
}

/// A path from one absolute folder to another, as kustomize wants its resources (it refuses
/// absolute ones).
package enum RelativePath {
    package static func from(_ folder: String, to target: String) -> String {
        let base = standardized(folder)
        let goal = standardized(target)
        var shared = 0
        while shared < min(base.count, goal.count), base[shared] == goal[shared] { shared += 1 }
        let parts = Array(repeating: "..", count: base.count - shared) + goal[shared...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The path's components with `.` and `..` resolved (lexically, as URL.standardized does).
    private static func standardized(_ path: String) -> [String] {
        var parts: [String] = ["/"]
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if parts.count > 1 { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        return parts
    }
}
