/// How a step differs between two versions of a plan (`bosun diff`): the change itself, not only
/// that there is one. Every text is masked: secrets are never in it.
package struct StepChange: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Codable { case added, removed, changed }

    package var id: String
    package var kind: Kind
    /// What changed, for people: "commands", "on-failure commands", "timeout", "variable version",
    /// "file k8s/app.yaml". Empty for added and removed steps.
    package var reasons: [String]
    /// Commands that differ, in order; every command of an added or removed step.
    package var commands: [CommandChange]
    /// Settings that differ (timeout, retries, needs…).
    package var settings: [SettingChange]
    /// Variables the step names whose resolved value differs.
    package var variables: [VariableChange]
    /// Files the step reads (before or after) that changed, relative to the plan's folder.
    package var files: [String]

    init(
        id: String, kind: Kind, reasons: [String] = [], commands: [CommandChange] = [], settings: [SettingChange] = [],
        variables: [VariableChange] = [], files: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.reasons = reasons
        self.commands = commands
        self.settings = settings
        self.variables = variables
        self.files = files
    }
}

/// One command of a step that was added, removed or replaced.
package struct CommandChange: Sendable, Hashable, Codable {
    package enum List: String, Sendable, Codable {
        case commands
        /// The commands run after the last failed attempt (a rollout's undo).
        case onFailure = "on-failure"
    }

    package var list: List
    /// Nil when the command is new.
    package var old: CommandText?
    /// Nil when the command is gone.
    package var new: CommandText?
    /// A unified diff of the command's standard input (a rendered manifest) when that is what
    /// changed; nil otherwise.
    package var stdinDiff: String?

    init(list: List, old: CommandText?, new: CommandText?, stdinDiff: String? = nil) {
        self.list = list
        self.old = old
        self.new = new
        self.stdinDiff = stdinDiff
    }
}

/// A command as it is shown: its exact argv words (nil for HTTP checks and approvals) and the
/// line a user would type.
package struct CommandText: Sendable, Hashable, Codable {
    var argv: [String]?
    package var text: String

    init(argv: [String]?, text: String) {
        self.argv = argv
        self.text = text
    }
}

/// A setting of a step, before and after; nil where the step has none (no timeout).
package struct SettingChange: Sendable, Hashable, Codable {
    package var name: String
    package var old: String?
    package var new: String?

    init(name: String, old: String?, new: String?) {
        self.name = name
        self.old = old
        self.new = new
    }
}

/// A variable's resolved value before and after; nil where it is not defined. A secret's value
/// is `***` on both sides: that it changed is all that is said.
package struct VariableChange: Sendable, Hashable, Codable {
    package var name: String
    package var old: String?
    package var new: String?
    package var secret: Bool

    init(name: String, old: String?, new: String?, secret: Bool = false) {
        self.name = name
        self.old = old
        self.new = new
        self.secret = secret
    }
}
