import BosunBasics
import Execution
import PlanModel
import Revisions

/// `bosun apply --resume RUN`: what the earlier run left to do, and the checks that make
/// continuing it safe (same plan, same revision; interrupted steps re-run only when safe).
struct Resumption {
    let runID: String
    let metadata: RunMetadata
    let source: RunSource
    let records: [StepRecord]

    /// Reads the run to resume; refuses runs that cannot be resumed.
    static func load(_ runID: String, store: RunStore, environment: String) throws(ResumeRefusal) -> Resumption {
        let run: (metadata: RunMetadata, records: [StepRecord])
        do {
            run = try store.load(runID)
        } catch {
            throw ResumeRefusal(error.description)
        }
        guard let source = run.metadata.source else {
            throw ResumeRefusal("run \(runID) does not record where its plan came from; it cannot be resumed")
        }
        guard run.metadata.environment == environment else {
            throw ResumeRefusal("run \(runID) deployed environment '\(run.metadata.environment)', not '\(environment)'")
        }
        if run.metadata.outcome == .succeeded {
            throw ResumeRefusal("run \(runID) succeeded: there is nothing to resume")
        }
        return Resumption(runID: runID, metadata: run.metadata, source: source, records: run.records)
    }

    /// The same revision the earlier run used (the working tree if it used the working tree).
    var request: SourceRequest {
        source.workingTree ? SourceRequest(workingTree: true) : SourceRequest(revision: source.commit, allowUnmerged: true)
    }

    var succeeded: Set<String> { Set(records.filter { $0.state == .succeeded }.map(\.id)) }

    /// Steps that were running when the run stopped: killed mid-way (`running` in a journal that
    /// never saw the end) or stopped by Ctrl-C (`cancelled`).
    var interrupted: [StepRecord] { records.filter { $0.state == .running || $0.state == .cancelled } }

    /// Refuses a plan that compiles differently, a moved working tree, and interrupted steps that
    /// are not safe to repeat (unless the user says they are).
    func check(_ plan: CompiledPlan, source current: RunSource, rerunInterrupted: Bool) throws(ResumeRefusal) {
        guard plan.planName == metadata.planName else {
            throw ResumeRefusal("run \(runID) ran plan '\(metadata.planName)', not '\(plan.planName)'")
        }
        if source.workingTree, current.commit != source.commit {
            throw ResumeRefusal("run \(runID) ran on the working tree at \(source.commit ?? "no commit"); it is now at \(current.commit ?? "no commit")")
        }
        guard current.planDigest == source.planDigest else {
            throw ResumeRefusal(
                "the plan compiles differently than in run \(runID) (\(current.planDigest.prefix(19))… ≠ \(source.planDigest.prefix(19))…): "
                    + "resuming needs the same plan, revision and variables (--set, BOSUN_VAR_*)")
        }
        let unsafe = interrupted.filter { record in plan.index(of: record.id).map { !plan.steps[$0].idempotent } ?? false }
        if !unsafe.isEmpty && !rerunInterrupted {
            throw ResumeRefusal(
                "run \(runID) was interrupted while running \(unsafe.map(\.id).joined(separator: ", ")), which may not be safe to run twice\n"
                    + "  hint: check what it did, then pass --rerun-interrupted (or mark the step `idempotent: true` in the plan)")
        }
    }
}

/// Why a run cannot be resumed.
struct ResumeRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
