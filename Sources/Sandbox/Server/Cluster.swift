import Foundation

/// The sandbox's cluster: the object store, the simulated controllers and the open watches, in
/// one actor so every API call sees a consistent state. Each write reconciles the controllers at
/// once (a Deployment's pods exist when `kubectl apply` returns); with the clock started, a timer
/// does the rest at the moments something is due, and a settled cluster does nothing at all.
package actor Cluster {
    private var store = ObjectStore()
    private var simulation: Simulation
    private var watchers: [UUID: Watcher] = [:]
    private var publishedVersion = 0
    private var clockRunning = false
    private var wakeTimer = WakeTimer()
    /// How many times the controllers have run: lets tests see that a settled cluster sleeps.
    private(set) var reconcilePasses = 0

    private struct Watcher {
        let query: ObjectQuery
        let continuation: AsyncStream<JSON>.Continuation
    }

    package init(settings: SimulationSettings = SimulationSettings(), now: Date = Date()) {
        simulation = Simulation(settings: settings)
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            _ = try? store.create(Admission.forCreate(["metadata": ["name": .string(name)]], type: .namespaces, store: store, settings: settings), as: .namespaces)
        }
        _ = try? store.create(NodeSimulator.node(now: now), as: .nodes)
        publishedVersion = store.latestResourceVersion
    }

    // MARK: Reading

    package func get(_ type: ResourceType, namespace: String?, name: String) throws(APIError) -> JSON {
        guard let object = store.get(type, namespace: namespace, name: name) else { throw .notFound(type, name) }
        return object
    }

    package func list(_ query: ObjectQuery) -> (items: [JSON], resourceVersion: Int) {
        (store.list(query), store.latestResourceVersion)
    }

    package var counts: [String: Int] { store.counts }

    // MARK: Writing

    /// Creates an object as a client would. A dry run is checked and answered as the API server
    /// answers it (dryrun.go): the object as it would be created, but without a resourceVersion,
    /// which only storing gives; nothing is stored, watched or reconciled.
    package func create(_ object: JSON, as type: ResourceType, dryRun: Bool = false) throws(APIError) -> JSON {
        let admitted = Admission.forCreate(object, type: type, store: store, settings: simulation.settings)
        if type == .jobs, admitted[path: ["spec", "template"]] == nil {
            throw .invalid(type, admitted.name, "spec.template: Required value")
        }
        try NumericValidation.check(admitted, as: type)
        if dryRun { return try store.wouldCreate(admitted, as: type) }
        let created = try store.create(admitted, as: type)
        settle()
        return latest(created, as: type)
    }

    /// Replaces an object as a client would (PUT, or the result of a PATCH). A dry run answers the
    /// object as updated, generation included, at the resourceVersion it has now: the API server's
    /// dry-run GuaranteedUpdate returns the update without writing it.
    package func replace(_ object: JSON, as type: ResourceType, dryRun: Bool = false) throws(APIError) -> JSON {
        guard let current = store.get(type, namespace: object.namespace, name: object.name) else {
            throw .notFound(type, object.name)
        }
        let admitted = Admission.forUpdate(object, current: current, type: type)
        try NumericValidation.check(admitted, as: type)
        if dryRun { return try store.wouldReplace(admitted, as: type, expectedResourceVersion: object.resourceVersion) }
        let stored = try store.replace(admitted, as: type, expectedResourceVersion: object.resourceVersion)
        settle()
        return latest(stored, as: type)
    }

    /// Deletes an object; a dry run answers it as it is, and it stays.
    package func delete(_ type: ResourceType, namespace: String?, name: String, dryRun: Bool = false) throws(APIError) -> JSON {
        if dryRun { return try get(type, namespace: namespace, name: name) }
        let deleted = try store.delete(type, namespace: namespace, name: name)
        settle()
        return deleted
    }

    /// The object as it is after the controllers ran (they may have written its status).
    private func latest(_ written: JSON, as type: ResourceType) -> JSON {
        store.get(type, namespace: written.namespace, name: written.name) ?? written
    }

    /// Runs the controllers against the clock (pods becoming Ready, progress deadlines).
    func tick(now: Date = Date()) {
        runControllers(now: now)
        publish()
    }

    /// After a write: the controllers react to it, and the watches see it.
    private func settle() {
        runControllers(now: Date())
        publish()
    }

    // MARK: Clock

    /// Reconciles by itself from now on, at each moment something is due (pods starting,
    /// rollouts' deadlines), as the server needs; without it only writes and `tick` reconcile.
    package func startClock() {
        clockRunning = true
        scheduleWake(after: Date(), settled: true)
    }

    package func stopClock() {
        clockRunning = false
        wakeTimer.cancel()
    }

    /// When the clock will next run the controllers; nil when nothing is due.
    var nextWake: Date? { wakeTimer.due }

    private func runControllers(now: Date) {
        let settled = simulation.reconcile(&store, now: now)
        reconcilePasses += 1
        scheduleWake(after: now, settled: settled)
    }

    private func scheduleWake(after now: Date, settled: Bool) {
        guard clockRunning else { return }
        // Controllers stopped by their bound with work left go on at the old tick's pace.
        let due = settled ? simulation.nextDue(in: store, after: now) : now.addingTimeInterval(0.05)
        wakeTimer.schedule(due) { [weak self] in await self?.wake() }
    }

    private func wake() {
        wakeTimer.fired()
        tick()
    }

    // MARK: Watching

    /// A stream of watch frames: first what happened after `resourceVersion` (or, without one,
    /// every current object as ADDED), then each change as it happens, until `timeout`.
    package func watch(_ query: ObjectQuery, resourceVersion: String?, timeout: Duration) -> AsyncStream<JSON> {
        let (stream, continuation) = AsyncStream<JSON>.makeStream()
        for frame in initialFrames(query, resourceVersion: resourceVersion) { continuation.yield(frame) }
        let id = UUID()
        watchers[id] = Watcher(query: query, continuation: continuation)
        continuation.onTermination = { _ in Task { await self.removeWatcher(id) } }
        Task {
            // A client's timeoutSeconds can be any Int; sleeping for more than the clock can
            // represent traps, so the longest watch lasts Int32.max seconds (68 years).
            try? await Task.sleep(for: min(timeout, Self.longestWatch))
            continuation.finish()
        }
        return stream
    }

    private static let longestWatch = Duration.seconds(Int(Int32.max))

    private func initialFrames(_ query: ObjectQuery, resourceVersion: String?) -> [JSON] {
        guard let version = resourceVersion.flatMap(Int.init), version > 0 else {
            return store.list(query).map { WatchEvent(kind: .added, type: query.type, object: $0, resourceVersion: 0).frame }
        }
        guard let changes = store.changes(after: version) else {
            let gone = APIError(code: 410, reason: "Expired", message: "too old resource version: \(version)")
            return [["type": "ERROR", "object": gone.status]]
        }
        return changes.filter { query.matches($0.type, $0.object) }.map(\.frame)
    }

    private func removeWatcher(_ id: UUID) {
        watchers[id] = nil
    }

    private func publish() {
        guard let changes = store.changes(after: publishedVersion) else { return }
        publishedVersion = store.latestResourceVersion
        for event in changes {
            for watcher in watchers.values where watcher.query.matches(event.type, event.object) {
                watcher.continuation.yield(event.frame)
            }
        }
    }
}
