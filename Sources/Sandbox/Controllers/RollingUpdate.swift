/// The replica arithmetic of a Deployment's RollingUpdate strategy, after Kubernetes'
/// `NewRSNewReplicas` and `reconcileOldReplicaSets`: the new ReplicaSet grows while the total stays
/// within `replicas + maxSurge`; old ones shrink while at least `replicas - maxUnavailable` pods
/// stay available. Every input is clamped to an int32 count (see `Counts`), so the sums here cannot
/// overflow whatever the stored strategy says.
struct RollingUpdate: Equatable {
    let desired: Int
    let maxSurge: Int
    let maxUnavailable: Int

    /// Resolves `maxSurge`/`maxUnavailable` (numbers or percentages, default 25%) as Kubernetes
    /// does: surge rounds up, unavailable rounds down, and both zero means one unavailable.
    init(desired: Int, strategy: JSON?) {
        let desired = Counts.clamped(desired)
        self.desired = desired
        let surge = Self.resolve(strategy?["maxSurge"], desired: desired, roundUp: true)
        let unavailable = Self.resolve(strategy?["maxUnavailable"], desired: desired, roundUp: false)
        maxSurge = surge
        maxUnavailable = (surge == 0 && unavailable == 0) ? 1 : unavailable
    }

    init(desired: Int, maxSurge: Int, maxUnavailable: Int) {
        self.desired = Counts.clamped(desired)
        self.maxSurge = Counts.clamped(maxSurge)
        self.maxUnavailable = Counts.clamped(maxUnavailable)
    }

    /// One ReplicaSet's size and how many of its pods are available.
    struct Set: Equatable {
        var replicas: Int
        var available: Int

        init(replicas: Int, available: Int) {
            self.replicas = Counts.clamped(replicas)
            self.available = Counts.clamped(available)
        }
    }

    /// The new ReplicaSet's next size.
    func newReplicas(new: Set, old: [Set]) -> Int {
        if new.replicas >= desired { return desired }
        let total = new.replicas + old.reduce(0) { $0 + $1.replicas }
        let room = desired + maxSurge - total
        return room <= 0 ? new.replicas : new.replicas + min(room, desired - new.replicas)
    }

    /// The old ReplicaSets' next sizes, oldest first.
    func oldReplicas(new: Set, old: [Set]) -> [Int] {
        var sizes = old.map(\.replicas)
        let oldTotal = sizes.reduce(0, +)
        guard oldTotal > 0 else { return sizes }
        let minAvailable = desired - maxUnavailable
        let allPods = oldTotal + new.replicas
        let newUnavailable = new.replicas - new.available
        var budget = allPods - minAvailable - newUnavailable
        guard budget > 0 else { return sizes }
        // Unhealthy old pods go first: removing them costs no availability.
        for index in sizes.indices where budget > 0 {
            let unhealthy = min(budget, max(0, sizes[index] - old[index].available))
            sizes[index] -= unhealthy
            budget -= unhealthy
        }
        let available = new.available + old.indices.reduce(0) { $0 + min(old[$1].available, sizes[$1]) }
        var scaleDown = available - minAvailable
        for index in sizes.indices where scaleDown > 0 {
            let step = min(sizes[index], scaleDown)
            sizes[index] -= step
            scaleDown -= step
        }
        return sizes
    }

    private static func resolve(_ value: JSON?, desired: Int, roundUp: Bool) -> Int {
        if let number = value?.intValue { return Counts.clamped(number) }
        let percent = value?.stringValue.flatMap { $0.hasSuffix("%") ? Double($0.dropLast()) : nil } ?? 25
        let exact = percent * Double(desired) / 100
        return Counts.clamped(roundUp ? exact.rounded(.up) : exact.rounded(.down))
    }
}
