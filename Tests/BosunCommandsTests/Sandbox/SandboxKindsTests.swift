import Foundation
import Testing

/// What runbooks 000 and 001 need of the sandbox, through the real kubectl: claims, CronJobs and
/// their manual runs, Ingresses, autoscalers, the service proxy, a probed test pod, a fixed port.
@Suite("the sandbox's kinds for runbooks 000 and 001")
struct SandboxKindsTests {
    static let objects = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: { name: data, namespace: default }
        spec:
          accessModes: [ReadWriteOnce]
          resources: { requests: { storage: 2Gi } }
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: { name: backup, namespace: default }
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            metadata: { labels: { app: backup } }
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers: [{ name: backup, image: "postgres:16", command: [pg_dump] }]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: { name: web, namespace: default }
        spec:
          rules:
            - host: shop.example.com
              http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: web, namespace: default }
        spec:
          scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
          minReplicas: 2
          maxReplicas: 5

        """

    @Test("claims, CronJobs, Ingresses and autoscalers are applied, listed, re-applied unchanged and deleted")
    func storedKinds() async throws {
        try await SandboxFixture.with { sandbox in
            let applied = try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.objects)
            for name in ["persistentvolumeclaim/data created", "cronjob.batch/backup created",
                         "ingress.networking.k8s.io/web created", "horizontalpodautoscaler.autoscaling/web created"] {
                #expect(applied.contains(name), "\(applied)")
            }
            let claim = try await sandbox.json(["pvc", "data", "-n", "default"])
            #expect((claim["status"] as? [String: Any])?["phase"] as? String == "Bound")
            #expect(((claim["status"] as? [String: Any])?["capacity"] as? [String: Any])?["storage"] as? String == "2Gi")
            let listed = try await sandbox.kubectlOK(["get", "pvc,cronjobs,ingresses,hpa", "-n", "default"])
            #expect(listed.contains("persistentvolumeclaim/data") && listed.contains("Bound"))
            #expect(listed.contains("0 2 * * *"))
            #expect(listed.contains("shop.example.com"))
            #expect(listed.contains("Deployment/web"))
            let again = try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.objects)
            #expect(again.components(separatedBy: "unchanged").count - 1 == 4, "\(again)")
            let deleted = try await sandbox.kubectlOK(["delete", "-f", "-"], stdin: Self.objects)
            #expect(deleted.components(separatedBy: "deleted").count - 1 == 4, "\(deleted)")
        }
    }

    @Test("kubectl create job --from=cronjob/… runs the CronJob's template to completion; other protobuf Jobs are refused by name")
    func manualCronJobRun() async throws {
        try await SandboxFixture.with { sandbox in
            try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.objects)
            let created = try await sandbox.kubectlOK(["create", "job", "backup-now", "--from=cronjob/backup", "-n", "default"])
            #expect(created.contains("job.batch/backup-now created"))
            try await sandbox.kubectlOK(["wait", "--for=condition=complete", "job/backup-now", "-n", "default", "--timeout=20s"])
            let job = try await sandbox.json(["job", "backup-now", "-n", "default"])
            let metadata = try #require(job["metadata"] as? [String: Any])
            #expect((metadata["annotations"] as? [String: Any])?["cronjob.kubernetes.io/instantiate"] as? String == "manual")
            #expect(((metadata["ownerReferences"] as? [[String: Any]])?.first)?["name"] as? String == "backup")
            #expect((metadata["labels"] as? [String: Any])?["app"] as? String == "backup", "the template's labels")
            let plain = try await sandbox.kubectl(["create", "job", "plain", "--image=busybox", "-n", "default"])
            #expect(plain.status != 0)
            #expect(plain.stderr.contains("Job (other than `kubectl create job --from=cronjob/…`)"))
        }
    }

    @Test("the service proxy answers for a service by its pods' readiness, and a probed bare pod becomes Ready")
    func serviceProxyAndTestPod() async throws {
        try await SandboxFixture.with { sandbox in
            let app = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: api, namespace: default }
                spec:
                  selector: { matchLabels: { app: api } }
                  template:
                    metadata: { labels: { app: api } }
                    spec: { containers: [{ name: api, image: "api:1" }] }
                ---
                apiVersion: v1
                kind: Service
                metadata: { name: api-service, namespace: default }
                spec: { selector: { app: api }, ports: [{ port: 8080 }] }
                ---
                apiVersion: v1
                kind: Pod
                metadata: { name: probe, namespace: default }
                spec:
                  restartPolicy: Never
                  containers: [{ name: probe, image: "postgres:16", command: [sleep, "3600"] }]

                """
            try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: app)
            try await sandbox.kubectlOK(["wait", "--for=condition=Available", "deployment/api", "-n", "default", "--timeout=20s"])
            let health = try await sandbox.kubectlOK(["get", "--raw", "/api/v1/namespaces/default/services/api-service:8080/proxy/health"])
            #expect(health.contains("\"status\":\"UP\"") || health.contains("\"status\" : \"UP\""), "\(health)")
            let missing = try await sandbox.kubectl(["get", "--raw", "/api/v1/namespaces/default/services/nope:80/proxy/health"])
            #expect(missing.status != 0)
            try await sandbox.kubectlOK(["wait", "--for=condition=Ready", "pod/probe", "-n", "default", "--timeout=20s"])
        }
    }

    @Test("sandbox start --port listens there, a restart keeps the port, and a port in use is refused with nothing left running")
    func ports() async throws {
        let first = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-port-\(UUID().uuidString)").path
        let second = first + "-other"
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        let bosun = { (arguments: [String], state: String) in
            try await ChildProcess.run(SandboxFixture.binary, arguments + ["--state-dir", state])
        }
        let started = try await bosun(["sandbox", "start", "--port", "0"], first)
        #expect(started.status == 0, "\(started)")
        let port = try #require(started.stdout.firstMatch(of: #/127\.0\.0\.1:(\d+)/#)?.output.1).description
        #expect(started.stdout.contains("health checks: http://<service>.<namespace>.localhost:\(port)/"))
        _ = try await bosun(["sandbox", "stop"], first)
        let restarted = try await bosun(["sandbox", "start"], first)
        #expect(restarted.stdout.contains("127.0.0.1:\(port) "), "the last port again: \(restarted.stdout)")

        let taken = try await bosun(["sandbox", "start", "--port", port], second)
        #expect(taken.status == 1)
        #expect(taken.stderr.contains("port \(port) on 127.0.0.1 is in use"))
        #expect(!FileManager.default.fileExists(atPath: second + "/sandbox/server.json"))
        _ = try await bosun(["sandbox", "stop"], first)

        let fixed = try await bosun(["sandbox", "start", "--port", port], second)
        #expect(fixed.status == 0, "\(fixed)")
        #expect(fixed.stdout.contains("127.0.0.1:\(port) "))
        _ = try await bosun(["sandbox", "stop"], second)
    }
}
