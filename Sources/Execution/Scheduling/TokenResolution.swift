import PlanModel

/// Fills a command's tokens as it starts (``CommandWord``): `{run}` and `{plan}` with the run's
/// folders, `{capture:NAME}` with values captured earlier in the same step (or the run). Each
/// word is resolved on its own, so a captured value or a folder never becomes more than one
/// argument, whatever it contains; a `{run}` that came from plan data was escaped by the compiler
/// and stays as written.
enum TokenResolution {
    /// The command with its tokens filled; nil when it names a value not captured.
    static func apply(_ folders: PlanFolders, _ captures: [String: String], to command: StepCommand) -> StepCommand? {
        apply(folders, { captures[$0] }, to: command)
    }

    /// The same with captured values looked up by name: only commands that name one pay for the lookup.
    static func apply(_ folders: PlanFolders, _ lookup: (String) -> String?, to command: StepCommand) -> StepCommand? {
        withoutActuallyEscaping(lookup) { lookup in command.resolved(in: folders, captures: lookup) }
    }
}
