import ArgumentParser
import BosunBasics
import Deployment
import Execution

/// `bosun approve` and `bosun reject`: answer a run's `approve:` step from any machine.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a run's `approve:` step from any machine that can connect to its environment.",
        discussion: """
            A run without a terminal (CI) whose environment keeps records waits at an approve: \
            step and prints this command. RUN defaults to the run waiting there, --step to the \
            step it waits at. The answer is recorded in the run's record with your user and \
            machine; the run goes on within a second.
            """)

    @OptionGroup var target: ApprovalTarget

    func run() async throws {
        try await target.answer(approve: true)
    }
}

struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a run's `approve:` step from any machine: the step fails, and the run with it.",
        discussion: "RUN defaults to the run waiting for an approval there; the rejection is recorded with your user and machine.")

    @OptionGroup var target: ApprovalTarget

    func run() async throws {
        try await target.answer(approve: false)
    }
}

/// The approval `approve` and `reject` answer: the plan, the environment, the run, the step.
struct ApprovalTarget: ParsableArguments {
    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @Argument(help: "The run to answer (default: the one waiting for an approval).") var run: String?
    @Option(help: ArgumentHelp("The step to answer (default: the one the run waits at).", valueName: "step")) var step: String?

    func answer(approve: Bool) async throws {
        let console = Console()
        let environment = environment.environment
        let request = ApprovalRequest(source: PlanSource(reader: planOptions.reader, environment: environment), runID: run, step: step,
                                      approve: approve)
        let receipt = try await RunCommandLine.interruptible { control in try await Deployment.answerApproval(request, control: control) }
        console.line("\(approve ? "approved" : "rejected") step \(receipt.answer.step) of run \(receipt.runID) on \(environment) "
            + "as \(receipt.answer.by ?? "?")")
    }
}
