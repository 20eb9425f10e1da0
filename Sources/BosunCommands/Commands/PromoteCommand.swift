import ArgumentParser
import Deployment
import Foundation
import Revisions

struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Copy one environment's pin to another (staging → prod).",
        discussion: "The target environment's rules apply: a protected one takes only revisions on its branch.")

    @OptionGroup var planOptions: PlanOptions
    @Option(help: "The environment whose pin is copied.") var from: String
    @Option(help: "The environment that gets it.") var to: String
    @Flag(help: "Accept a revision that is not reachable from a protected environment's branch.") var allowUnmerged = false

    func run() throws {
        let console = Console()
        let sourcing = PlanSource(
            reader: planOptions.reader, environment: to,
            request: SourceRequest(allowUnmerged: allowUnmerged))
        let (policy, planName) = try sourcing.policyAndName()
        do {
            let pin = try Pinning.promote(planPath: planOptions.plan, planName: planName, from: from, policy: policy, request: sourcing.request)
            console.line("promoted \(from) → \(to): \(pin.revision) = \(pin.commit)")
        } catch {
            throw sourcing.reader.invalid(error)
        }
    }
}
