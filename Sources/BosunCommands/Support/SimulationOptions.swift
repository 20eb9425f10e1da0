import ArgumentParser
import Foundation
import Sandbox

/// How the sandbox's simulated cluster behaves; shared by `sandbox start` and `sandbox serve`.
struct SimulationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds a new pod takes to become Ready.", valueName: "seconds"))
    var readyDelay: Double = 1

    @Option(help: ArgumentHelp(
        "Images matching this glob never become Ready (repeatable; default: \(SimulationSettings.defaultBadImagePatterns.joined(separator: ", "))).",
        valueName: "glob"))
    var badImagePattern: [String] = []

    func validate() throws {
        guard readyDelay >= 0 else { throw ValidationError("--ready-delay must be zero or more seconds") }
    }

    var settings: SimulationSettings {
        SimulationSettings(
            readyDelay: readyDelay,
            badImagePatterns: badImagePattern.isEmpty ? SimulationSettings.defaultBadImagePatterns : badImagePattern)
    }

    /// The same options, to pass on to the detached `sandbox serve`.
    var arguments: [String] {
        ["--ready-delay", String(readyDelay)] + badImagePattern.flatMap { ["--bad-image-pattern", $0] }
    }
}
