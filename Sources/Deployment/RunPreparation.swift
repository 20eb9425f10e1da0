import BosunBasics
import Execution
import Foundation
import PlanLoading
import PlanModel
import Revisions

/// The steps of one `apply` between taking the environment's lock and the end of the run.
/// Nothing half-done: a run refused before its first step leaves no run folder (and no state
/// folder it created) behind.
struct RunPreparation {
    let request: ApplyRequest
    let runID: String
    let planName: String
    let listener: any ApplyListener
    let control: RunControl

    private var stateDir: String { request.stateDirectory }
    private var runDirectory: String { "\(stateDir)/runs/\(runID)" }

    func run(policy: SourcePolicy, written: PlanDocument) async throws(DeploymentError) -> ApplyResult {
        let resumption = try loadResumption()
        var source = request.source
        if let resumption { source.request = resumption.request }

        let cleanup = FolderCleanup(stateDir: stateDir, runDirectory: runDirectory)
        do {
            try PrivateFiles.secureStateFolder(stateDir)
            try PrivateFiles.createFolder(stateDir + "/runs")
        } catch {
            cleanup.undo()
            throw .refused("cannot create the state folder \(stateDir): \(SystemErrorText.of(error))")
        }
        let prepared: (plan: CompiledPlan, source: RunSource, options: ExecutionOptions)
        do {
            prepared = try await prepare(source: source, policy: policy, written: written, resumption: resumption)
        } catch {
            cleanup.undo()
            throw error
        }
        let (plan, runSource) = (prepared.plan, prepared.source)

        let journal: RunJournal
        do {
            // A webhook URL may carry its token: the journal keeps its origin only.
            journal = try RunJournal(stateDir: stateDir, runID: runID, plan: plan, invocation: WebhookURL.maskedArguments(request.invocation),
                                     source: runSource,
                                     resumedFrom: resumption?.runID, restores: request.restores, service: request.service)
            try RunWorkspace.prepare(for: plan)
        } catch {
            cleanup.undo()
            throw .refused("cannot create the run folder under \(stateDir)/runs: \(SystemErrorText.of(error))")
        }
        listener.starting(runID: runID, source: runSource, plan: plan)
        let redactor = Redactor(secrets: plan.secrets)
        let observer = RedactingObserver(ObserverGroup([listener.progress, journal]), redactor: redactor)
        let actor = Actor.current()
        let notifier = RunNotifier(urls: request.options.notify + plan.notify, redactor: redactor,
                                   run: notified(plan, source: runSource, actor: actor, resumedFrom: resumption?.runID))
        notifier?.start()
        let holds = HoldReference()
        let approval = approvalGate(for: plan, holds: holds)
        let realRunner = request.runner ?? SubprocessRunner(approval: RedactingApproval(approval, redactor: redactor))
        let keeper = recordKeeper(for: plan, options: prepared.options, journal: journal, actor: actor)
        let listener = listener
        let report = await ClusterLeaseHold.holding(
            force: request.options.forceUnlock, lease: leaseMaker(for: plan, runner: realRunner, actor: actor), records: keeper,
            warn: { listener.notice(redactor.redact($0)) }
        ) { hold in
            holds.set(hold)
            let runner = LeaseHoldingRunner(inner: realRunner, hold: hold) { journal.recordEvictedLockHolder($0) }
            return await control.run(Executor(plan: plan, runner: runner, options: prepared.options, observer: observer))
        }
        return ApplyResult(runID: runID, report: redactor.redact(report), journal: journal.directory, journalFailure: journal.failure,
                           plan: plan, notifier: notifier)
    }

    /// The run as its webhooks are told of it.
    private func notified(_ plan: CompiledPlan, source: RunSource, actor: Actor, resumedFrom: String?) -> RunNotification.Run {
        let rollback = request.restores != nil || request.service != nil
        return RunNotification.Run(id: runID, plan: plan.planName, environment: plan.environment, command: rollback ? .rollback : .apply,
                                   source: source, actor: actor, startedAt: Date(), restores: request.restores, service: request.service,
                                   resumedFrom: resumedFrom)
    }

    /// Checks out, compiles, derives and checks the plan; nothing has run yet.
    private func prepare(source: PlanSource, policy: SourcePolicy, written: PlanDocument, resumption: Resumption?)
        async throws(DeploymentError) -> (CompiledPlan, RunSource, ExecutionOptions) {
        let checkout = try source.checkout(workspace: runDirectory + "/workspace", policy: policy).plan
        let compiled = try source.compile(checkout, runDirectory: runDirectory, reusing: written)
        let plan = try request.derive?(compiled) ?? compiled
        for warning in request.inspect?(plan) ?? [] { listener.notice(warning) }
        var options = executionOptions(for: plan)
        try request.selection.refuseUnknown(options, in: plan, source: source,
                                            listing: "`bosun plan \(source.planPath) --env \(plan.environment)`")
        try rejectMissingLocalFiles(of: plan)
        let runSource = PlanSource.source(of: checkout, plan: plan)
        if let resumption {
            do {
                try resumption.check(plan, source: runSource, rerunInterrupted: request.resume?.rerunInterrupted ?? false)
            } catch {
                throw .resumeRefused(error.description)
            }
            // A resumed run connects again (its kubeconfig is written into its own run folder, not
            // the earlier run's) and takes the cluster lock again: those steps are never carried over.
            let rerun = plan.realSteps.filter { $0.kind == .connect || $0.kind == .clusterLock }.map(\.id)
            options.alreadySucceeded = resumption.succeeded.subtracting(rerun)
            options.resumedFrom = resumption.runID
        }
        let requirements = Preflight.requirements(of: plan, targets: options.targets)
        let report = Redactor(secrets: plan.secrets).redact(await Preflight(workingDirectory: plan.workingDirectory).check(requirements))
        guard report.passed else { throw .toolsMissing(report) }
        if control.isInterrupted { throw .interrupted }
        return (plan, runSource, options)
    }

    private func executionOptions(for plan: CompiledPlan) -> ExecutionOptions {
        let selection = request.selection
        var options = ExecutionOptions(
            concurrency: request.options.concurrency, keepGoing: request.options.keepGoing,
            targets: selection.targets + selection.only, gracePeriod: request.options.gracePeriod)
        options.onlyTargets = !selection.only.isEmpty
        options.undoControl = control.undo
        // Steps run alone still need the run's kubeconfig and the cluster lock: connect and lock come along.
        if options.onlyTargets {
            options.targets += plan.realSteps.filter { $0.kind == .connect || $0.kind == .clusterLock }.map(\.id)
        }
        return options
    }

    private func leaseMaker(for plan: CompiledPlan, runner: any CommandRunner, actor: Actor) -> @Sendable (String) -> ClusterLease {
        let kubectl = ClusterKubectl(kubeconfig: plan.kubeconfigPath, workingDirectory: plan.workingDirectory, runner: runner)
        let (runID, seconds) = (runID, plan.lockLeaseSeconds ?? ClusterLease.defaultDurationSeconds)
        return { name in ClusterLease(name: name, runID: runID, actor: actor, kubectl: kubectl, durationSeconds: seconds) }
    }

    /// What keeps the run's record in its cluster, from its journal (nil: the environment keeps none).
    private func recordKeeper(for plan: CompiledPlan, options: ExecutionOptions, journal: RunJournal, actor: Actor) -> RunRecordKeeper? {
        guard let keep = plan.recordsKept else { return nil }
        var keeper = RunRecordKeeper(runID: runID, keep: keep, actor: actor) { [store = RunStore(stateDir: stateDir), runID] in
            try? await journal.waitUntilRecorded()
            return try? store.load(runID)
        }
        // A run of chosen steps (--target, --only) counts what its journal lists.
        if options.targets.isEmpty { keeper.plannedSteps = plan.realSteps.count }
        return keeper
    }

    /// How `approve:` steps are answered: as asked (`--yes`, a terminal); without a terminal, a
    /// run that keeps records waits for `bosun approve` from any machine (``ClusterApproval``).
    private func approvalGate(for plan: CompiledPlan, holds: HoldReference) -> any ApprovalGate {
        let asked = request.options.approval
        guard asked is DenyNonInteractive, plan.recordsKept != nil else { return asked }
        let command = RemoteApprovalCommand(planPath: request.source.planPath, environment: plan.environment, runID: runID)
        return ClusterApproval(runID: runID, timeout: request.options.approvalTimeout, commands: command) { holds.records }
    }

    private func loadResumption() throws(DeploymentError) -> Resumption? {
        guard let requested = request.resume?.run else { return nil }
        let environment = request.source.environment
        do {
            let store = RunStore(stateDir: stateDir)
            let runID = try RunReference(requested).resolve(in: store, planName: planName, environment: environment)
            let resumption = try Resumption.load(runID, store: store, environment: environment)
            if let notice = resumption.notice { listener.notice(notice) }
            return resumption
        } catch let error as ResumeRefusal {
            throw .resumeRefused(error.description)
        } catch {
            throw .resumeRefused("\(error)")
        }
    }

    /// Refuses a plan whose provider's local files are missing, else shows its warnings.
    private func rejectMissingLocalFiles(of plan: CompiledPlan) throws(DeploymentError) {
        try request.source.refuseMissingLocalFiles(of: plan)
        if !plan.warnings.isEmpty { listener.warn(plan.warnings) }
    }
}

/// Removes what a refused run created: its run folder, and the state folders that did not exist.
private struct FolderCleanup {
    let stateDir: String
    let runDirectory: String
    let newFolders: [String]

    init(stateDir: String, runDirectory: String) {
        self.stateDir = stateDir
        self.runDirectory = runDirectory
        newFolders = [stateDir, stateDir + "/runs"].filter { !FileManager.default.fileExists(atPath: $0) }
    }

    func undo() {
        try? FileManager.default.removeItem(atPath: runDirectory)
        for folder in newFolders.reversed() {
            // The state folder's own .gitignore (PrivateFiles.secureStateFolder) goes with it.
            if folder == stateDir { unlink(folder + "/.gitignore") }
            rmdir(folder)
        }
    }
}
