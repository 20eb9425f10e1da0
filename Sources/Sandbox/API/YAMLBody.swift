import Foundation
import Yams

/// Server-side apply bodies (`application/apply-patch+yaml`) read into JSON values.
enum YAMLBody {
    static func parse(_ data: Data) throws -> JSON {
        let value = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
        return convert(value)
    }

    private static func convert(_ value: Any?) -> JSON {
        switch value {
        case let dictionary as [String: Any]: .object(dictionary.mapValues(convert))
        case let array as [Any]: .array(array.map(convert))
        case let bool as Bool: .bool(bool)
        case let int as Int: .int(int)
        case let double as Double: .double(double)
        case let string as String: .string(string)
        default: .null
        }
    }
}
