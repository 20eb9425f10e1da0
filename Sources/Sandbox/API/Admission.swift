import Foundation

/// What the API server does to a client's object before storing it: the defaults kubectl users
/// see in `get -o yaml`, secrets' `stringData` folded into `data`, a cluster IP for services, and
/// status left to the controllers.
enum Admission {
    static func forCreate(_ object: JSON, type: ResourceType, store: ObjectStore, settings: SimulationSettings) -> JSON {
        var object = object
        if type.hasStatus && type != .nodes { object["status"] = nil }
        switch type {
        case .namespaces:
            object.labels["kubernetes.io/metadata.name"] = object.name
            object["spec"] = ["finalizers": ["kubernetes"]]
            object["status"] = ["phase": "Active"]
        case .pods:
            let namespace = store.get(.namespaces, namespace: nil, name: object.namespace ?? "")
            object = PodAdmission.admit(object, namespace: namespace, settings: settings)
        case .services:
            object = serviceDefaults(object, store: store)
        case .persistentVolumeClaims:
            object["status"] = boundClaimStatus(object)
        case .jobs where object["spec"] == nil:
            object = fromCronJobTemplate(object, store: store)
        default:
            break
        }
        return forEveryWrite(object, type: type)
    }

    /// A manual instance of a CronJob sent without its spec (see ``ProtobufObjects``): the job
    /// template of the CronJob that owns it, as `kubectl create job --from` copied it.
    private static func fromCronJobTemplate(_ job: JSON, store: ObjectStore) -> JSON {
        guard let owner = ProtobufObjects.cronJobOwner(job),
              let cronJob = store.get(.cronJobs, namespace: job.namespace, name: owner),
              let template = cronJob[path: ["spec", "jobTemplate"]] else { return job }
        var job = job
        job["spec"] = template["spec"]
        for (key, value) in template[path: ["metadata", "labels"]]?.stringMap ?? [:] where job.labels[key] == nil {
            job.labels[key] = value
        }
        return job
    }

    /// A claim is Bound at once, to the capacity it asks for: no volume exists behind it.
    private static func boundClaimStatus(_ claim: JSON) -> JSON {
        var status: [String: JSON] = ["phase": "Bound"]
        if let modes = claim[path: ["spec", "accessModes"]] { status["accessModes"] = modes }
        if let storage = claim[path: ["spec", "resources", "requests", "storage"]] { status["capacity"] = ["storage": storage] }
        return .object(status)
    }

    /// A client's update keeps the status the controllers wrote.
    static func forUpdate(_ object: JSON, current: JSON, type: ResourceType) -> JSON {
        var object = object
        if type.hasStatus { object["status"] = current["status"] }
        if type == .namespaces { object.labels["kubernetes.io/metadata.name"] = object.name }
        if type == .services, object[path: ["spec", "clusterIP"]] == nil {
            object[path: ["spec", "clusterIP"]] = current[path: ["spec", "clusterIP"]]
            object[path: ["spec", "clusterIPs"]] = current[path: ["spec", "clusterIPs"]]
        }
        return forEveryWrite(object, type: type)
    }

    private static func forEveryWrite(_ object: JSON, type: ResourceType) -> JSON {
        var object = object
        switch type {
        case .secrets:
            var data = object["data"]?.objectValue ?? [:]
            for (key, value) in object["stringData"]?.stringMap ?? [:] {
                data[key] = .string(Data(value.utf8).base64EncodedString())
            }
            object["data"] = data.isEmpty ? nil : .object(data)
            object["stringData"] = nil
            if object["type"] == nil { object["type"] = "Opaque" }
        case .deployments:
            setDefault(&object, ["spec", "replicas"], 1)
            setDefault(&object, ["spec", "revisionHistoryLimit"], 10)
            setDefault(&object, ["spec", "progressDeadlineSeconds"], 600)
            setDefault(&object, ["spec", "strategy", "type"], "RollingUpdate")
            if object[path: ["spec", "strategy", "type"]] == "RollingUpdate" {
                setDefault(&object, ["spec", "strategy", "rollingUpdate"], ["maxSurge": "25%", "maxUnavailable": "25%"])
            }
        case .statefulSets:
            setDefault(&object, ["spec", "replicas"], 1)
            setDefault(&object, ["spec", "podManagementPolicy"], "OrderedReady")
            setDefault(&object, ["spec", "revisionHistoryLimit"], 10)
            setDefault(&object, ["spec", "updateStrategy"], ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]])
        case .jobs:
            setDefault(&object, ["spec", "completions"], 1)
            setDefault(&object, ["spec", "parallelism"], 1)
            setDefault(&object, ["spec", "backoffLimit"], 6)
        default:
            break
        }
        return object
    }

    private static func serviceDefaults(_ service: JSON, store: ObjectStore) -> JSON {
        var service = service
        setDefault(&service, ["spec", "type"], "ClusterIP")
        setDefault(&service, ["spec", "sessionAffinity"], "None")
        if service[path: ["spec", "clusterIP"]] == nil {
            let index = store.latestResourceVersion % 60_000
            let address = JSON.string("10.96.\(index / 250).\(index % 250 + 2)")
            service[path: ["spec", "clusterIP"]] = address
            service[path: ["spec", "clusterIPs"]] = [address]
        }
        let ports = (service[path: ["spec", "ports"]]?.arrayValue ?? []).map { port -> JSON in
            var port = port
            if port["protocol"] == nil { port["protocol"] = "TCP" }
            if port["targetPort"] == nil { port["targetPort"] = port["port"] }
            return port
        }
        if !ports.isEmpty { service[path: ["spec", "ports"]] = .array(ports) }
        return service
    }

    private static func setDefault(_ object: inout JSON, _ path: [String], _ value: JSON) {
        if object[path: path] == nil { object[path: path] = value }
    }
}
