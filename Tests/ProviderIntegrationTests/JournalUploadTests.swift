import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `state: { s3: BUCKET/PREFIX }` with the real `aws` CLI against moto's S3 (a local stand-in: no
/// cloud here): each run's journal is uploaded when it ends, and `bosun show` on another machine
/// (another, empty state folder) reads it back. The environments have no connect step, so no
/// cluster record or lock takes part.
@Suite("Journals in S3 with the real aws CLI against moto")
struct JournalUploadTests {
    static let bucket = "team-journals"
    static let secret = "s3cr3t-t0ken-value"

    /// `dev` succeeds; `broken` fails its last step. `leave-credentials` writes what a connect step
    /// and Terraform leave in a run folder (a kubeconfig, a plan file) beside the workspace a
    /// `--rev` run checks out, so the upload has something to leave behind.
    static let plan = """
        plan: journal-demo
        state: { s3: \(bucket)/ci/bosun }
        vars:
          token: { value: \(secret), secret: true }
        environments:
          dev: { provider: kubectl, kubeconfig: kubeconfig.yaml }
          broken: { provider: kubectl, kubeconfig: kubeconfig.yaml }
        phases:
          - name: main
            steps:
              - { id: hello, run: [sh, -c, "echo hello from the run; echo token is ${token}"] }
              - id: leave-credentials
                run: [sh, -c, "echo 'token: ${token}' > ../kubeconfig; mkdir -p ../terraform && echo plan > ../terraform/app.tfplan"]
              - { id: fail, run: [sh, -c, "echo failing; exit 7"], environments: [broken] }

        """

    /// The same plan uploading to a bucket that does not exist, whose name is also a secret: the
    /// aws CLI's error names the bucket, and Bosun masks it there.
    static let missingBucketPlan = plan
        .replacingOccurrences(of: "plan: journal-demo", with: "plan: journal-missing")
        .replacingOccurrences(of: "\(bucket)/ci/bosun", with: "no-such-bucket-here")
        .replacingOccurrences(of: "vars:\n", with: "vars:\n  hidden: { value: no-such-bucket-here, secret: true }\n")

    struct World {
        let sandbox: Sandbox
        let moto: StandIn
        let environment: [String: String]

        init() async throws {
            try TestTools.require(TestTools.awsTools + "/aws")
            sandbox = try Sandbox(plan: JournalUploadTests.plan, files: [
                "kubeconfig.yaml": "apiVersion: v1\nkind: Config\n", "missing.yaml": JournalUploadTests.missingBucketPlan,
            ])
            moto = try await StandIn.start(script: "moto_s3_server.py", arguments: [], folder: sandbox.root)
            var environment = sandbox.environment(EKSProviderTests.World.awsSettings(endpoint: moto.url), pathFolders: [TestTools.awsTools])
            // Temporary folders (the upload's and the download's) where the test can see they are gone.
            environment["TMPDIR"] = sandbox.root + "/tmp"
            try FileManager.default.createDirectory(atPath: sandbox.root + "/tmp", withIntermediateDirectories: true)
            self.environment = environment
            #expect(try await aws(["s3", "mb", "s3://\(JournalUploadTests.bucket)"]).status == 0)
            // A repository, so that `--rev HEAD` checks the plan out into the run's workspace.
            for git in [["init", "-q", "."], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "plan"]] {
                let result = try await CLI.run(["git"] + git, in: sandbox.project, environment: environment)
                #expect(result.status == 0, "\(result.output)")
            }
        }

        func aws(_ arguments: [String]) async throws -> CLI.Result {
            try await CLI.run(["aws"] + arguments, in: sandbox.root, environment: environment)
        }

        /// `bosun ARGUMENTS` in the project, journaling into its `.bosun` (this machine).
        func bosun(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> CLI.Result {
            try await CLI.run([CLI.bosun] + arguments, in: sandbox.project, environment: environment.merging(extra) { $1 })
        }

        /// `bosun ARGUMENTS` on "another machine": the same project, an empty state folder of its own.
        func bosunElsewhere(_ arguments: [String]) async throws -> CLI.Result {
            try await bosun(arguments, environment: ["BOSUN_STATE_DIR": sandbox.root + "/machine-b"])
        }

        /// Every key in the bucket.
        func keys() async throws -> [String] {
            let listed = try await aws(["s3api", "list-objects-v2", "--bucket", JournalUploadTests.bucket,
                                        "--query", "Contents[].Key", "--output", "json"])
            #expect(listed.status == 0, "\(listed.output)")
            let keys = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8), options: [.fragmentsAllowed]) as? [String]
            return (keys ?? []).sorted()
        }

        func object(_ key: String) async throws -> String {
            try await aws(["s3", "cp", "s3://\(JournalUploadTests.bucket)/\(key)", "-"]).stdout
        }

        /// The one run this machine journaled.
        func runID() throws -> String { (try sandbox.runFolder() as NSString).lastPathComponent }

        /// What is left in the temporary folder Bosun was given.
        func temporaryLeftovers() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: sandbox.root + "/tmp")
        }

        func stop() {
            moto.stop()
            sandbox.remove()
        }
    }

    static func runFolderKey(_ runID: String, environment: String = "dev") -> String {
        "ci/bosun/journal-demo/\(environment)/\(runID)/"
    }

    @Test("a run uploads run.json, events.jsonl, plan.json and its logs, and nothing else of its run folder")
    func uploadsTheJournalOnly() async throws {
        let world = try await World()
        defer { world.stop() }
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "dev", "--rev", "HEAD"])
        #expect(result.status == 0, "\(result.output)")
        let runID = try world.runID()
        let folder = Self.runFolderKey(runID)
        #expect(result.stdout.contains("journal uploaded to s3://\(Self.bucket)/\(folder)"), "\(result.output)")

        // The run folder holds what must stay here…
        let local = try world.sandbox.runFolder()
        for kept in ["kubeconfig", "terraform/app.tfplan", "workspace/plan.yaml"] {
            #expect(FileManager.default.fileExists(atPath: local + "/" + kept), "\(kept) is in the run folder")
        }
        // …and the bucket exactly the journal (leave-credentials printed nothing, so has no log).
        let expected = ["events.jsonl", "logs/hello.log", "plan.json", "run.json"].map { folder + $0 }
        let keys = try await world.keys()
        #expect(keys == expected)
        #expect(try world.temporaryLeftovers() == [], "the upload's staging folder is removed")
    }

    @Test("a secret variable a step prints is masked in the uploaded log, as in every uploaded file")
    func secretsStayMasked() async throws {
        let world = try await World()
        defer { world.stop() }
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "dev"])
        #expect(result.status == 0, "\(result.output)")
        let folder = Self.runFolderKey(try world.runID())
        let log = try await world.object(folder + "logs/hello.log")
        #expect(log.contains("token is ***"), "\(log)")
        for key in try await world.keys() {
            #expect(!(try await world.object(key)).contains(Self.secret), "\(key) holds the secret")
        }
    }

    @Test("bosun show RUN --plan --env on another machine reads the run from the bucket: text, --logs, --json, last")
    func showFromAnotherMachine() async throws {
        let world = try await World()
        defer { world.stop() }
        #expect(try await world.bosun(["apply", "plan.yaml", "--env", "dev"]).status == 0)
        let runID = try world.runID()

        let text = try await world.bosunElsewhere(["show", runID, "--plan", "plan.yaml", "--env", "dev", "--logs"])
        #expect(text.status == 0, "\(text.output)")
        #expect(text.stdout.contains("Run \(runID)"), "\(text.stdout)")
        #expect(text.stdout.contains("environment dev"))
        #expect(text.stdout.contains("── hello ──"))
        #expect(text.stdout.contains("hello from the run"))
        #expect(text.stdout.contains("token is ***"))
        #expect(!text.output.contains(Self.secret))
        #expect(text.stderr.contains("from s3://\(Self.bucket)/\(Self.runFolderKey(runID))"), "\(text.stderr)")

        let json = try await world.bosunElsewhere(["show", runID, "--plan", "plan.yaml", "--env", "dev", "--json"])
        #expect(json.status == 0, "\(json.output)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let run = document?["run"] as? [String: Any]
        #expect(run?["runID"] as? String == runID, "\(json.stdout)")
        #expect(run?["environment"] as? String == "dev")

        // `last` is the environment's newest run in the bucket; --s3 alone finds a run by listing.
        let last = try await world.bosunElsewhere(["show", "last", "--plan", "plan.yaml", "--env", "dev"])
        #expect(last.status == 0 && last.stdout.contains("Run \(runID)"), "\(last.output)")
        let bucketOnly = try await world.bosunElsewhere(["show", runID, "--s3", "s3://\(Self.bucket)/ci/bosun/"])
        #expect(bucketOnly.status == 0 && bucketOnly.stdout.contains("Run \(runID)"), "\(bucketOnly.output)")

        #expect(!FileManager.default.fileExists(atPath: world.sandbox.root + "/machine-b/runs"), "nothing is journaled there")
        #expect(try world.temporaryLeftovers() == [], "every download's folder is removed")
    }

    @Test("a run the bucket does not hold is a clear error naming where Bosun looked, with the runs that are there")
    func unknownRun() async throws {
        let world = try await World()
        defer { world.stop() }
        #expect(try await world.bosun(["apply", "plan.yaml", "--env", "dev"]).status == 0)
        let runID = try world.runID()

        let missing = try await world.bosunElsewhere(["show", "20200101-000000-abcd", "--plan", "plan.yaml", "--env", "dev"])
        #expect(missing.status == 1, "\(missing.output)")
        #expect(missing.stderr.contains("no run '20200101-000000-abcd' in \(world.sandbox.root)/machine-b/runs nor in s3://\(Self.bucket)/ci/bosun/journal-demo/dev/"),
                "\(missing.stderr)")
        #expect(missing.stderr.contains("newest runs there: \(runID)"), "\(missing.stderr)")

        let elsewhere = try await world.bosunElsewhere(["show", "20200101-000000-abcd", "--s3", "\(Self.bucket)/ci/bosun"])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr.contains("nor in s3://\(Self.bucket)/ci/bosun/"), "\(elsewhere.stderr)")

        let noBucket = try await world.bosunElsewhere(["show", runID])
        #expect(noBucket.status == 1)
        #expect(noBucket.stderr.contains("--s3 BUCKET/PREFIX"), "without a bucket, the hint says how to name one: \(noBucket.stderr)")

        let climbing = try await world.bosunElsewhere(["show", "../\(runID)", "--plan", "plan.yaml", "--env", "dev"])
        #expect(climbing.status == 2, "\(climbing.output)")
        #expect(climbing.stderr.contains("is not a run id"))
        #expect(try world.temporaryLeftovers() == [])
    }

    @Test("a failed upload (no such bucket, an endpoint that refuses) is a warning; the run's exit status stays its own")
    func failedUploadIsAWarning() async throws {
        let world = try await World()
        defer { world.stop() }

        let good = try await world.bosun(["apply", "missing.yaml", "--env", "dev"])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.stderr.contains("warning: the journal of run "), "\(good.stderr)")
        #expect(good.stderr.contains("was not uploaded to s3://***/journal-missing/dev/"), "the bucket is a secret here: \(good.stderr)")
        #expect(good.stderr.contains("NoSuchBucket"), "the aws CLI's own words: \(good.stderr)")
        #expect(!good.output.contains("no-such-bucket-here"))
        #expect(good.stdout.contains("Run succeeded"))

        let failing = try await world.bosun(["apply", "missing.yaml", "--env", "broken"])
        #expect(failing.status == 1, "a failed step's exit status, whatever the upload did: \(failing.output)")
        #expect(failing.stderr.contains("was not uploaded to"), "\(failing.stderr)")

        let closedPort = try await world.bosun(["apply", "plan.yaml", "--env", "dev"],
                                               environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(try Self.closedPort())"])
        #expect(closedPort.status == 0, "\(closedPort.output)")
        #expect(closedPort.stderr.contains("was not uploaded to s3://\(Self.bucket)/ci/bosun/journal-demo/dev/"), "\(closedPort.stderr)")
        #expect(closedPort.stderr.contains("Could not connect to the endpoint URL"), "\(closedPort.stderr)")
        #expect(try await world.keys() == [], "nothing reached the bucket")

        // Every run is still journaled here.
        let runs = try FileManager.default.contentsOfDirectory(atPath: world.sandbox.project + "/.bosun/runs")
        #expect(runs.count == 3)
        #expect(try world.temporaryLeftovers() == [])
    }

    @Test("keys in the bucket that are not journal files, or that climb out of the run's folder, are never downloaded")
    func downloadsTheJournalOnly() async throws {
        let world = try await World()
        defer { world.stop() }
        #expect(try await world.bosun(["apply", "plan.yaml", "--env", "dev"]).status == 0)
        let runID = try world.runID()
        let folder = Self.runFolderKey(runID)
        let planted = world.sandbox.root + "/planted.txt"
        try world.sandbox.write("planted\n", to: planted)
        let escapes = ["logs/" + String(repeating: "../", count: 16) + world.sandbox.root.dropFirst() + "/escaped.txt", "logs/../../escaped-too.txt"]
        for key in escapes + ["kubeconfig", "workspace/secret.txt", "logs/deeper/x.log", "logs/.hidden"] {
            let put = try await world.aws(["s3api", "put-object", "--bucket", Self.bucket, "--key", folder + key, "--body", planted])
            #expect(put.status == 0, "\(put.output)")
        }

        let shown = try await world.bosunElsewhere(["show", runID, "--plan", "plan.yaml", "--env", "dev", "--logs"])
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.stdout.contains("hello from the run"))
        #expect(!shown.stdout.contains("planted"), "no planted file is shown as a log: \(shown.stdout)")
        #expect(!FileManager.default.fileExists(atPath: world.sandbox.root + "/escaped.txt"))
        #expect(try world.temporaryLeftovers() == [])
        let found = FileManager.default.enumerator(atPath: world.sandbox.root)?.compactMap { $0 as? String } ?? []
        #expect(found.filter { $0.hasSuffix("escaped.txt") || $0.hasSuffix("escaped-too.txt") } == [])
    }

    /// A port nothing listens on: one the kernel just handed out and that was closed again.
    static func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw TestTools.Missing(description: "cannot bind a port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
