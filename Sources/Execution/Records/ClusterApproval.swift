import BosunBasics
import Foundation
import PlanModel

/// Answers `approve:` steps of a run without a terminal (CI) from any machine: the step is
/// written into the run's record in the cluster as waiting, the run's output shows the command
/// that answers it, and the run polls its record until `bosun approve` or `bosun reject` has
/// answered, the `--approval-timeout` has passed, or the run is interrupted.
package struct ClusterApproval: ApprovalGate {
    let runID: String
    let timeout: Double?
    let commands: RemoteApprovalCommand
    /// The run's records once it holds the cluster lock (nil before: nobody can be asked yet).
    let records: @Sendable () -> ClusterRecords?
    var pollInterval: Double = 1

    package init(runID: String, timeout: Double?, commands: RemoteApprovalCommand, records: @escaping @Sendable () -> ClusterRecords?) {
        self.runID = runID
        self.timeout = timeout
        self.commands = commands
        self.records = records
    }

    package func approve(prompt: String, stepID: String) async -> Bool { false }

    package var denialMessage: String { DenyNonInteractive().denialMessage }

    package func decide(prompt: String, context: CommandContext) async -> ApprovalVerdict {
        let step = context.stepID
        guard let records = records() else {
            return .denied(denialMessage + " (this step runs before the cluster lock is taken, so it cannot wait for `bosun approve`)")
        }
        let since = Date()
        var answer = ApprovalAnswer(step: step, prompt: prompt, decision: .waiting, since: since)
        do throws(ClusterStateError) {
            try await records.setApproval(answer, runID: runID)
        } catch {
            return .denied(denialMessage + "; asking in the cluster failed: \(error)")
        }
        context.emit("waiting for approval: \(prompt)")
        context.emit("  approve from any machine: \(commands.text("approve", step: step))")
        context.emit("  or reject:                \(commands.text("reject", step: step))")
        if let timeout { context.emit("  the step fails if nobody answers within \(DurationSyntax.format(seconds: timeout))") }
        var unreachable = false
        while true {
            do {
                try await Task.sleep(for: .seconds(pollInterval))
            } catch {
                return .denied("interrupted while waiting for approval")
            }
            if let timeout, Date().timeIntervalSince(since) >= timeout {
                answer.decision = .timedOut
                answer.at = Date()
                try? await records.setApproval(answer, runID: runID)
                return .denied("approval timed out after \(DurationSyntax.format(seconds: timeout)): nobody ran `bosun approve` (--approval-timeout)")
            }
            let record: RunRecord?
            do throws(ClusterStateError) {
                record = try await records.record(runID: runID)
                unreachable = false
            } catch {
                // A cluster that does not answer once is asked again; said once.
                if !unreachable { context.emit("cannot read the approval from the cluster (asking again): \(error)") }
                unreachable = true
                continue
            }
            guard let given = record?.approvals.first(where: { $0.step == step }), given.since >= since.addingTimeInterval(-1) else { continue }
            let who = [given.by, given.at.map(ISODate.text)].compactMap { $0 }.joined(separator: " at ")
            switch given.decision {
            case .approved:
                context.emit("approved by \(who)")
                return .approved("approved by \(given.by ?? "?")")
            case .rejected:
                return .denied("rejected by \(who)")
            case .waiting, .timedOut:
                continue
            }
        }
    }
}

/// The commands that answer a run's approval from another machine, as the run shows them.
package struct RemoteApprovalCommand: Sendable {
    let planPath: String
    let environment: String
    let runID: String

    package init(planPath: String, environment: String, runID: String) {
        self.planPath = planPath
        self.environment = environment
        self.runID = runID
    }

    /// `bosun approve plans/x.yaml --env prod RUN --step STEP` (`verb`: approve or reject).
    func text(_ verb: String, step: String) -> String {
        (["bosun", verb, planPath, "--env", environment, runID, "--step", step]).map(ShellQuoting.quote).joined(separator: " ")
    }
}
