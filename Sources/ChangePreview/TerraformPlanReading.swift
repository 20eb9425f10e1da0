import Foundation

/// The resource changes of `terraform show -json PLANFILE` (Terraform's JSON output format,
/// `format_version` 0.x and 1.x: `resource_changes[].change.actions`).
enum TerraformPlanReading {
    enum Failure: Error { case unreadable(String) }

    static func changes(in json: String, target: String) throws(Failure) -> [ResourceChange] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw .unreadable(json.isEmpty ? "terraform show -json printed nothing" : "terraform show -json printed something else than JSON")
        }
        let resources = object["resource_changes"] as? [[String: Any]] ?? []
        var changes: [ResourceChange] = []
        for resource in resources {
            guard let address = resource["address"] as? String,
                  let actions = (resource["change"] as? [String: Any])?["actions"] as? [String],
                  let action = action(actions) else { continue }
            changes.append(ResourceChange(address: address, action: action, inTarget: isInside(address, target: target)))
        }
        return changes
    }

    /// `["no-op"]` is no change; `["delete", "create"]` and `["create", "delete"]` replace.
    private static func action(_ actions: [String]) -> ResourceChange.Action? {
        switch Set(actions) {
        case ["create"]: .create
        case ["update"]: .update
        case ["delete"]: .delete
        case ["read"]: .read
        case ["delete", "create"]: .replace
        default: nil
        }
    }

    /// Whether `address` is the target or inside it (`module.vpc` holds `module.vpc.null_resource.a`
    /// and `module.vpc.module.x…`; `aws_instance.a` holds `aws_instance.a[0]`).
    static func isInside(_ address: String, target: String) -> Bool {
        address == target || address.hasPrefix(target + ".") || address.hasPrefix(target + "[")
    }
}
