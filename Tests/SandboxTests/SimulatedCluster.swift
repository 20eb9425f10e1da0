import Foundation
@testable import Sandbox

/// A store and the simulated controllers on a clock the test moves, without the HTTP server.
struct SimulatedCluster {
    var store = ObjectStore()
    var simulation: Simulation
    var now = Date(timeIntervalSince1970: 1_700_000_000)

    init(readyDelay: TimeInterval = 1, namespaceLabels: [String: String] = [:]) throws {
        simulation = Simulation(settings: SimulationSettings(readyDelay: readyDelay))
        var namespace: JSON = ["metadata": ["name": "shop"]]
        namespace.labels = namespaceLabels
        try create(namespace, as: .namespaces)
    }

    mutating func create(_ object: JSON, as type: ResourceType) throws {
        try store.create(Admission.forCreate(object, type: type, store: store, settings: simulation.settings), as: type, now: now)
        simulation.reconcile(&store, now: now)
    }

    mutating func update(_ type: ResourceType, _ name: String, _ change: (inout JSON) -> Void) throws {
        let current = store.get(type, namespace: "shop", name: name)!
        var object = current
        change(&object)
        try store.replace(Admission.forUpdate(object, current: current, type: type), as: type)
        simulation.reconcile(&store, now: now)
    }

    /// Moves the clock and lets the controllers catch up, one step at a time as the server's timer does.
    mutating func advance(_ seconds: TimeInterval) {
        let end = now.addingTimeInterval(seconds)
        while now < end {
            now = min(end, now.addingTimeInterval(0.5))
            simulation.reconcile(&store, now: now)
        }
    }

    func get(_ type: ResourceType, _ name: String) -> JSON { store.get(type, namespace: "shop", name: name)! }

    func list(_ type: ResourceType) -> [JSON] { store.list(ObjectQuery(type, namespace: "shop")) }

    static func deployment(_ name: String, image: String, replicas: Int = 2, maxUnavailable: JSON = 0) -> JSON {
        [
            "metadata": ["name": .string(name), "namespace": "shop"],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1, "maxUnavailable": maxUnavailable]],
                "template": ["metadata": ["labels": ["app": .string(name)]],
                             "spec": ["containers": [["name": .string(name), "image": .string(image)]]]],
            ],
        ]
    }
}

extension JSON {
    func status(_ field: String) -> Int { self[path: ["status", field]]?.intValue ?? 0 }

    func condition(_ type: String) -> JSON? {
        self[path: ["status", "conditions"]]?.arrayValue?.first { $0["type"] == .string(type) }
    }
}
