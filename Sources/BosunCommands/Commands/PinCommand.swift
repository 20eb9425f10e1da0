import ArgumentParser
import Deployment
import Foundation
import Revisions

struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Pin an environment to a git revision: `bosun apply` then runs that commit.",
        discussion: """
            Writes <plan>.pins.yaml beside the plan (commit it, so that a pin is reviewed like code). \
            A protected environment's revision must be reachable from its branch (default main).
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @Option(help: ArgumentHelp("The revision to pin (sha, tag, branch, HEAD~2).", valueName: "rev")) var rev: String
    @Flag(help: "Accept a revision that is not reachable from a protected environment's branch.") var allowUnmerged = false

    func run() throws {
        let console = Console()
        let sourcing = PlanSource(
            reader: planOptions.reader, environment: environment.environment,
            request: SourceRequest(revision: rev, allowUnmerged: allowUnmerged))
        let (policy, planName) = try sourcing.policyAndName()
        do {
            let pin = try Pinning.pin(planPath: planOptions.plan, planName: planName, revision: rev, policy: policy, request: sourcing.request)
            console.line("pinned \(environment.environment) to \(rev) = \(pin.commit) in \(PinFile.path(forPlan: planOptions.plan))")
        } catch {
            throw sourcing.reader.invalid(error)
        }
    }
}
