import PlanModel

/// Fills `{capture:NAME}` placeholders in a command's argv with values captured earlier in the
/// same step. Substitution happens per argv word, so a captured value never becomes more than
/// one argument, whatever it contains.
enum CaptureSubstitution {
    /// The command with its placeholders filled; nil when it names a value not captured.
    static func apply(_ captures: [String: String], to command: StepCommand) -> StepCommand? {
        apply({ captures[$0] }, to: command)
    }

    /// The same with values looked up by name: only commands with placeholders pay for the lookup.
    static func apply(_ lookup: (String) -> String?, to command: StepCommand) -> StepCommand? {
        guard case .exec(var exec) = command, exec.argv.contains(where: { $0.contains("{capture:") }) else { return command }
        var words: [String] = []
        for word in exec.argv {
            var filled = word
            while let open = filled.range(of: "{capture:"), let close = filled[open.upperBound...].firstIndex(of: "}") {
                let name = String(filled[open.upperBound..<close])
                guard let value = lookup(name) else { return nil }
                filled.replaceSubrange(open.lowerBound...close, with: value)
            }
            words.append(filled)
        }
        exec.argv = words
        return .exec(exec)
    }
}
