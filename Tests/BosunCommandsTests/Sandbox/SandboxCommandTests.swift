import Foundation
import Testing

@Suite("bosun sandbox start|stop|status")
struct SandboxCommandTests {
    @Test("start records pid and port and writes a kubeconfig; a second start reports the running one; stop cleans up")
    func lifecycle() async throws {
        try await SandboxFixture.with { sandbox in
            let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sandbox.stateDirectory + "/sandbox/server.json"))) as? [String: Any]
            let port = try #require(record?["port"] as? Int)
            let kubeconfig = try String(contentsOfFile: sandbox.kubeconfig, encoding: .utf8)
            #expect(kubeconfig.contains("server: http://127.0.0.1:\(port)"))
            #expect(kubeconfig.contains("current-context: bosun-sandbox"))

            let again = try await sandbox.bosun(["sandbox", "start"])
            #expect(again.status == 0)
            #expect(again.stdout.contains("already running: http://127.0.0.1:\(port)"))

            try await sandbox.kubectlOK(["create", "namespace", "shop"])
            let status = try await sandbox.bosun(["sandbox", "status"])
            #expect(status.status == 0)
            #expect(status.stdout.contains("sandbox running: http://127.0.0.1:\(port)"))
            #expect(status.stdout.contains("namespaces 5"))

            let stop = try await sandbox.bosun(["sandbox", "stop"])
            #expect(stop.stdout.contains("sandbox stopped"))
            #expect(!FileManager.default.fileExists(atPath: sandbox.kubeconfig))
            let stopped = try await sandbox.bosun(["sandbox", "status"])
            #expect(stopped.status == 1 && stopped.stdout.contains("sandbox not running"))
        }
    }

    @Test("the help says plainly that the sandbox is a simulation, not a Kubernetes")
    func help() async throws {
        let help = try await ChildProcess.run(SandboxFixture.binary, ["sandbox", "--help"])
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("not a Kubernetes"))
        #expect(text.contains("Controllers are simulated"))
    }
}
