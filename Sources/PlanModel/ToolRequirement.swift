/// A program the plan runs, and which steps run it: what the preflight checks before a run starts.
package struct ToolRequirement: Sendable, Hashable, Codable {
    /// The program as steps name it: a name looked up on PATH, or a path relative to the plan's folder.
    package var program: String
    /// The argv that prints its version (and proves it starts); nil when only its presence is checked.
    package var versionArgv: [String]?
    /// Ids of the steps that need it, in plan order.
    package var steps: [String]
    /// The provider profile that declares it, when it is one of the provider's tools.
    package var provider: String?

    package init(program: String, versionArgv: [String]? = nil, steps: [String] = [], provider: String? = nil) {
        self.program = program
        self.versionArgv = versionArgv
        self.steps = steps
        self.provider = provider
    }
}
