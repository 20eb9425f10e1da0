/// What a compile needs besides the plan: the environment, variable overrides and where the run lives.
package struct CompileOptions: Sendable {
    package var environment: String
    /// `--set name=value` overrides, highest precedence.
    package var overrides: [String: String]
    /// The caller's environment, for `BOSUN_VAR_<name>` overrides.
    package var processEnvironment: [String: String]
    /// Absolute path of the run's private folder (kubeconfig, terraform plan files), recorded as
    /// the plan's ``CompiledPlan/runDirectory``: commands name it `{run}`, so it never changes
    /// them. Dry runs pass a placeholder such as `.bosun/runs/<run>`.
    package var runDirectory: String
    /// The plan's folder in the working tree, when the plan is compiled from a revision's copy: a
    /// machine-local file (a provider's `path:` parameter, such as an untracked kubeconfig) that
    /// the revision does not hold is read from there.
    package var workingTreeFolder: String?

    package init(environment: String, overrides: [String: String] = [:], processEnvironment: [String: String] = [:], runDirectory: String) {
        self.environment = environment
        self.overrides = overrides
        self.processEnvironment = processEnvironment
        self.runDirectory = runDirectory
    }
}
