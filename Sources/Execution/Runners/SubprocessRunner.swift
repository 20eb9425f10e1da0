import PlanModel

/// The real runner: programs run as child processes (swift-subprocess), HTTP checks go over
/// URLSession, and approvals are decided by the ``ApprovalGate`` given at creation.
///
/// Cancelling the task that runs a command stops it: the child's whole process group gets
/// SIGTERM, then SIGKILL after `CommandContext.gracePeriod`, and no grandchild survives.
package struct SubprocessRunner: CommandRunner {
    private let approval: any ApprovalGate

    package init(approval: any ApprovalGate = DenyNonInteractive()) {
        self.approval = approval
    }

    package func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome {
        switch command {
        case .exec(let exec):
            return try await ProcessLauncher(command: exec, context: context).run()
        case .httpCheck(let check):
            return try await HTTPProbe(check: check, context: context).run()
        case .approval(let prompt):
            let verdict = await approval.decide(prompt: prompt, context: context)
            try Task.checkCancellation()
            switch verdict {
            case .approved(let message): return .success(message: message)
            case .denied(let message): return .failure(message)
            }
        case .clusterLease:
            // The lease must outlive this step and be released when the run ends, whatever ends it.
            return .failure("the cluster lock is taken only inside a run that holds it (ClusterLease.holding)")
        }
    }
}
