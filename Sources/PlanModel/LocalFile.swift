import BosunBasics

/// A machine-local file a provider parameter names (`kubeconfig: …`): read where Bosun runs, not
/// deployed. Listed so that a missing one is reported before anything runs, and so that a run
/// from a revision that does not hold it says where it was read from instead.
package struct LocalFile: Sendable, Hashable {
    /// The provider parameter that names it.
    package var parameter: String
    /// The absolute path that is read.
    package var path: String
    /// Where the plan names it.
    package var location: SourceLocation
    package var exists: Bool
    /// True when the plan was compiled from a revision's copy that does not hold the file, and
    /// the working tree's file is read instead (an untracked kubeconfig, like the sandbox's).
    package var fromWorkingTree: Bool

    package init(parameter: String, path: String, location: SourceLocation, exists: Bool, fromWorkingTree: Bool) {
        self.parameter = parameter
        self.path = path
        self.location = location
        self.exists = exists
        self.fromWorkingTree = fromWorkingTree
    }

    /// What is said when the file does not exist: a warning where nothing runs yet (validate,
    /// plan), an error where a run would connect with it.
    package func missing(_ severity: Diagnostic.Severity) -> Diagnostic {
        Diagnostic(severity, at: location, "\(parameter) file not found: \(path)",
                   hint: "the connect step reads it; create it (the sandbox's: `bosun sandbox start`) or fix the path")
    }
}
