import ArgumentParser
import Deployment

/// The options every command that reads a plan shares.
struct PlanOptions: ParsableArguments {
    @Argument(help: "The plan file (YAML), e.g. plans/ecotrack/ecotrack.yaml.", completion: .file(extensions: ["yaml", "yml"]))
    var plan: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a variable (repeatable).", valueName: "name=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Folder of provider profiles (default: the nearest providers/ above the plan).", valueName: "dir"))
    var providers: String?

    /// `--set` values as a dictionary; `validate()` has already rejected malformed ones.
    var overrideValues: [String: String] {
        var values: [String: String] = [:]
        for item in overrides {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = String(parts[1])
        }
        return values
    }

    /// The reader of this plan with these `--set` values and profiles.
    var reader: PlanReader { PlanReader(plan: plan, overrides: overrideValues, providers: providers) }

    func validate() throws {
        for item in overrides {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--set takes name=value, got '\(item)'")
            }
        }
    }
}

/// `--env`, for commands that work on one environment.
struct EnvironmentOption: ParsableArguments {
    @Option(name: .customLong("env"), help: "The environment to use, as named in the plan's environments.")
    var environment: String
}
