import PlanModel

/// A runner that runs nothing: it reports each command as "would run: …" and succeeds, so a dry
/// run goes through exactly the same scheduling as a real one (ninja's `DryRunCommandRunner`).
package struct DryRunRunner: CommandRunner {
    package init() {}

    package func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome {
        context.emit("would run: \(command.displayText)")
        return .success()
    }
}
