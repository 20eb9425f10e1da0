import BosunBasics
import Execution
import Foundation

/// `bosun approve` / `bosun reject`: which run, which step.
package struct ApprovalRequest: Sendable {
    package var source: PlanSource
    /// Nil: the run waiting for an approval there (refused when several are).
    package var runID: String?
    /// Nil: the step the run waits at (refused when it waits at several).
    package var step: String?
    package var approve: Bool

    package init(source: PlanSource, runID: String?, step: String?, approve: Bool) {
        self.source = source
        self.runID = runID
        self.step = step
        self.approve = approve
    }
}

/// What `bosun approve` / `bosun reject` answered.
package struct ApprovalReceipt: Sendable {
    package var runID: String
    package var answer: ApprovalAnswer
}

extension Deployment {
    /// Answers a run's `approve:` step from this machine, recorded in the run's record in the
    /// cluster with this user and machine; the run (polling its record) goes on or fails.
    package static func answerApproval(_ request: ApprovalRequest, control: RunControl = RunControl())
        async throws(DeploymentError) -> ApprovalReceipt {
        let environment = request.source.environment
        guard let connection = try await connect(request.source, control: control) else {
            throw .refused("environment '\(environment)' keeps no records in its cluster, so its runs cannot wait for "
                + "`bosun approve` (`records: false`): approve on the run's terminal, or run it with --yes")
        }
        defer { connection.close() }
        let plan = connection.plan
        let records: [RunRecord]
        do {
            records = try await connection.records.list(planName: plan.planName, environment: environment)
        } catch {
            throw .refused("cannot read the runs of \(environment) in its cluster: \(error)")
        }
        // A run waits only while it holds the environment's lock: a killed run's record may still
        // say running (until the next run takes the lock over), and answering it would do nothing.
        let lease = try? await connection.lease?.status()
        let alive = { (record: RunRecord) in
            record.outcome == .running && (lease ?? nil)?.isHeld(by: record.runID) == true
        }
        let waiting = records.filter { alive($0) && $0.approvals.contains { $0.decision == .waiting } }
        let run: RunRecord
        if let wanted = request.runID {
            guard let found = records.first(where: { $0.runID == wanted }) else {
                throw .refused("no run \(wanted) of \(plan.planName) on \(environment) in its cluster"
                    + (waiting.isEmpty ? "" : "; waiting for approval: " + waiting.map(\.runID).joined(separator: ", ")))
            }
            run = found
        } else {
            guard let only = waiting.first else {
                throw .refused("no run of \(plan.planName) on \(environment) is waiting for an approval")
            }
            guard waiting.count == 1 else {
                throw .refused("several runs of \(plan.planName) on \(environment) are waiting for an approval: "
                    + waiting.map(\.runID).joined(separator: ", ") + "\n  hint: name one: bosun \(request.approve ? "approve" : "reject") "
                    + "\(request.source.planPath) --env \(environment) RUN")
            }
            run = only
        }
        let open = run.approvals.filter { $0.decision == .waiting }
        guard alive(run) else {
            let state = run.outcome == .running ? "no longer holds the cluster lock (its process stopped)" : "is over (\(run.outcome.rawValue))"
            throw .refused("run \(run.runID) \(state): there is nothing to approve")
        }
        var answer: ApprovalAnswer
        if let step = request.step {
            guard let found = open.first(where: { $0.step == step }) else {
                throw .refused("run \(run.runID) is not waiting for an approval of step '\(step)'"
                    + (open.isEmpty ? "" : "; it waits at: " + open.map(\.step).joined(separator: ", ")))
            }
            answer = found
        } else {
            guard let only = open.first else { throw .refused("run \(run.runID) is not waiting for an approval") }
            guard open.count == 1 else {
                throw .refused("run \(run.runID) waits for approvals of several steps: " + open.map(\.step).joined(separator: ", ")
                    + "\n  hint: name one with --step")
            }
            answer = only
        }
        answer.decision = request.approve ? .approved : .rejected
        answer.by = Actor.current(withProcess: false).text
        answer.at = Date()
        do throws(ClusterStateError) {
            try await connection.records.setApproval(answer, runID: run.runID)
        } catch {
            throw .refused("cannot record the answer in the cluster: \(error)")
        }
        return ApprovalReceipt(runID: run.runID, answer: answer)
    }
}
