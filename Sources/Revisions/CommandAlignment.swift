import Foundation
import GitKit
import PlanModel

/// Lines up a step's commands before and after: the commands both sides start and end with are
/// left out, and what lies between is paired in order (a replaced command shows its old and new
/// words together, and a changed standard input its diff); the rest is added or removed.
enum CommandAlignment {
    static func changes(_ old: [StepCommand], _ new: [StepCommand], list: CommandChange.List) -> [CommandChange] {
        var start = 0
        while start < old.count, start < new.count, old[start] == new[start] { start += 1 }
        var oldEnd = old.count, newEnd = new.count
        while oldEnd > start, newEnd > start, old[oldEnd - 1] == new[newEnd - 1] {
            oldEnd -= 1
            newEnd -= 1
        }
        let removed = old[start..<oldEnd], added = new[start..<newEnd]
        return (0..<max(removed.count, added.count)).map { offset in
            change(list, offset < removed.count ? removed[start + offset] : nil, offset < added.count ? added[start + offset] : nil)
        }
    }

    /// Every command of a step that is new.
    static func added(_ step: CompiledStep) -> [CommandChange] {
        step.commands.map { change(.commands, nil, $0) } + step.onFailure.map { change(.onFailure, nil, $0) }
    }

    /// Every command of a step that is gone.
    static func removed(_ step: CompiledStep) -> [CommandChange] {
        step.commands.map { change(.commands, $0, nil) } + step.onFailure.map { change(.onFailure, $0, nil) }
    }

    private static func change(_ list: CommandChange.List, _ old: StepCommand?, _ new: StepCommand?) -> CommandChange {
        CommandChange(list: list, old: old.map(text), new: new.map(text), stdinDiff: stdinDiff(old, new))
    }

    private static func text(_ command: StepCommand) -> CommandText {
        CommandText(argv: command.argv, text: command.displayText)
    }

    /// The diff of a replaced command's standard input, when it has one that changed.
    private static func stdinDiff(_ old: StepCommand?, _ new: StepCommand?) -> String? {
        guard case .exec(let before) = old, case .exec(let after) = new, before.stdin != after.stdin else { return nil }
        return try? UnifiedDiff.patch(from: before.stdin.map { Data($0.utf8) }, to: after.stdin.map { Data($0.utf8) }, path: "stdin")
    }
}
