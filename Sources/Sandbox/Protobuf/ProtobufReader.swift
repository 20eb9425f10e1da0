import Foundation

/// Reads protobuf wire format: the fields of one message as (number, value) pairs.
struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case bytes(Data)
    }

    struct MalformedMessage: Error {}

    static func fields(_ data: Data) throws -> [(number: Int, value: Value)] {
        var bytes = [UInt8](data)[...]
        var fields: [(Int, Value)] = []
        while !bytes.isEmpty {
            let key = try varint(&bytes)
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: fields.append((number, .varint(try varint(&bytes))))
            case 2:
                guard let length = Int(exactly: try varint(&bytes)), bytes.count >= length else { throw MalformedMessage() }
                fields.append((number, .bytes(Data(bytes.prefix(length)))))
                bytes = bytes.dropFirst(length)
            case 1: bytes = bytes.dropFirst(8)
            case 5: bytes = bytes.dropFirst(4)
            default: throw MalformedMessage()
            }
        }
        return fields
    }

    private static func varint(_ bytes: inout ArraySlice<UInt8>) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = bytes.popFirst() {
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { break }
        }
        throw MalformedMessage()
    }
}
