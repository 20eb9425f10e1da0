import Foundation

/// The `meta.k8s.io/v1` Table that `kubectl get` asks for, with the columns a real server prints
/// for the common kinds (pods: READY, STATUS, RESTARTS; deployments: READY, UP-TO-DATE, AVAILABLE…).
enum TableView {
    static func table(for type: ResourceType, items: [JSON], resourceVersion: Int, now: Date = Date()) -> JSON {
        let columns = ["Name"] + extraColumns(type).map(\.name) + ["Age"]
        let rows = items.map { item -> JSON in
            let cells = [JSON.string(item.name)] + extraColumns(type).map { .string($0.value(item)) } + [.string(age(item, now: now))]
            return ["cells": .array(cells), "object": partialMetadata(item)]
        }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": ["resourceVersion": .string(String(resourceVersion))],
            "columnDefinitions": .array(columns.map { ["name": .string($0), "type": "string", "format": $0 == "Name" ? "name" : "", "description": "", "priority": 0] }),
            "rows": .array(rows),
        ]
    }

    private struct Column {
        let name: String
        let value: (JSON) -> String
    }

    private static func int(_ object: JSON, _ path: String...) -> Int { object[path: path]?.intValue ?? 0 }

    private static func extraColumns(_ type: ResourceType) -> [Column] {
        switch type {
        case .pods:
            return [Column(name: "Ready") { pod in
                        let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
                        let total = (pod[path: ["spec", "containers"]]?.arrayValue ?? []).count
                        return "\(statuses.filter { $0["ready"]?.boolValue == true }.count)/\(total)"
                    },
                    Column(name: "Status", value: podStatus),
                    Column(name: "Restarts") { _ in "0" }]
        case .deployments:
            return [Column(name: "Ready") { "\(int($0, "status", "readyReplicas"))/\($0.specReplicas)" },
                    Column(name: "Up-to-date") { String(int($0, "status", "updatedReplicas")) },
                    Column(name: "Available") { String(int($0, "status", "availableReplicas")) }]
        case .replicaSets:
            return [Column(name: "Desired") { String($0.specReplicas) },
                    Column(name: "Current") { String(int($0, "status", "replicas")) },
                    Column(name: "Ready") { String(int($0, "status", "readyReplicas")) }]
        case .statefulSets:
            return [Column(name: "Ready") { "\(int($0, "status", "readyReplicas"))/\($0.specReplicas)" }]
        case .jobs:
            return [Column(name: "Status") { job in
                        (job[path: ["status", "conditions"]]?.arrayValue ?? []).contains { $0["type"] == "Complete" } ? "Complete" : "Running"
                    },
                    Column(name: "Completions") { "\(int($0, "status", "succeeded"))/\(int($0, "spec", "completions"))" }]
        case .persistentVolumeClaims:
            return [Column(name: "Status") { $0[path: ["status", "phase"]]?.stringValue ?? "Pending" },
                    Column(name: "Capacity") { $0[path: ["status", "capacity", "storage"]]?.stringValue ?? "" }]
        case .cronJobs:
            return [Column(name: "Schedule") { $0[path: ["spec", "schedule"]]?.stringValue ?? "" },
                    Column(name: "Suspend") { $0[path: ["spec", "suspend"]]?.boolValue == true ? "True" : "False" }]
        case .ingresses:
            return [Column(name: "Hosts") { ingress in
                let hosts = (ingress[path: ["spec", "rules"]]?.arrayValue ?? []).compactMap { $0["host"]?.stringValue }
                return hosts.isEmpty ? "*" : hosts.joined(separator: ",")
            }]
        case .horizontalPodAutoscalers:
            return [Column(name: "Reference") { "\($0[path: ["spec", "scaleTargetRef", "kind"]]?.stringValue ?? "")/\($0[path: ["spec", "scaleTargetRef", "name"]]?.stringValue ?? "")" },
                    Column(name: "MinPods") { "\(int($0, "spec", "minReplicas"))" },
                    Column(name: "MaxPods") { "\(int($0, "spec", "maxReplicas"))" }]
        case .services:
            return [Column(name: "Type") { $0[path: ["spec", "type"]]?.stringValue ?? "ClusterIP" },
                    Column(name: "Cluster-IP") { $0[path: ["spec", "clusterIP"]]?.stringValue ?? "" },
                    Column(name: "External-IP") { _ in "<none>" },
                    Column(name: "Port(s)") { service in
                        (service[path: ["spec", "ports"]]?.arrayValue ?? []).map {
                            "\($0["port"]?.intValue ?? 0)/\($0["protocol"]?.stringValue ?? "TCP")"
                        }.joined(separator: ",")
                    }]
        case .namespaces:
            return [Column(name: "Status") { $0[path: ["status", "phase"]]?.stringValue ?? "Active" }]
        case .nodes:
            return [Column(name: "Status") { _ in "Ready" }, Column(name: "Roles") { _ in "control-plane" },
                    Column(name: "Version") { $0[path: ["status", "nodeInfo", "kubeletVersion"]]?.stringValue ?? "" }]
        case .configMaps:
            return [Column(name: "Data") { String(($0["data"]?.objectValue ?? [:]).count) }]
        case .secrets:
            return [Column(name: "Type") { $0["type"]?.stringValue ?? "Opaque" },
                    Column(name: "Data") { String(($0["data"]?.objectValue ?? [:]).count) }]
        default:
            return []
        }
    }

    private static func podStatus(_ pod: JSON) -> String {
        if pod[path: ["metadata", "deletionTimestamp"]] != nil { return "Terminating" }
        let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
        if let waiting = statuses.compactMap({ $0[path: ["state", "waiting", "reason"]]?.stringValue }).first { return waiting }
        if pod.podPhase == "Succeeded" { return "Completed" }
        return pod.podPhase.isEmpty ? "Pending" : pod.podPhase
    }

    private static func partialMetadata(_ object: JSON) -> JSON {
        ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object["metadata"] ?? .emptyObject]
    }

    /// Ages the way kubectl prints them: 45s, 3m12s, 40m, 5h10m, 3d.
    static func age(_ object: JSON, now: Date) -> String {
        guard let created = object[path: ["metadata", "creationTimestamp"]]?.stringValue.flatMap(Timestamp.date) else { return "<unknown>" }
        let seconds = max(0, Int(now.timeIntervalSince(created)))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<600: return "\(seconds / 60)m\(seconds % 60 == 0 ? "" : "\(seconds % 60)s")"
        case ..<10_800: return "\(seconds / 60)m"
        case ..<28_800: return "\(seconds / 3600)h\((seconds % 3600) / 60 == 0 ? "" : "\((seconds % 3600) / 60)m")"
        case ..<172_800: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}
