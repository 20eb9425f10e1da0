import ChangePreview
import Foundation
import Rendering
import Testing

@Suite("the preview's text, markdown and JSON")
struct ChangeReportRenderingTests {
    static func report(objects: Int = 1, diffLines: Int = 5) -> ChangeReport {
        let diff = (0..<diffLines).map { "+  line \($0): value" }.joined(separator: "\n")
        let changed = (0..<objects).map { ObjectChange(kind: "ConfigMap", namespace: "shop", name: "config-\($0)", action: .change, diff: diff) }
        let deployment = ObjectChange(kind: "Deployment", namespace: "shop", name: "web", action: .change, diff: "-image: a:v1\n+image: a:v2",
                                      images: [ImageChange(container: "web", from: "registry/web:v1.1.0", to: "registry/web:v1.2.0")])
        return ChangeReport(plan: "shop", environment: "prod", source: "working tree", commit: nil, steps: [
            StepPreview(id: "module.vpc", phase: "infra", kind: "terraform", summary: "", location: "p.yaml:3:9", outcome: .terraform([
                ResourceChange(address: "module.vpc.a", action: .create, inTarget: true),
                ResourceChange(address: "module.vpc.b", action: .create, inTarget: true),
                ResourceChange(address: "module.vpc.c", action: .update, inTarget: true),
                ResourceChange(address: "module.base.d", action: .create, inTarget: false)])),
            StepPreview(id: "app", phase: "apps", kind: "apply", summary: "", location: "p.yaml:9:9",
                        outcome: .kubernetes(changed + [deployment, ObjectChange(kind: "Service", namespace: "shop", name: "web", action: .create, diff: "+x")])),
            StepPreview(id: "release-web", phase: "apps", kind: "rollout", summary: "", location: "p.yaml:12:9", outcome: .release(ReleaseChange(
                deployment: "web", namespace: "shop", container: "web", currentImage: "registry/web:v1.1.0", currentRevision: 3, newImage: "registry/web:v1.2.0"))),
            StepPreview(id: "smoke", phase: "apps", kind: "check", summary: "", location: "p.yaml:15:9", outcome: .runs(note: "runs, not previewed", preview: nil)),
        ])
    }

    @Test("the summary line counts each address and object once, and names each release once")
    func summaryLine() {
        let text = ChangeTextRenderer.render(Self.report())
        #expect(text.contains("Summary: terraform: 2 to add, 1 to change; kubernetes: 1 to create, 2 to change; releases: web v1.1.0 → v1.2.0\n"), "\(text)")
    }

    @Test("JSON: versioned, with a status per step and the counts CI reads")
    func json() throws {
        let data = Data(ChangeJSONRenderer.render(Self.report()).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "bosun.preview/v1" && object["changes"] as? Bool == true && object["complete"] as? Bool == true)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect((summary["terraform"] as? [String: Int]) == ["create": 2, "update": 1, "replace": 0, "delete": 0, "read": 0])
        #expect((summary["kubernetes"] as? [String: Int]) == ["create": 1, "change": 2, "unchanged": 0])
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.map { $0["status"] as? String } == ["changes", "changes", "changes", "runs"])
        #expect((steps[2]["release"] as? [String: Any])?["currentRevision"] as? Int == 3)
    }

    @Test("markdown folds each diff under details, in a fence no diff line can close")
    func markdown() {
        var report = Self.report()
        report.steps[1].outcome = .kubernetes([ObjectChange(kind: "ConfigMap", namespace: nil, name: "md", action: .change, diff: "+ ``` not the end")])
        let markdown = ChangeMarkdownRenderer.render(report, command: "bosun plan p.yaml --env prod --live")
        #expect(markdown.contains("<details><summary>`app`: change ConfigMap md</summary>\n\n````diff\n+ ``` not the end\n````"), "\(markdown)")
        #expect(markdown.contains("| `module.vpc` | infra | terraform: 2 to add, 1 to change (and 1 of its dependencies, shown at their steps) |"))
        #expect(!markdown.contains("Truncated"))
    }

    @Test("markdown stays under GitHub's 65,536 characters and says what it left out")
    func truncated() {
        let report = Self.report(objects: 400, diffLines: 40)
        let markdown = ChangeMarkdownRenderer.render(report, command: "bosun plan p.yaml --env prod --live")
        #expect(markdown.utf16.count <= 65_536)
        #expect(markdown.utf16.count > 60_000, "it fills what it may")
        let note = markdown.split(separator: "\n").last.map(String.init) ?? ""
        #expect(note.contains("Truncated to stay under GitHub's 65536-character comment limit"), "\(note)")
        // 400 ConfigMaps, the Deployment and the Service, and Terraform's addresses.
        let shown = markdown.components(separatedBy: "<details>").count - 1
        #expect(note.contains("\(403 - shown) of 403 diffs not shown"), "the count is what was left out: \(shown) shown; \(note)")
        #expect(note.contains("`bosun plan p.yaml --env prod --live`"), "\(note)")
    }
}
