import BosunBasics
import PlanCompiler
import PlanModel
import Testing

/// `records:`, `cluster_lock` and `lock_lease` as written, compiled into what a run keeps in its
/// cluster (docs/records.md).
@Suite("records and the cluster lock in a plan")
struct ClusterStateSettingsTests {
    static func plan(top: String = "", environment: String = "", connect: Bool = true) -> String {
        """
        plan: demo
        \(top)
        environments:
          local:
            provider: kubectl
            kubeconfig: kube.yaml
            \(environment)
        phases:
          - name: main
            steps:
        \(connect ? "      - connect: cluster\n" : "")      - { id: work, run: [echo, hi] }

        """
    }

    @Test("an environment with a cluster keeps the last 50 records and has the cluster lock, by default")
    func defaults() throws {
        let plan = try CompilerFixture.compiled(Self.plan(), environment: "local")
        #expect(plan.recordsKept == 50)
        #expect(plan.clusterLock)
        #expect(plan.realSteps.contains { $0.id == "cluster-lock" })
        #expect(plan.lockLeaseSeconds == nil, "60 s unless lock_lease says otherwise")
    }

    @Test("an environment that never connects keeps no records and has no lock")
    func noCluster() throws {
        let plan = try CompilerFixture.compiled(Self.plan(connect: false), environment: "local")
        #expect(plan.recordsKept == nil && !plan.clusterLock)
    }

    @Test("records: false opts out (and with it the lock); an environment's value overrides the plan's")
    func optOut() throws {
        let off = try CompilerFixture.compiled(Self.plan(top: "records: false"), environment: "local")
        #expect(off.recordsKept == nil && !off.clusterLock && !off.realSteps.contains { $0.id == "cluster-lock" })
        let lockOnly = try CompilerFixture.compiled(Self.plan(environment: "records: false\n    cluster_lock: true"), environment: "local")
        #expect(lockOnly.recordsKept == nil && lockOnly.clusterLock)
        let kept = try CompilerFixture.compiled(Self.plan(top: "records: false", environment: "records: { keep: 7 }"), environment: "local")
        #expect(kept.recordsKept == 7)
    }

    @Test("lock_lease sets the Lease's duration, within 3s to 1h")
    func lease() throws {
        #expect(try CompilerFixture.compiled(Self.plan(environment: "lock_lease: 90s"), environment: "local").lockLeaseSeconds == 90)
        let short = CompilerFixture.diagnostics(Self.plan(environment: "lock_lease: 1s"), environment: "local")
        #expect(short.contains { $0.message.contains("lock_lease") && $0.location.line == 7 }, "\(short.map(\.message))")
    }

    @Test("records need the lock: cluster_lock: false with records on is an error naming both keys, at the line")
    func lockNeeded() {
        let diagnostics = CompilerFixture.diagnostics(Self.plan(environment: "cluster_lock: false"), environment: "local")
        let error = diagnostics.first { $0.message.contains("needs the cluster lock") }
        #expect(error?.location.line == 7)
        #expect(error?.hint?.contains("records: false") == true)
    }

    @Test("records.keep is a whole number from 1 to 1000; a bad value names the field and line")
    func keepBounds() {
        for (value, words) in [("0", "at least 1"), ("1001", "records.keep"), ("many", "records.keep")] {
            let diagnostics = CompilerFixture.diagnostics(Self.plan(top: "records: { keep: \(value) }"), environment: "local")
            #expect(diagnostics.contains { $0.message.contains(words) && $0.location.line == 2 }, "\(value): \(diagnostics.map(\.message))")
        }
        let unknown = CompilerFixture.diagnostics(Self.plan(top: "records: { kept: 5 }"), environment: "local")
        #expect(!unknown.isEmpty)
    }

    @Test("state.s3 takes BUCKET/PREFIX (s3:// allowed); anything else is refused with the rule")
    func journalState() throws {
        let plan = try CompilerFixture.compiled(Self.plan(top: "state: { s3: s3://team-bosun/journals/ }"), environment: "local")
        #expect(plan.journalUpload == "team-bosun/journals")
        let bad = CompilerFixture.diagnostics(Self.plan(top: "state: { s3: Bad_Bucket }"), environment: "local")
        #expect(bad.contains { $0.message.contains("state.s3") && $0.location.line == 2 })
    }
}
