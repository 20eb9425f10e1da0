import BosunBasics
import Execution
import PlanModel
import Revisions

/// `bosun apply --resume RUN`: what the earlier run left to do, and the checks that make
/// continuing it safe (same plan, same revision; interrupted steps re-run only when safe).
struct Resumption: Sendable {
    let runID: String
    let metadata: RunMetadata
    let source: RunSource
    let records: [StepRecord]
    /// Set when the run asked for was resumed before: the newest run of its chain is resumed
    /// instead (it carries what the earlier ones finished), and this says so.
    let notice: String?

    /// Reads the run to resume; refuses runs that cannot be resumed. A run resumed before is
    /// never resumed again: its last resumption is, so no step runs twice.
    static func load(_ requested: String, store: RunStore, environment: String) throws(ResumeRefusal) -> Resumption {
        var chain = resumptions(of: requested, in: store.list())
        // A resumption killed before it recorded anything knows less than the run it resumed.
        while let last = chain.last, let run = try? store.load(last), run.metadata.outcome == .running, run.records.isEmpty {
            chain.removeLast()
        }
        let runID = chain.last ?? requested
        let run: (metadata: RunMetadata, records: [StepRecord])
        do {
            run = try store.load(runID)
        } catch {
            throw ResumeRefusal(error.description + "\n  hint: a run whose journal cannot be read cannot be resumed; run the plan again (steps that are done change nothing if they are idempotent)")
        }
        let resumedBy = chain.isEmpty ? nil : "run \(requested) was resumed by \(chain.joined(separator: ", then by "))"
        if let resumedBy, run.metadata.outcome == .succeeded {
            throw ResumeRefusal("\(resumedBy), which succeeded: there is nothing left to resume")
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
        let interrupted = Set(run.records.filter { $0.state == .running }.map(\.id))
        if let (step, process) = store.livingProcesses(of: runID, steps: interrupted).first {
            let what = process.commandLine.map { " (`\($0)`)" } ?? ""
            throw ResumeRefusal(
                "step \(step) of run \(runID) is still running: its process group \(process.pid)\(what) outlived the Bosun that started it, "
                    + "and starting the step again would run it twice\n"
                    + "  hint: wait for it to end, or stop it with `kill -TERM -- -\(process.pid)`; then resume again")
        }
        return Resumption(runID: runID, metadata: run.metadata, source: source, records: run.records,
                          notice: resumedBy.map { "\($0); resuming \(runID), which carries what they finished" })
    }

    /// The runs that resumed `runID`, then resumed those, and so on, oldest first.
    private static func resumptions(of runID: String, in runs: [RunSummary]) -> [String] {
        var chain: [String] = []
        var current = runID
        // Newest first: should a run have been resumed twice (by an older Bosun), follow the latest.
        while let next = runs.first(where: { $0.resumedFrom == current }), !chain.contains(next.id), next.id != runID {
            chain.append(next.id)
            current = next.id
        }
        return chain
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
struct ResumeRefusal: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
