import Foundation
import Testing
@testable import Sandbox

@Suite("Sandbox patches")
struct PatchTests {
    let deployment: JSON = [
        "metadata": ["name": "web", "labels": ["app": "web"]],
        "spec": ["template": ["spec": ["containers": [
            ["name": "web", "image": "web:1", "env": [["name": "A", "value": "1"], ["name": "B", "value": "2"]]],
            ["name": "log", "image": "log:1"],
        ]]]],
    ]

    private func containers(_ object: JSON) -> [JSON] { object[path: ["spec", "template", "spec", "containers"]]!.arrayValue! }

    @Test("strategic merge patch merges containers by name, as kubectl set image sends it")
    func setImage() throws {
        let patch = try JSON.parse(Data(#"{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"log"}],"containers":[{"image":"web:2","name":"web"}]}}}}"#.utf8))
        let result = StrategicMergePatch.apply(patch, to: deployment)
        #expect(containers(result).map { $0["image"] } == ["web:2", "log:1"])
        #expect(containers(result)[0]["env"]?.arrayValue?.count == 2)
    }

    @Test("strategic merge patch deletes list items and map keys")
    func deletions() throws {
        let patch: JSON = ["metadata": ["labels": ["app": nil]],
                           "spec": ["template": ["spec": ["containers": [["name": "log", "$patch": "delete"]]]]]]
        let result = StrategicMergePatch.apply(patch, to: deployment)
        #expect(containers(result).map { $0["name"] } == ["web"])
        #expect(result.labels.isEmpty)
    }

    @Test("a merge patch replaces lists and removes null members")
    func mergePatch() {
        let patch: JSON = ["metadata": ["labels": ["tier": "front", "app": nil]], "spec": ["template": ["spec": ["containers": [["name": "only"]]]]]]
        let result = JSONMergePatch.apply(patch, to: deployment)
        #expect(result.labels == ["tier": "front"])
        #expect(containers(result).count == 1)
    }

    @Test("a JSON patch replaces the template and the annotations, as kubectl rollout undo sends it")
    func jsonPatch() throws {
        let patch: JSON = [["op": "replace", "path": "/spec/template", "value": ["spec": ["containers": [["name": "web", "image": "web:0"]]]]],
                           ["op": "replace", "path": "/metadata/annotations", "value": ["a/b": "c"]]]
        let result = try JSONPatch.apply(patch, to: deployment)
        #expect(containers(result).map { $0["image"] } == ["web:0"])
        #expect(result.annotations == ["a/b": "c"])
        let removal: JSON = [["op": "remove", "path": "/spec/template/spec/containers/1"], ["op": "add", "path": "/metadata/labels/x~1y", "value": "z"]]
        let removed = try JSONPatch.apply(removal, to: deployment)
        #expect(containers(removed).count == 1 && removed.labels["x/y"] == "z")
        #expect(throws: APIError.self) { try JSONPatch.apply([["op": "remove", "path": "/nothing"]], to: deployment) }
    }

    @Test("the patch algorithm follows the media type kubectl sends")
    func mediaTypes() throws {
        let patch: JSON = ["spec": ["template": ["spec": ["containers": [["name": "web", "image": "web:2"]]]]]]
        let strategic = try PatchRequest.apply(patch, contentType: "application/strategic-merge-patch+json", to: deployment)
        #expect(containers(strategic).count == 2)
        let merge = try PatchRequest.apply(patch, contentType: "application/merge-patch+json", to: deployment)
        #expect(containers(merge).count == 1)
        #expect(throws: APIError.self) { try PatchRequest.apply(patch, contentType: "text/plain", to: deployment) }
    }
}
